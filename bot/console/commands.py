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
from typing import TYPE_CHECKING

from bot.console import texts
from bot.console.channel import ConsoleChannel
from bot.console.options import ChannelRef, Choice, ConceptRef, Integer, MemberRef, Option, Signature, Text
from bot.console.world import Channel, Person, World
from bot.discord_app import texts as discord_texts
from bot.services import quiz_actions
from bot.services.errors import NotAllowed, NotFound
from bot.services.quizzes import CHANNEL_SECONDS, DEFAULT_CHANNEL_SECONDS, DEFAULT_QUESTIONS, MAX_QUESTIONS
from bot.services.reply import Reply, Tone
from bot.store.rows import MAX_REASON_LENGTH

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
    """A Discord modal with one text field: the console asks for lines until an empty one (a paragraph), or
    for one line."""

    title: str
    label: str
    submit: Callable[[str], Awaitable[Replies]]
    multiline: bool = True  # False: Discord's one-line text input (a typed quiz answer)
    description: str = ""


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


ActionHandler = Callable[["App", Caller, dict[str, str]], Awaitable[Outcome]]


@dataclass(frozen=True)
class ActionRoute:
    """A button's custom id (its `action`) routed back to a service, as a discord.py DynamicItem template."""

    pattern: re.Pattern[str]
    handler: ActionHandler

    @classmethod
    def of(cls, template: str, handler: ActionHandler) -> ActionRoute:
        return cls(re.compile(template), handler)


async def _done(value: Outcome) -> Outcome:
    return value


def _organizer(who: Caller) -> None:
    """The organizer check buttons make on every click (commands are checked by the session)."""
    if not who.organizer:
        raise NotAllowed(discord_texts.ORGANIZER_ONLY)


# -- commands whose Discord side does more than one service call ---------------------------------------


async def _mission_confirm(app: App, who: Caller, _: Options) -> Outcome:
    mission = app.missions.mission_at(0)
    done = await app.missions.done_before(who.guild_id, who.user_id, 0)
    if done is not None:  # nothing to paste (the console may read first; Discord's form must open at once)
        return done

    async def submit(text: str) -> Replies:
        return (await app.missions.confirm(who.guild_id, who.user_id, who.name, mission.id, text)).reply

    # Discord's form stops typing at MAX_EVIDENCE_LENGTH; here the service's own message explains a longer paste.
    return ModalRequest(mission.title, mission.form_label, submit, description=mission.form_description)


def _progress(app: App, who: Caller, opt: Options) -> Awaitable[Outcome]:
    member = opt["member"]
    if isinstance(member, Person):
        return app.progress.member_summary(who.guild_id, member.user_id, member.name)
    return app.progress.member_summary(who.guild_id, who.user_id, who.name)


def _person(value: object) -> Person:
    assert isinstance(value, Person)
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else str(value)


def _int(value: object) -> int:
    assert isinstance(value, int)  # an Integer option, converted by Signature.parse
    return value


async def _mission_verify(app: App, who: Caller, opt: Options) -> Outcome:
    member = _person(opt["member"])
    outcome = await app.missions.verify(who.guild_id, who.user_id, member.user_id, None, display_name=member.name)
    return outcome.reply  # the simulated server has no roles to grant


async def _mission_revoke(app: App, who: Caller, opt: Options) -> Outcome:
    member = _person(opt["member"])
    outcome = await app.missions.revoke(
        who.guild_id, who.user_id, member.user_id, None, str(opt["reason"]), display_name=member.name
    )
    # No DMs here: the stored notice reaches the member the next time they use the bot, as on Discord when
    # their DMs are closed (the session delivers notices before every command).
    return outcome.reply, Reply(body=discord_texts.MISSION_REVOKE_DM_FAILED)


def _schedule_set(world: World) -> Handler:
    async def handler(app: App, who: Caller, opt: Options) -> Outcome:
        channel = opt["channel"]
        assert isinstance(channel, Channel)
        return await app.schedules.set_schedule(
            who.guild_id,
            who.user_id,
            channel_id=channel.channel_id,
            channel_name=channel.name,
            time_text=str(opt["time"]),
            zone_text=_optional_text(opt["timezone"]),
        )

    return handler


def _schedule_show(world: World) -> Handler:
    def label(channel_id: int) -> str:
        found = next((c for c in world.channels if c.channel_id == channel_id), None)
        return f"#{found.name}" if found else discord_texts.SCHEDULE_CHANNEL_DELETED.format(channel_id=channel_id)

    return lambda app, who, _: app.schedules.show(who.guild_id, label)


def _quiz_channel(world: World, channel: ConsoleChannel) -> Handler:
    async def handler(app: App, who: Caller, opt: Options) -> Outcome:
        seconds = _int(opt["seconds"])
        channel_id = world.study_channel.channel_id  # the channel the command was typed in
        quiz = await app.quizzes.start_channel(who.guild_id, channel_id, _optional_text(opt["concept"]), seconds)
        message_id = channel.post(channel_id, [quiz.reply], texts.CHANNEL_QUIZ)
        await app.quizzes.attach_message(who.guild_id, quiz.session_id, message_id)
        # The deadline closes it when the simulated time passes it (see Session.run_due).
        return Reply(body=discord_texts.QUIZ_CHANNEL_POSTED.format(seconds=seconds), tone=Tone.SUCCESS)

    return handler


PERIODS = (
    ("week", discord_texts.PERIOD_WEEK),
    ("month", discord_texts.PERIOD_MONTH),
    ("all", discord_texts.PERIOD_ALL),
)


def build_commands(app: App, world: World, channel: ConsoleChannel | None = None) -> tuple[ConsoleCommand, ...]:
    """Every command of the Discord tree (bot/discord_app/commands), with its options and description."""
    channel = channel or ConsoleChannel(world, app.clock)
    concept = Option("concept", ConceptRef(app.course), description=discord_texts.OPT_CONCEPT)
    quiz_concept = Option("concept", ConceptRef(app.course), required=False, description=discord_texts.OPT_QUIZ_CONCEPT)
    member = Option("member", MemberRef(world), description=discord_texts.OPT_MISSION_MEMBER)
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
        ConsoleCommand(
            "quiz start",
            discord_texts.CMD_QUIZ_START,
            lambda app, who, opt: app.quizzes.start(
                who.guild_id, who.user_id, who.name, _optional_text(opt["concept"]), _int(opt["count"])
            ),
            options=(
                quiz_concept,
                Option(
                    "count",
                    Integer(1, MAX_QUESTIONS),
                    required=False,
                    default=DEFAULT_QUESTIONS,
                    description=discord_texts.OPT_QUIZ_COUNT,
                ),
            ),
        ),
        ConsoleCommand(
            "quiz channel",
            discord_texts.CMD_QUIZ_CHANNEL,
            _quiz_channel(world, channel),
            options=(
                quiz_concept,
                Option(
                    "seconds",
                    Integer(*CHANNEL_SECONDS),
                    required=False,
                    default=DEFAULT_CHANNEL_SECONDS,
                    description=discord_texts.OPT_QUIZ_SECONDS,
                ),
            ),
            organizer=True,
        ),
        ConsoleCommand("mission info", discord_texts.CMD_MISSION_INFO, lambda app, who, _: _done(app.missions.info())),
        ConsoleCommand("mission confirm", discord_texts.CMD_MISSION_CONFIRM, _mission_confirm),
        ConsoleCommand(
            "mission status",
            discord_texts.CMD_MISSION_STATUS,
            lambda app, who, _: app.missions.status(who.guild_id, who.user_id),
        ),
        ConsoleCommand(
            "mission roster",
            discord_texts.CMD_MISSION_ROSTER,
            lambda app, who, _: app.mission_roster.roster(who.guild_id, 0, 0),
            organizer=True,
        ),
        ConsoleCommand(
            "mission verify", discord_texts.CMD_MISSION_VERIFY, _mission_verify, options=(member,), organizer=True
        ),
        ConsoleCommand(
            "mission revoke",
            discord_texts.CMD_MISSION_REVOKE,
            _mission_revoke,
            options=(
                member,
                Option("reason", Text(1, MAX_REASON_LENGTH), description=discord_texts.OPT_MISSION_REASON),
            ),
            organizer=True,
        ),
        ConsoleCommand(
            "progress",
            discord_texts.CMD_PROGRESS,
            _progress,
            options=(
                Option("member", MemberRef(world), required=False, description=discord_texts.OPT_PROGRESS_MEMBER),
            ),
        ),
        ConsoleCommand(
            "leaderboard",
            discord_texts.CMD_LEADERBOARD,
            lambda app, who, opt: app.progress.leaderboard(who.guild_id, str(opt["period"]), user_id=who.user_id),
            options=(
                Option(
                    "period",
                    Choice(PERIODS),
                    required=False,
                    default="week",
                    description=discord_texts.OPT_LEADERBOARD_PERIOD,
                ),
            ),
        ),
        ConsoleCommand(
            "schedule set",
            discord_texts.CMD_SCHEDULE_SET,
            _schedule_set(world),
            options=(
                Option("channel", ChannelRef(world), description=discord_texts.OPT_SCHEDULE_CHANNEL),
                Option("time", Text(1, 20, joins_words=False), description=discord_texts.OPT_SCHEDULE_TIME),
                Option("timezone", Text(1, 64), required=False, description=discord_texts.OPT_SCHEDULE_TIMEZONE),
            ),
            organizer=True,
        ),
        ConsoleCommand("schedule show", discord_texts.CMD_SCHEDULE_SHOW, _schedule_show(world), organizer=True),
        ConsoleCommand(
            "schedule pause",
            discord_texts.CMD_SCHEDULE_PAUSE,
            lambda app, who, _: app.schedules.pause(who.guild_id, who.user_id),
            organizer=True,
        ),
        ConsoleCommand(
            "schedule resume",
            discord_texts.CMD_SCHEDULE_RESUME,
            lambda app, who, _: app.schedules.resume(who.guild_id, who.user_id),
            organizer=True,
        ),
        ConsoleCommand(
            "schedule post-now",
            discord_texts.CMD_SCHEDULE_POST_NOW,
            lambda app, who, _: app.schedules.post_now(who.guild_id, who.user_id),
            organizer=True,
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


# -- buttons: the same templates and service calls as the Discord DynamicItems --------------------------
# (bot/discord_app/quiz_items.py, post_buttons.py, mission_buttons.py)


def _n(values: dict[str, str], name: str) -> int:
    return int(values[name])


async def _type_answer(app: App, who: Caller, v: dict[str, str]) -> Outcome:
    """ "답 입력": checked first, as the Discord button does before it opens the form; then one line."""
    session, position = _n(v, "session"), _n(v, "position")
    await app.quizzes.check_open(who.guild_id, who.user_id, session, position)

    async def submit(text: str) -> Replies:
        return await app.quizzes.answer_text(who.guild_id, who.user_id, who.name, session, position, text)

    return ModalRequest(
        discord_texts.QUIZ_FORM_TITLE.format(number=position + 1),
        discord_texts.QUIZ_FORM_LABEL,
        submit,
        multiline=False,
        description=discord_texts.QUIZ_FORM_PLACEHOLDER,
    )


async def _show_concept(app: App, who: Caller, v: dict[str, str]) -> Outcome:
    index = _n(v, "concept")
    if index >= len(app.course.concepts):
        raise NotFound(discord_texts.QUIZ_CONCEPT_GONE)
    return await app.concepts.show(who.guild_id, who.user_id, who.name, app.course.concepts[index].id)


async def _channel_close(app: App, who: Caller, v: dict[str, str]) -> Outcome:
    _organizer(who)
    results = await app.quizzes.close_channel(who.guild_id, _n(v, "session"))
    if results is None:
        raise NotAllowed(discord_texts.QUIZ_CHANNEL_ALREADY_CLOSED)
    return results.reply


async def _roster_page(app: App, who: Caller, v: dict[str, str]) -> Outcome:
    _organizer(who)
    return await app.mission_roster.roster(who.guild_id, _n(v, "index"), _n(v, "page"))


async def _review_queue(app: App, who: Caller, v: dict[str, str]) -> Outcome:
    _organizer(who)
    return await app.mission_roster.review(who.guild_id, _n(v, "index"), _n(v, "position"))


async def _verify_button(app: App, who: Caller, v: dict[str, str]) -> Outcome:
    _organizer(who)
    mission = app.missions.mission_at(_n(v, "index"))
    outcome = await app.missions.verify(
        who.guild_id, who.user_id, _n(v, "user"), mission.id, next_review=_n(v, "position")
    )
    return outcome.reply


def build_actions(app: App, world: World) -> tuple[ActionRoute, ...]:
    a = quiz_actions
    return (
        ActionRoute.of(
            a.ANSWER_TEMPLATE,
            lambda app, who, v: app.quizzes.answer_key(
                who.guild_id, who.user_id, who.name, _n(v, "session"), _n(v, "position"), v["key"]
            ),
        ),
        ActionRoute.of(a.TYPE_TEMPLATE, _type_answer),
        ActionRoute.of(
            a.NEXT_TEMPLATE,
            lambda app, who, v: app.quizzes.question(who.guild_id, who.user_id, _n(v, "session"), _n(v, "position")),
        ),
        ActionRoute.of(
            a.STOP_TEMPLATE, lambda app, who, v: app.quizzes.stop(who.guild_id, who.user_id, _n(v, "session"))
        ),
        ActionRoute.of(
            a.RESULTS_TEMPLATE, lambda app, who, v: app.quizzes.results(who.guild_id, who.user_id, _n(v, "session"))
        ),
        ActionRoute.of(a.SHOW_CONCEPT_TEMPLATE, _show_concept),
        ActionRoute.of(
            a.CONCEPT_QUIZ_TEMPLATE,
            lambda app, who, v: app.quizzes.start_on_concept(who.guild_id, who.user_id, who.name, _n(v, "concept")),
        ),
        ActionRoute.of(
            a.CHANNEL_ANSWER_TEMPLATE,
            lambda app, who, v: app.quizzes.answer_channel(
                who.guild_id, who.user_id, who.name, _n(v, "session"), v["key"]
            ),
        ),
        ActionRoute.of(a.CHANNEL_CLOSE_TEMPLATE, _channel_close),
        ActionRoute.of(
            r"post:read:(?P<index>[0-9]{1,4})",
            lambda app, who, v: app.daily_posts.record_read(who.guild_id, who.user_id, who.name, _n(v, "index")),
        ),
        ActionRoute.of(
            r"mission:review:(?P<index>\d{1,2})",
            lambda app, who, v: app.missions.request_review(who.guild_id, who.user_id, who.name, _n(v, "index")),
        ),
        ActionRoute.of(r"mission:roster:(?P<index>\d{1,2}):(?P<page>\d{1,4})", _roster_page),
        ActionRoute.of(r"mission:pending:(?P<index>\d{1,2}):(?P<position>\d{1,5})", _review_queue),
        ActionRoute.of(r"mission:verify:(?P<index>\d{1,2}):(?P<user>\d{1,20}):(?P<position>\d{1,5})", _verify_button),
    )
