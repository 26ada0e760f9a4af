"""The daily post's `Publisher` on Discord: send the post's messages with their nonces, read recent ones."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import discord

from bot.core.schedule import part_nonce
from bot.discord_app.render import render
from bot.discord_app.sync import command_ids_of
from bot.services.daily_posts import PublishedMessage, PublishError, SendInterrupted
from bot.services.reply import Reply

HISTORY_LIMIT = 50  # the post is among the bot's latest messages; no need to page through a channel

# What organizers read in /schedule show when a send fails (Discord's JSON error codes).
REASONS = {
    10003: "채널이 삭제됐거나 찾을 수 없어요",
    50001: "봇이 채널에 접근할 수 없어요 (채널 보기 권한)",
    50013: "봇에게 권한이 없어요 (메시지 보내기, 링크 첨부)",
}


def publish_error(exc: discord.HTTPException) -> PublishError:
    # A 5xx or a rate limit may pass in a few minutes; a missing channel or access (403/404) will not today.
    return PublishError(reason_of(exc), retryable=exc.status >= 500 or exc.status == 429)


def reason_of(exc: discord.HTTPException) -> str:
    meaning = REASONS.get(exc.code) or ("디스코드 서버 오류" if exc.status >= 500 else exc.text or "요청 거부")
    return f"{exc.status} {exc.code}: {meaning}"[:300]


class DiscordPublisher:
    def __init__(self, client: discord.Client, course_folder: Path) -> None:
        self.client = client
        self.course_folder = course_folder

    def _channel(self, channel_id: int) -> discord.abc.Messageable:
        found = self.client.get_channel(channel_id)
        if isinstance(found, discord.abc.Messageable):
            return found
        return self.client.get_partial_messageable(channel_id)

    async def send(self, channel_id: int, replies: Sequence[Reply], nonce: str) -> int:
        channel = self._channel(channel_id)
        last: discord.Message | None = None
        for part, reply in enumerate(replies):
            # discord.py sends a nonce with enforce_nonce=true: Discord returns the earlier message instead
            # of posting the same part twice within a few minutes.
            rendered = render(reply, self.course_folder, command_ids_of(self.client))
            try:
                last = await channel.send(nonce=part_nonce(nonce, part), **rendered.kwargs())
            except discord.HTTPException as exc:
                raise publish_error(exc) from exc
            except Exception as exc:
                if self.client.is_closed():  # the bot is stopping: not a delivery failure, the outcome is unknown
                    raise SendInterrupted(str(exc)) from exc
                raise
            if rendered.view is not None:
                # The buttons are DynamicItems registered at start (they outlive this process); discord.py
                # would otherwise keep this throwaway view in memory for every post ever sent.
                rendered.view.stop()
        if last is None:
            raise PublishError("보낼 메시지가 없어요")
        return last.id

    async def recent_messages(self, channel_id: int, since: datetime) -> list[PublishedMessage]:
        channel = self._channel(channel_id)
        me = self.client.user
        found: list[PublishedMessage] = []
        try:
            async for message in channel.history(limit=HISTORY_LIMIT, after=since):
                if me is not None and message.author.id == me.id:
                    title = message.embeds[0].title if message.embeds else None
                    found.append(PublishedMessage(message.id, title))
        except discord.HTTPException as exc:
            raise publish_error(exc) from exc
        return found
