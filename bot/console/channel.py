"""The study channel of the simulated server: what the bot posts there (the daily post, a channel quiz and
its results) is printed to the transcript under the channel's name. It is the console's `Publisher`
(bot.services.daily_posts), so the daily post goes through the same ledger as on Discord."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.console import texts
from bot.console.world import World
from bot.services.daily_posts import PublishedMessage
from bot.services.reply import Reply

# Prints a heading line, then the messages (their buttons become the numbered actions everyone can press).
Show = Callable[[str, Sequence[Reply]], None]


@dataclass(frozen=True)
class Printed:
    message_id: int
    channel_id: int
    title: str | None
    at: datetime


@dataclass
class ConsoleChannel:
    world: World
    clock: Callable[[], datetime]
    show: Show = lambda heading, replies: None
    printed: list[Printed] = field(default_factory=list)
    _nonces: dict[str, int] = field(default_factory=dict)

    def _name(self, channel_id: int) -> str:
        found = next((c for c in self.world.channels if c.channel_id == channel_id), None)
        return f"#{found.name}" if found else texts.CHANNEL_GONE.format(channel_id=channel_id)

    def post(self, channel_id: int, replies: Sequence[Reply], heading: str) -> int:
        """Print `replies` as the bot's messages in the channel; the id of the last one."""
        self.show(heading.format(channel=self._name(channel_id)), replies)
        for reply in replies:
            self.printed.append(Printed(len(self.printed) + 1, channel_id, reply.title, self.clock()))
        return len(self.printed)

    # -- the daily post's Publisher ---------------------------------------------------------------------

    async def send(self, channel_id: int, replies: Sequence[Reply], nonce: str) -> int:
        # As Discord's enforced nonce: the same post sent twice (a retry) shows once.
        if nonce in self._nonces:
            return self._nonces[nonce]
        self._nonces[nonce] = self.post(channel_id, replies, texts.CHANNEL_POST)
        return self._nonces[nonce]

    async def recent_messages(self, channel_id: int, since: datetime) -> list[PublishedMessage]:
        return [
            PublishedMessage(p.message_id, p.title)
            for p in self.printed
            if p.channel_id == channel_id and p.at >= since
        ]
