"""The Discord client: minimum intents, the command tree, sync on change, heartbeat while connected."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from typing import TYPE_CHECKING

import discord
import yarl
from discord import app_commands

from bot.discord_app.commands.concept import ConceptCommands
from bot.discord_app.commands.mission import MissionCommands
from bot.discord_app.commands.progress import progress_commands
from bot.discord_app.commands.quiz import QuizCommands
from bot.discord_app.commands.schedule import ScheduleCommands
from bot.discord_app.commands.study import StudyCommands
from bot.discord_app.errors import on_tree_error
from bot.discord_app.mission_buttons import DYNAMIC_ITEMS as MISSION_ITEMS
from bot.discord_app.mission_form import on_evidence_submit
from bot.discord_app.post_buttons import ReadButton
from bot.discord_app.publisher import DiscordPublisher
from bot.discord_app.quiz_closer import ChannelQuizCloser, Sleep
from bot.discord_app.quiz_items import QUIZ_ITEMS, route_typed_answer
from bot.discord_app.sync import sync_if_changed
from bot.health import HEARTBEAT_SECONDS, clear_heartbeat, write_heartbeat
from bot.scheduler import DailyScheduler

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger("studybot.discord")


def minimum_intents() -> discord.Intents:
    """Guilds only: channels and roles for posting and organizer checks. No message content and no
    privileged members intent: members reach us through their interactions."""
    return discord.Intents(guilds=True)


def point_discord_at(api_base: str, gateway: str) -> None:
    """REST and gateway URLs (a REST proxy, or the project's fake Discord in tests)."""
    discord.http.Route.BASE = api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)


def settle_heap() -> None:
    """Once the bot is ready: what is alive now (discord.py's guild and member cache, the course, the modules)
    lives as long as the process, so it is moved out of the collector's reach (gc.freeze), keeping the full
    collections, which stop every thread, short: bench a measured gen-2 pauses of up to 208 ms at 20 interactions
    in flight, halved by this. And the young generation is collected every 50,000 allocations instead of 700:
    an interaction's objects (discord.py builds reference cycles) then die young instead of being promoted while
    still in flight, which is what made full collections frequent (bench a, 20 in flight: p99 129 -> 34 ms).
    Once per process: on_ready comes again after a reconnect."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.set_threshold(50_000, 20, 10)


class StudyBotClient(discord.Client):
    def __init__(
        self,
        app: App,
        *,
        guild_ready_timeout: float = 2.0,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        sleep: Sleep = asyncio.sleep,  # how channel quiz timers wait (tests pass a fake clock's)
        settle_heap_when_ready: bool = False,  # the bot's own process only (runner): it tunes the whole process
    ) -> None:
        super().__init__(intents=minimum_intents(), guild_ready_timeout=guild_ready_timeout)
        self.app = app
        self.heartbeat_seconds = heartbeat_seconds
        self.settle_heap_when_ready = settle_heap_when_ready
        # Every command is for a server: Discord offers none of them in DMs (allowed contexts: guild).
        self.tree: app_commands.CommandTree[StudyBotClient] = app_commands.CommandTree(
            self, allowed_contexts=app_commands.AppCommandContext(guild=True)
        )
        self.tree.on_error = on_tree_error  # type: ignore[method-assign]
        self.tree.add_command(ConceptCommands(app))
        self.tree.add_command(StudyCommands(app))
        self.tree.add_command(MissionCommands(app))
        self.tree.add_command(QuizCommands(app))
        self.tree.add_command(ScheduleCommands(app))
        self.quiz_closer = ChannelQuizCloser(self, app.quizzes, clock=app.db.clock, sleep=sleep)
        for command in progress_commands(app):
            self.tree.add_command(command)
        self.command_ids: dict[str, int] = {}  # top-level name -> id, for clickable command mentions
        self._heartbeat: asyncio.Task[None] | None = None
        self.synced = asyncio.Event()
        # The daily post: sent through this client, timed by the scheduler (started once ready).
        self.scheduler = DailyScheduler(app.daily_posts, app.db.guilds, app.clock)
        app.daily_posts.attach(DiscordPublisher(self, app.course_folder))
        app.schedules.listener = self.scheduler
        app.daily_posts.listener = self.scheduler

    async def setup_hook(self) -> None:
        self.add_dynamic_items(*MISSION_ITEMS)
        try:
            self.command_ids = await sync_if_changed(
                self.tree, self.app.db.guilds, self.app.settings.dev_guild, self.application_id
            )
        except discord.HTTPException as exc:
            # The commands Discord already has keep working; the next start tries again (no hash was saved).
            log.error(
                "command sync failed (%s %s): %s. Check that the bot was invited with the applications.commands "
                "scope%s",
                exc.status,
                exc.code,
                exc.text,
                " and is in STUDYBOT_DEV_GUILD" if self.app.settings.dev_guild else "",
            )
        self.add_dynamic_items(ReadButton, *QUIZ_ITEMS)
        try:
            await self.quiz_closer.restore()
        except Exception:
            log.exception("cannot re-arm the channel quiz timers; open channel quizzes close at the next start")
        self.synced.set()
        self._heartbeat = asyncio.create_task(self._beat(), name="studybot-heartbeat")

    async def on_ready(self) -> None:
        user = self.user
        log.info("connected as %s (id %s) to %d server(s)", user, user.id if user else "?", len(self.guilds))
        try:
            write_heartbeat(self.app.settings.health_file)
        except OSError as exc:
            log.warning("cannot write the health file %s: %s", self.app.settings.health_file, exc.strerror)
        await self.scheduler.start()  # once per process: jobs from the database, then the catch-up
        if self.settle_heap_when_ready:
            settle_heap()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        # Forms (typed quiz answers, mission evidence) are routed by custom id without in-memory state, like
        # the DynamicItem buttons, so that a restart loses none. Each router ignores the others' ids.
        await route_typed_answer(interaction)
        await on_evidence_submit(interaction)

    def is_connected(self) -> bool:
        return self.is_ready() and not self.is_closed() and self.ws is not None and self.ws.open

    async def _beat(self) -> None:
        path = self.app.settings.health_file
        while not self.is_closed():
            if self.is_connected():
                try:
                    write_heartbeat(path)
                except OSError as exc:
                    log.warning("cannot write the health file %s: %s", path, exc.strerror)
            await asyncio.sleep(self.heartbeat_seconds)

    async def close(self) -> None:
        await self.scheduler.shutdown()  # no post may start while the gateway goes away
        await self.quiz_closer.stop()
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._heartbeat
        clear_heartbeat(self.app.settings.health_file)
        await super().close()
