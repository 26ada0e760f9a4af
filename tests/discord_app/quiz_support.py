"""Quiz tests through the real client: a clock the test moves (channel quiz deadlines without real
waiting), the bot built on it, and small readers of what a member sees."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import App
from bot.config import Settings
from bot.core.course import Course
from bot.discord_app.client import StudyBotClient
from tests.discord_app.conftest import TOKEN, RunningBot, bot_env
from tests.fakediscord import FakeDiscord, Guild
from tests.fakediscord.client import point_discord_at, running_client
from tests.store.support import FakeClock

EPHEMERAL = 64


class SteppingClock(FakeClock):
    """A FakeClock whose `sleep` returns once the test has advanced the clock far enough."""

    def __init__(self, start: datetime) -> None:
        super().__init__(start)
        self._moved: asyncio.Event | None = None

    def _event(self) -> asyncio.Event:
        if self._moved is None:
            self._moved = asyncio.Event()
        return self._moved

    async def sleep(self, seconds: float) -> None:
        until = self.now + timedelta(seconds=seconds)
        while self.now < until:
            event = self._event()
            await event.wait()

    def advance(self, **delta: float) -> datetime:
        moved = super().advance(**delta)
        event, self._moved = self._event(), None
        event.set()
        return moved


@contextlib.asynccontextmanager
async def running_quiz_bot(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock, course: Course | None = None
) -> AsyncIterator[RunningBot]:
    """Like conftest.running_bot, with the database and the channel quiz timers on `clock`."""
    settings = Settings.from_env(bot_env(fake, tmp_path))
    app = await App.build(settings, course, clock=clock)
    client = StudyBotClient(app, guild_ready_timeout=0.1, sleep=clock.sleep)
    try:
        with point_discord_at(fake):
            async with running_client(client, TOKEN) as task:
                await asyncio.wait_for(client.synced.wait(), 5)
                yield RunningBot(fake, client, app, task)
    finally:
        await app.close()


def card(message: dict[str, Any]) -> dict[str, Any]:
    assert message["embeds"], message
    embed: dict[str, Any] = message["embeds"][0]
    return embed


def fields(message: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in card(message).get("fields", [])}


def buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, custom_id) of every button, row by row."""
    return [(c["label"], c["custom_id"]) for row in message["components"] for c in row["components"]]


def button_id(message: dict[str, Any], label: str) -> str:
    found = [cid for text, cid in buttons(message) if text == label]
    assert found, f"no button {label!r}: {buttons(message)}"
    return found[0]


def bot_message(
    fake: FakeDiscord, guild: Guild, channel: str, content: str, row: list[tuple[str, str]]
) -> dict[str, Any]:
    """A message of the bot carrying buttons (label, custom id), as another feature (the daily post) or an
    older copy of a quiz message on a member's screen would show them."""
    components = [{"type": 2, "style": 1, "label": label, "custom_id": custom_id} for label, custom_id in row]
    stored = fake.core.store.create(
        channel_id=guild.channel(channel).id,
        guild_id=guild.id,
        author=fake.world.bot_user,
        body={"content": content, "components": [{"type": 1, "components": components}]},
    )
    return stored.public()
