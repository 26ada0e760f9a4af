"""One console session: reads a typed line, finds the command, checks options and permission, calls the
service, prints the replies. Buttons of the last replies are remembered as numbered actions. Time moves
as on Discord: daily posts fire at their scheduled instants (DailyPostService.post_due) and channel quizzes
close at their deadlines, whether the running clock or `/clock` passes them."""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from bot.console import texts
from bot.console.builtins import BUILTINS
from bot.console.channel import ConsoleChannel
from bot.console.clock import SimulatedClock
from bot.console.commands import (
    ActionRoute,
    Caller,
    ConsoleCommand,
    ModalRequest,
    Outcome,
    build_actions,
    build_commands,
)
from bot.console.options import split_line
from bot.console.render import render_reply
from bot.console.terminal import Style, wrap
from bot.console.world import Person, World
from bot.core.schedule import next_run
from bot.discord_app import texts as discord_texts
from bot.services.errors import UserFacingError
from bot.services.reply import Button, Reply, Tone

if TYPE_CHECKING:
    from bot.app import App

# Reads one line after showing the prompt; None at the end of input (Ctrl-D, or the end of a pipe).
ReadLine = Callable[[str], str | None]
MODAL_LINE_PROMPT = "│ "
LETTERS = string.ascii_lowercase


@dataclass
class Terminal:
    out: TextIO
    style: Style
    width: int  # 0: do not wrap

    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()


@dataclass
class Session:
    app: App
    world: World
    clock: SimulatedClock
    terminal: Terminal
    read_line: ReadLine
    person: Person
    files_dir: Path
    commands: tuple[ConsoleCommand, ...] = ()
    actions: tuple[ActionRoute, ...] = ()
    channel: ConsoleChannel | None = None  # the study channel, where the bot's public posts are printed
    pending: list[Button] = field(default_factory=list)  # the buttons a number or letter presses
    pending_public: bool = False  # the buttons are on a channel message: every member can press them
    shown: list[Reply] = field(default_factory=list)  # every reply shown, in order (for comparing adapters)

    @classmethod
    def create(
        cls,
        app: App,
        world: World,
        clock: SimulatedClock,
        terminal: Terminal,
        read_line: ReadLine,
        *,
        person: Person | None = None,
        files_dir: Path | None = None,
    ) -> Session:
        """A session with the full command table; attachments are saved beside the database. The study
        channel becomes the daily post's publisher, as the Discord client is on Discord."""
        channel = ConsoleChannel(world, clock)
        session = cls(
            app,
            world,
            clock,
            terminal,
            read_line,
            person or world.people[0],
            files_dir or app.settings.db_path.parent / "console-files",
            commands=build_commands(app, world, channel),
            actions=build_actions(app, world),
            channel=channel,
        )
        channel.show = session.show_in_channel
        app.daily_posts.attach(channel)
        return session

    # -- output ---------------------------------------------------------------------------------------

    def prompt(self) -> str:
        badge = texts.ORGANIZER_BADGE if self.person.organizer else ""
        return texts.PROMPT.format(name=self.person.name, badge=badge)

    def note(self, text: str) -> None:
        self.terminal.say(wrap(text, self.terminal.width))

    def refuse(self, message: str) -> None:
        """What Discord shows for a refusal: an ephemeral warning with the service's own words."""
        self.show([Reply(body=message, tone=Tone.WARNING)])

    def show_in_channel(self, heading: str, replies: Sequence[Reply]) -> None:
        self.note(self.terminal.style.bold(heading))
        self.show(replies, public=True)

    def show(self, replies: Sequence[Reply], *, public: bool = False) -> None:
        buttons: list[Button] = []
        for reply in replies:
            self.shown.append(reply)
            self.terminal.say(
                render_reply(
                    reply,
                    width=self.terminal.width,
                    style=self.terminal.style,
                    course_folder=self.app.course_folder,
                    button_start=len(buttons) + 1,
                )
            )
            buttons += [button for row in reply.buttons for button in row]
            for attachment in reply.files:
                self._save(attachment.filename, attachment.data)
        if buttons:
            self.pending = buttons
            self.pending_public = public
            self.note(self.terminal.style.dim(texts.BUTTONS_HINT))

    def _save(self, filename: str, data: bytes) -> None:
        target = self.files_dir / Path(filename).name
        try:
            self.files_dir.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            self.note(texts.FILE_NOT_SAVED.format(filename=filename, error=exc.strerror))
            return
        self.note(texts.FILE_SAVED.format(path=target, size=len(data)))

    # -- input ----------------------------------------------------------------------------------------

    def switch_to(self, person: Person) -> None:
        self.person = person
        if not self.pending_public:  # another member sees their own messages, not the last one's
            self.pending = []

    # -- time: what the scheduler and the quiz timers do on Discord ------------------------------------

    async def advance(self, until: datetime) -> None:
        """Move the simulated time to `until`, stopping at each daily post instant (the schedule's next run,
        as the scheduler's cron job fires) and each channel quiz deadline on the way, in time order."""
        guild_id = self.world.guild_id
        moment = self.clock()
        closed: set[int] = set()
        while True:
            events: list[tuple[datetime, int]] = []  # (when, 0 for the daily post or a quiz session id)
            settings = await self.app.db.guilds.get_guild(guild_id)
            if settings.post_time is not None and settings.channel_id is not None and not settings.paused:
                instant = next_run(moment, settings.post_time, ZoneInfo(settings.timezone))
                if instant <= until:
                    events.append((instant, 0))
            events += [
                (quiz.closes_at, quiz.session_id)
                for quiz in await self.app.quizzes.pending_closes()
                if quiz.guild_id == guild_id and quiz.closes_at <= until and quiz.session_id not in closed
            ]
            if not events:
                break
            at, session_id = min(events)
            moment = max(at, moment)
            self.clock.move_to(moment)  # what happens now is stamped with the time it happens at
            if session_id == 0:
                await self.app.daily_posts.post_due(guild_id, moment)
            else:
                closed.add(session_id)
                await self._close_quiz(session_id)
        if until > self.clock():
            self.clock.move_to(until)

    async def _close_quiz(self, session_id: int) -> None:
        results = await self.app.quizzes.close_channel(self.world.guild_id, session_id)
        if results is not None and results.channel_id is not None and self.channel is not None:
            self.channel.post(results.channel_id, [results.reply], texts.CHANNEL_RESULTS)

    async def catch_up(self) -> None:
        """At start, as the bot does once it is connected: today's post if it is due and missing."""
        await self.app.daily_posts.post_due(self.world.guild_id, self.clock())
        await self.advance(self.clock())

    async def deliver_notices(self) -> None:
        """Notices owed to the member (a revoked mission), after their next command, as on Discord."""
        notices = await self.app.missions.take_notices(self.world.guild_id, self.person.user_id, self.world.server_name)
        if notices:
            self.note(texts.NOTICE_FOR.format(name=self.person.name))
            self.show(notices)

    async def welcome(self) -> None:
        self.note(
            texts.WELCOME.format(
                server=self.world.server_name,
                channel=f"#{self.world.study_channel.name}",
                people=self.world.names(),
                name=self.person.name,
            )
        )

    async def run_line(self, line: str) -> bool:
        """Handle one typed line; False when the session should end."""
        line = line.strip()
        if not line:
            return True
        try:
            await self.advance(self.clock())  # deadlines the running clock passed while the member read
            if not line.startswith("/"):
                await self._press(line)
            elif not await self._command(line):
                return False
        except UserFacingError as exc:
            self.refuse(exc.message)
        except Exception as exc:  # a bug must not end the member's session; the message says so
            self.show([Reply(body=texts.UNEXPECTED_ERROR.format(error=type(exc).__name__), tone=Tone.ERROR)])
        words = line[1:].split(maxsplit=1)
        if words and words[0].lower() in BUILTINS and line.startswith("/"):
            return True  # console commands (/as, /clock, /help) are not a use of the bot
        try:
            await self.deliver_notices()
        except Exception as exc:
            self.show([Reply(body=texts.UNEXPECTED_ERROR.format(error=type(exc).__name__), tone=Tone.ERROR)])
        return True

    async def _command(self, line: str) -> bool:
        tokens = split_line(line[1:])
        if not tokens:
            raise UserFacingError(texts.NOT_A_COMMAND)
        head = tokens[0].lower()
        if head in ("quit", "exit"):
            return False
        if head in BUILTINS:
            await BUILTINS[head](self, tokens[1:])
            return True
        command, rest = self._find(tokens)
        options = command.signature.parse(rest)
        if command.organizer and not self.person.organizer:
            raise UserFacingError(discord_texts.ORGANIZER_ONLY)
        await self._deliver(await command.handler(self.app, Caller.of(self.world, self.person), options))
        return True

    def _find(self, tokens: list[str]) -> tuple[ConsoleCommand, list[str]]:
        by_name = {c.name: c for c in self.commands}
        two = " ".join(t.lower() for t in tokens[:2])
        if len(tokens) >= 2 and two in by_name:
            return by_name[two], tokens[2:]
        if tokens[0].lower() in by_name:
            return by_name[tokens[0].lower()], tokens[1:]
        group = tokens[0].lower()
        subs = [c.name.split(" ", 1)[1] for c in self.commands if c.name.startswith(group + " ")]
        typed = "/" + " ".join(tokens[:2])
        if subs:
            raise UserFacingError(texts.UNKNOWN_SUBCOMMAND.format(typed=typed, group=group, choices=", ".join(subs)))
        raise UserFacingError(texts.UNKNOWN_COMMAND.format(typed="/" + tokens[0]))

    async def _deliver(self, outcome: Outcome) -> None:
        if isinstance(outcome, ModalRequest):
            text = self._read_modal(outcome)
            if text is None:
                self.note(texts.MODAL_CANCELLED)
                return
            outcome = await outcome.submit(text)
        self.show([outcome] if isinstance(outcome, Reply) else list(outcome))

    def _read_modal(self, modal: ModalRequest) -> str | None:
        if not modal.multiline:
            self.note(texts.FORM_LINE_PROMPT.format(title=modal.title, label=modal.label, hint=modal.description))
            line = self.read_line(MODAL_LINE_PROMPT)
            text = (line or "").strip()
            return None if not text or text == "/cancel" else text
        return self._read_paragraph(modal)

    def _read_paragraph(self, modal: ModalRequest) -> str | None:
        """Lines until two empty ones in a row (or the end of input). One empty line is not the end:
        what members paste (docker run hello-world) has blank lines of its own."""
        label = f"{modal.label}: {modal.description}" if modal.description else modal.label
        self.note(texts.MODAL_PROMPT.format(title=modal.title, label=label))
        lines: list[str] = []
        while True:
            line = self.read_line(MODAL_LINE_PROMPT)
            if line is None:
                break
            line = line.rstrip("\r\n")
            if not lines and line.strip() == "/cancel":
                return None
            if not line.strip() and (not lines or not lines[-1].strip()):
                if lines:
                    break
                continue  # empty lines before the text are no answer yet
            lines.append(line)
        text = "\n".join(lines).strip("\n")
        return text or None

    async def _press(self, typed: str) -> None:
        if not self.pending:
            raise UserFacingError(texts.NOT_A_COMMAND)
        key = typed.strip().lower().rstrip(".)")
        index = int(key) - 1 if key.isdigit() else (LETTERS.index(key) if len(key) == 1 and key in LETTERS else -1)
        if not 0 <= index < len(self.pending):
            listed = f"1~{len(self.pending)}" + (
                f" 또는 a~{LETTERS[len(self.pending) - 1]}" if len(self.pending) > 1 else ""
            )
            raise UserFacingError(texts.CHOICE_OUT_OF_RANGE.format(typed=typed, choices=listed))
        button = self.pending[index]
        if button.disabled:
            raise UserFacingError(texts.BUTTON_DISABLED.format(label=button.label))
        for route in self.actions:
            match = route.pattern.fullmatch(button.action)
            if match:
                if not self.pending_public:
                    self.pending = []  # an ephemeral message is replaced by what the click answers
                await self._deliver(
                    await route.handler(self.app, Caller.of(self.world, self.person), match.groupdict())
                )
                return
        raise UserFacingError(discord_texts.COMMAND_OUT_OF_DATE)
