"""The console is an adapter over the services: it loads no chat platform, and of the Discord adapter
only its texts (the refusal and the command descriptions both adapters show)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_layers import BOT, imported_modules


def adapter_imports(path: Path) -> set[str]:
    """bot.discord_app modules a file imports, `from bot.discord_app import texts` counted as ….texts."""
    found = {m for m in imported_modules(path) if m.startswith("bot.discord_app.")}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.discord_app":
            found.update(f"bot.discord_app.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted((BOT / "console").rglob("*.py")), ids=lambda p: p.name)
def test_console_imports_no_platform_and_only_the_discord_texts(path: Path) -> None:
    for module in imported_modules(path):
        assert module.split(".")[0] not in {"discord", "apscheduler", "aiohttp"}, f"{path.name} imports {module}"
    assert adapter_imports(path) <= {"bot.discord_app.texts"}, path.name


def test_starting_the_console_loads_no_discord() -> None:
    code = "import sys, bot.console.main; print(sorted(m for m in ('discord', 'apscheduler') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
