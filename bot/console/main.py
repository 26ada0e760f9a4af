"""Builds the console: settings -> the same App the bot builds (with the simulated clock) -> a session."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.app import App, CourseUnavailable
from bot.config import Settings
from bot.console import texts
from bot.console.clock import SimulatedClock
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


async def start_console(settings: Settings, *, as_name: str | None, stdin: TextIO, stdout: TextIO) -> int:
    world = World.default()
    person = world.person(as_name) if as_name else world.people[0]
    if person is None:
        print(texts.MEMBER_UNKNOWN.format(typed=as_name, people=world.names()), file=sys.stderr)
        return 2
    clock = SimulatedClock.resume(settings.db_path)
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
