"""The console's own commands, which have no Discord counterpart: /help, /as NAME, /clock [WHEN]."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.console import texts
from bot.console.clock import SimulatedClock, parse_target
from bot.console.commands import ConsoleCommand
from bot.console.world import Person, World
from bot.services.errors import UserFacingError
from bot.services.reply import Field, Reply

if TYPE_CHECKING:
    from bot.app import App


class Session(Protocol):
    """What the built-in commands need of the session (bot.console.session.Session), which imports them."""

    app: App
    world: World
    person: Person
    clock: SimulatedClock
    commands: tuple[ConsoleCommand, ...]

    def show(self, replies: Sequence[Reply], *, public: bool = False) -> None: ...

    def note(self, text: str) -> None: ...

    def switch_to(self, person: Person) -> None: ...

    async def advance(self, until: datetime) -> None: ...


WEEKDAYS = "월화수목금토일"
CONSOLE_COMMANDS = (
    ("/as 이름", texts.CMD_AS),
    ("/clock [+1d | +2h | 2026-12-03 09:00]", texts.CMD_CLOCK),
    ("/help", texts.CMD_HELP),
    ("/quit", texts.CMD_QUIT),
)


def _listed(commands: Sequence[ConsoleCommand]) -> str:
    return "\n".join(f"• {c.signature.usage()} — {c.description}" for c in commands)


async def show_help(session: Session, _: list[str]) -> None:
    members = [c for c in session.commands if not c.organizer]
    organizers = [c for c in session.commands if c.organizer]
    fields = [Field(texts.HELP_MEMBER, _listed(members))]
    if organizers:
        fields.append(Field(texts.HELP_ORGANIZER, _listed(organizers)))
    fields.append(Field(texts.HELP_CONSOLE, "\n".join(f"• {usage} — {text}" for usage, text in CONSOLE_COMMANDS)))
    session.show([Reply(title=texts.HELP_TITLE, fields=tuple(fields), footer=texts.HELP_FOOTER)])


async def switch_member(session: Session, args: list[str]) -> None:
    if not args:
        raise UserFacingError(texts.AS_WHO.format(people=session.world.names()))
    person = session.world.person(" ".join(args))
    if person is None:
        raise UserFacingError(texts.MEMBER_UNKNOWN.format(typed=" ".join(args), people=session.world.names()))
    if person == session.person:
        session.note(texts.AS_SAME.format(name=person.name))
        return
    session.switch_to(person)
    badge = texts.ORGANIZER_BADGE if person.organizer else ""
    session.note(texts.AS_SWITCHED.format(name=person.name, badge=badge))


async def move_clock(session: Session, args: list[str]) -> None:
    """Show the simulated time, or move it forward and run what was due in between (daily posts)."""
    zone = await session.app.db.guilds.guild_zone(session.world.guild_id)
    before = session.clock()

    def shown(moment: datetime) -> str:
        local = moment.astimezone(zone)
        return f"{local:%Y-%m-%d}({WEEKDAYS[local.weekday()]}) {local:%H:%M}"

    if not args:
        session.note(texts.CLOCK_NOW.format(now=shown(before), zone=zone.key))
        return
    typed = " ".join(args)
    target = parse_target(typed, before, zone)
    if target is None:
        raise UserFacingError(texts.CLOCK_USAGE.format(typed=typed))
    if target < before:
        raise UserFacingError(texts.CLOCK_BACKWARDS.format(now=shown(before)))
    session.note(texts.CLOCK_MOVED.format(before=shown(before), now=shown(target), zone=zone.key))
    await session.advance(target)  # the daily posts and quiz deadlines on the way, in order
    session.clock.save(session.app.settings.db_path)


BUILTINS: dict[str, Callable[[Session, list[str]], Awaitable[None]]] = {
    "help": show_help,
    "as": switch_member,
    "clock": move_clock,
}
