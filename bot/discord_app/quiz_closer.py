"""Channel quiz deadlines: one asyncio timer per open channel quiz, re-armed from the database at start.

A quiz whose deadline passed while the bot was down closes as soon as the bot has logged in. Closing is
guarded in the database (`close_quiz_session` is true for one caller only), so a timer, the organizer's
button and a second start can race without posting results twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

import discord

from bot.discord_app.render import render
from bot.discord_app.sync import command_ids_of
from bot.discord_app.updates import edit_kwargs
from bot.services.quizzes import ChannelResults, QuizService
from bot.store.engine import Clock

log = logging.getLogger("studybot.quiz")
Sleep = Callable[[float], Awaitable[None]]


class ChannelQuizCloser:
    def __init__(
        self, client: discord.Client, quizzes: QuizService, *, clock: Clock, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.client = client
        self.quizzes = quizzes
        self.clock = clock
        self.sleep = sleep
        self._timers: dict[int, asyncio.Task[None]] = {}

    @property
    def pending(self) -> set[int]:
        """Sessions with a running timer."""
        return set(self._timers)

    def arm(self, guild_id: int, session_id: int, closes_at: datetime) -> None:
        if session_id in self._timers:
            return
        task = asyncio.create_task(self._close_at(guild_id, session_id, closes_at), name=f"quiz-close-{session_id}")
        self._timers[session_id] = task
        task.add_done_callback(lambda _: self._timers.pop(session_id, None))

    async def restore(self) -> int:
        """Re-arm the timers of every channel quiz still open; overdue ones close right away."""
        pending = await self.quizzes.pending_closes()
        for quiz in pending:
            self.arm(quiz.guild_id, quiz.session_id, quiz.closes_at)
        if pending:
            log.info("re-armed %d channel quiz timer(s)", len(pending))
        return len(pending)

    def cancel(self, session_id: int) -> None:
        task = self._timers.pop(session_id, None)
        if task is not None:
            task.cancel()

    async def stop(self) -> None:
        tasks = list(self._timers.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _close_at(self, guild_id: int, session_id: int, closes_at: datetime) -> None:
        delay = (closes_at - self.clock()).total_seconds()
        if delay > 0:
            await self.sleep(delay)
        try:
            results = await self.quizzes.close_channel(guild_id, session_id)
            if results is not None:
                await self.publish(results)
        except Exception:
            log.exception("closing channel quiz %s of guild %s failed", session_id, guild_id)

    async def publish(self, results: ChannelResults) -> None:
        """Edit the results into the quiz message (its buttons disabled); if that message is gone, post them."""
        if results.channel_id is None:
            return
        channel = self.client.get_partial_messageable(results.channel_id, guild_id=results.guild_id)
        rendered = render(results.reply, command_ids=command_ids_of(self.client))
        if results.message_id is not None:
            try:
                await channel.get_partial_message(results.message_id).edit(**edit_kwargs(rendered))
                return
            except discord.HTTPException as exc:
                log.warning(
                    "cannot edit channel quiz %s (%s); posting the results instead", results.session_id, exc.status
                )
        try:
            await channel.send(**rendered.kwargs())
        except discord.HTTPException as exc:
            log.warning("cannot post the results of channel quiz %s (%s)", results.session_id, exc.status)


def closer_of(interaction: discord.Interaction) -> ChannelQuizCloser:
    """The running client's closer (StudyBotClient.quiz_closer), without importing the client module."""
    closer = getattr(interaction.client, "quiz_closer", None)
    if not isinstance(closer, ChannelQuizCloser):
        raise RuntimeError("the Discord client has no channel quiz closer (StudyBotClient.quiz_closer)")
    return closer
