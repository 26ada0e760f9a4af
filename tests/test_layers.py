"""The layering of design.md, enforced: the core is pure, services know no platform."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def files(folder: str) -> list[Path]:
    return sorted((BOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", files("core"), ids=lambda p: p.name)
def test_core_imports_only_the_standard_library_yaml_and_itself(path: Path) -> None:
    allowed_third_party = {"yaml"}
    for module in imported_modules(path):
        top = module.split(".")[0]
        if top == "bot":
            assert module.startswith("bot.core"), f"{path.name} imports {module}"
        else:
            assert top in sys.stdlib_module_names or top in allowed_third_party, f"{path.name} imports {module}"


@pytest.mark.parametrize("path", files("services"), ids=lambda p: p.name)
def test_services_import_no_platform_and_no_adapter(path: Path) -> None:
    for module in imported_modules(path):
        assert module.split(".")[0] not in {"discord", "apscheduler", "aiohttp"}, f"{path.name} imports {module}"
        assert not module.startswith(("bot.discord_app", "bot.console", "bot.cli")), f"{path.name} imports {module}"


@pytest.mark.parametrize("path", files("store"), ids=lambda p: p.name)
def test_store_knows_no_services_or_adapters(path: Path) -> None:
    for module in imported_modules(path):
        assert module.split(".")[0] != "discord", f"{path.name} imports {module}"
        assert not module.startswith(("bot.services", "bot.discord_app", "bot.console")), (
            f"{path.name} imports {module}"
        )
