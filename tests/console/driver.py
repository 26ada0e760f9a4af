"""Drive the console in this process: type lines, read what a member reads, and keep the neutral replies.

`ConsoleDriver` is the helper for comparing adapters: run a history through the console and through the
fake Discord (tests/discord_app) and compare the facts both show (concept of the day, marks, scores)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.app import App
from bot.config import Settings
from bot.console.clock import SimulatedClock
from bot.console.commands import ActionRoute
from bot.console.session import Session, Terminal
from bot.console.terminal import Style
from bot.console.world import World
from bot.services.reply import Reply


@dataclass
class ConsoleDriver:
    session: Session
    out: io.StringIO
    queued: list[str] = field(default_factory=list)  # lines a modal will read

    async def type(self, line: str, *then: str) -> str:
        """Type `line` (and give `then` to any prompt it opens); return what the terminal printed for it."""
        self.queued = list(then)
        start = self.out.tell()
        await self.session.run_line(line)
        self.out.seek(start)
        text = self.out.read()
        assert not self.queued, f"lines left unread: {self.queued}"
        return text

    def read(self, prompt: str) -> str | None:
        if not self.queued:
            return None
        line = self.queued.pop(0)
        self.out.write(f"{prompt}{line}\n")
        return line

    @property
    def replies(self) -> list[Reply]:
        return self.session.shown


@contextlib.asynccontextmanager
async def console(
    tmp_path: Path,
    start: datetime,
    *,
    as_name: str = "민지",
    width: int = 0,
    actions: tuple[ActionRoute, ...] | None = None,
    env: dict[str, str] | None = None,
) -> AsyncIterator[ConsoleDriver]:
    """A console session over a fresh database in tmp_path, with time standing at `start` until /clock."""
    world = World.default()
    settings = Settings.from_env({"STUDYBOT_DB": str(tmp_path / "console.db"), **(env or {})})
    clock = SimulatedClock(start, monotonic=lambda: 0.0)
    app = await App.build(settings, clock=clock)
    out = io.StringIO()
    driver: ConsoleDriver | None = None

    def read(prompt: str) -> str | None:
        assert driver is not None
        return driver.read(prompt)

    person = world.person(as_name)
    session = Session.create(app, world, clock, Terminal(out, Style(False), width), read, person=person)
    if actions is not None:
        session.actions = actions
    driver = ConsoleDriver(session, out)
    try:
        yield driver
    finally:
        await app.close()
