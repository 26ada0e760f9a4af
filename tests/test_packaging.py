"""The installed package finds its bundled courses wherever it runs from (the container installs it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]


def installed_location(cwd: Path) -> tuple[Path, Path]:
    done = subprocess.run(
        [sys.executable, "-c", "import bot, bot.config; print(bot.__file__); print(bot.config.default_content_dir())"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    package, content = done.stdout.splitlines()
    return Path(package).parent, Path(content)


def test_check_passes_from_an_unrelated_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ docker-basics" in done.stdout


def test_every_subpackage_and_course_file_is_installed(tmp_path: Path) -> None:
    package, content = installed_location(tmp_path)
    assert (content / "docker-basics" / "course.yaml").is_file()
    if package == CHECKOUT / "bot":
        return  # running from the checkout itself: nothing was packaged to compare
    wanted = {p.parent.relative_to(CHECKOUT / "bot") for p in (CHECKOUT / "bot").rglob("__init__.py")}
    missing = [str(w) for w in wanted if not (package / w / "__init__.py").is_file()]
    assert missing == [], f"add these to [tool.setuptools] packages in pyproject.toml: {missing}"
    migrations = sorted(p.name for p in (CHECKOUT / "bot" / "store" / "migrations").glob("*.sql"))
    assert sorted(p.name for p in (package / "store" / "migrations").glob("*.sql")) == migrations
    shipped = sorted(p.name for p in (CHECKOUT / "content" / "docker-basics").iterdir())
    assert sorted(p.name for p in (content / "docker-basics").iterdir()) == shipped
