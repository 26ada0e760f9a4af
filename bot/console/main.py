"""Builds the console: settings -> the same App the bot builds (with the simulated clock) -> a session."""

from __future__ import annotations

import re
import sys
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.app import App, CourseUnavailable
from bot.config import ConfigError, Settings
from bot.console import texts
from bot.console.clock import SimulatedClock, parse_target
from bot.console.repl import (
    completion_words,
    interactive_reader,
    line_editing,
    piped_reader,
    run_session,
    terminal_width,
)
from bot.console.session import Session, Terminal
from bot.console.terminal import Style
from bot.console.world import World
from bot.store import StoreError


def starting_clock(settings: Settings, at: str | None) -> SimulatedClock:
    """The saved simulated time (or now); `--at` starts elsewhere, never before what the database has seen."""
    if at is None:
        return SimulatedClock.resume(settings.db_path)
    zone = ZoneInfo(settings.timezone)
    saved = SimulatedClock.saved(settings.db_path)
    start = parse_target(at, saved or datetime.now(zone), zone)
    if start is None or not re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2})?", at.strip()):
        raise ConfigError(texts.AT_USAGE.format(typed=at))
    if saved is not None and start < saved:
        raise ConfigError(texts.AT_BEFORE_SAVED.format(saved=f"{saved.astimezone(zone):%Y-%m-%d %H:%M}"))
    return SimulatedClock(start)


async def start_console(
    settings: Settings, *, as_name: str | None, stdin: TextIO, stdout: TextIO, at: str | None = None
) -> int:
    world = World.default()
    person = world.person(as_name) if as_name else world.people[0]
    if person is None:
        print(texts.MEMBER_UNKNOWN.format(typed=as_name, people=world.names()), file=sys.stderr)
        return 2
    clock = starting_clock(settings, at)
    try:
        app = await App.build(settings, clock=clock)
    except (CourseUnavailable, StoreError) as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    try:
        interactive = stdin.isatty() and stdout.isatty()
        terminal = Terminal(stdout, Style.for_stream(stdout), terminal_width(stdout))
        reader = interactive_reader() if interactive else piped_reader(stdin, stdout)
        session = Session.create(app, world, clock, terminal, reader, person=person)
        if interactive:
            history = settings.db_path.with_name(settings.db_path.name + ".history")
            with line_editing(history, lambda: completion_words(session)):
                await run_session(session)
        else:
            await run_session(session)
    finally:
        await app.close()
    return 0
