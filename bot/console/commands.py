"""The console's command table: the Discord command names and options, each calling the same service
method as the Discord adapter. No logic lives here, only translation.

Adding a command is one entry in `build_commands` (and a button is one entry in `build_actions`):

    ConsoleCommand(
        "quiz start", discord_texts.CMD_QUIZ_START,
        lambda app, who, opt: app.quizzes.start(who.guild_id, who.user_id, who.name, opt["concept"], opt["count"]),
        options=(Option("concept", ConceptRef(app.course), required=False), Option("count", Integer(1, 10), False, 5)),
    ),
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.console import texts
from bot.console.options import Choice, ConceptRef, MemberRef, Option, Signature
from bot.console.world import Person, World
from bot.discord_app import texts as discord_texts
from bot.services.reply import Reply

if TYPE_CHECKING:
    from bot.app import App


@dataclass(frozen=True)
class Caller:
    """Who typed the command, in the form the services take (as bot.discord_app.context gives it)."""

    guild_id: int
    user_id: int
    name: str
    organizer: bool

    @classmethod
    def of(cls, world: World, person: Person) -> Caller:
        return cls(world.guild_id, person.user_id, person.name, person.organizer)


Replies = Reply | Sequence[Reply]


@dataclass(frozen=True)
class ModalRequest:
    """A Discord modal with one paragraph field: the console asks for lines until an empty one."""

    title: str
    label: str
    submit: Callable[[str], Awaitable[Replies]]


Outcome = Replies | ModalRequest
Options = dict[str, object]
Handler = Callable[["App", Caller, Options], Awaitable[Outcome]]


@dataclass(frozen=True)
class ConsoleCommand:
    name: str  # as on Discord: "concept show", "progress"
    description: str
    handler: Handler
    options: tuple[Option, ...] = ()
    organizer: bool = False  # the bot's own organizer check, with Discord's refusal text

    @property
    def signature(self) -> Signature:
        return Signature(self.name, self.options)


@dataclass(frozen=True)
class ActionRoute:
    """A button's custom id (its `action`) routed back to a service, as a discord.py DynamicItem template."""

    pattern: re.Pattern[str]
    handler: Callable[[App, Caller, re.Match[str]], Awaitable[Outcome]]


# Run after `/clock` moves the time, with (app, world, before, after): where due daily posts will fire.
ClockJob = Callable[["App", World, datetime, datetime], Awaitable[Sequence[Reply]]]


async def _done(value: Outcome) -> Outcome:
    return value


def _mission_confirm(app: App, who: Caller, _: Options) -> Awaitable[Outcome]:
    async def submit(text: str) -> Replies:
        return (await app.missions.confirm(who.guild_id, who.user_id, who.name, None, text)).reply

    # Discord's modal stops typing at MAX_EVIDENCE_LENGTH; here the service's own message explains a longer paste.
    return _done(ModalRequest(texts.MODAL_MISSION_TITLE, texts.MODAL_MISSION_LABEL, submit))


def _progress(app: App, who: Caller, opt: Options) -> Awaitable[Outcome]:
    member = opt["member"]
    if isinstance(member, Person):
        return app.progress.member_summary(who.guild_id, member.user_id, member.name)
    return app.progress.member_summary(who.guild_id, who.user_id, who.name)


PERIODS = (("week", texts.PERIOD_WEEK), ("month", texts.PERIOD_MONTH), ("all", texts.PERIOD_ALL))


def build_commands(app: App, world: World) -> tuple[ConsoleCommand, ...]:
    concept = Option("concept", ConceptRef(app.course), description=discord_texts.OPT_CONCEPT)
    return (
        ConsoleCommand(
            "concept today",
            discord_texts.CMD_CONCEPT_TODAY,
            lambda app, who, _: app.concepts.today(who.guild_id, who.user_id, who.name),
        ),
        ConsoleCommand(
            "concept show",
            discord_texts.CMD_CONCEPT_SHOW,
            lambda app, who, opt: app.concepts.show(who.guild_id, who.user_id, who.name, str(opt["concept"])),
            options=(concept,),
        ),
        ConsoleCommand(
            "concept list",
            discord_texts.CMD_CONCEPT_LIST,
            lambda app, who, _: app.concepts.listing(who.guild_id, who.user_id),
        ),
        ConsoleCommand("mission info", texts.CMD_MISSION_INFO, lambda app, who, _: _done(app.missions.info())),
        ConsoleCommand("mission confirm", texts.CMD_MISSION_CONFIRM, _mission_confirm),
        ConsoleCommand(
            "mission status",
            texts.CMD_MISSION_STATUS,
            lambda app, who, _: app.missions.status(who.guild_id, who.user_id),
        ),
        ConsoleCommand(
            "progress",
            texts.CMD_PROGRESS,
            _progress,
            options=(Option("member", MemberRef(world), required=False, description=texts.OPT_MEMBER),),
        ),
        ConsoleCommand(
            "leaderboard",
            texts.CMD_LEADERBOARD,
            lambda app, who, opt: app.progress.leaderboard(who.guild_id, str(opt["period"])),
            options=(Option("period", Choice(PERIODS), required=False, default="week", description=texts.OPT_PERIOD),),
        ),
        ConsoleCommand(
            "study report",
            discord_texts.CMD_STUDY_REPORT,
            lambda app, who, _: app.progress.group_report(who.guild_id),
            organizer=True,
        ),
        ConsoleCommand(
            "study export",
            discord_texts.CMD_STUDY_EXPORT,
            lambda app, who, _: app.exports.export_reply(who.guild_id, who.user_id),
            organizer=True,
        ),
    )


def build_actions(app: App, world: World) -> tuple[ActionRoute, ...]:
    """Buttons the console can press. The daily post (`post:`), quizzes (`quiz:`) and the mission roster
    (`mission:`) add their routes here when they land, with the same templates as their DynamicItems."""
    return ()


def build_clock_jobs(app: App, world: World) -> tuple[ClockJob, ...]:
    """What runs when simulated time moves: the daily post job joins here with the scheduler's policy."""
    return ()
