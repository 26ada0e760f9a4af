"""Running the real bot against the fake Discord with a simulated clock, for the daily post tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from apscheduler.job import Job  # type: ignore[import-untyped]

from bot.app import App
from bot.config import Settings
from bot.discord_app.client import StudyBotClient
from tests.discord_app.conftest import TOKEN, RunningBot, bot_env
from tests.fakediscord import FakeDiscord
from tests.fakediscord.client import point_discord_at, running_client
from tests.fakediscord.interactions import InteractionHandle


class SimClock:
    """The bot's "now" for schedules; the test moves it (no real waiting)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def set(self, moment: datetime) -> None:
        self.now = moment

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@contextlib.asynccontextmanager
async def bot_at(
    fake: FakeDiscord, tmp_path: Path, clock: SimClock, *, settle: bool = True, **env: str
) -> AsyncIterator[RunningBot]:
    """The real object graph and client with `clock` as "now"; yields once the start-up catch-up is done."""
    settings = Settings.from_env(bot_env(fake, tmp_path, **env))
    app = await App.build(settings, clock=clock)
    client = StudyBotClient(app, guild_ready_timeout=0.1)
    try:
        with point_discord_at(fake):
            async with running_client(client, TOKEN) as task:
                await asyncio.wait_for(client.synced.wait(), 5)
                await asyncio.wait_for(client.scheduler.ready.wait(), 5)
                if settle:
                    await client.scheduler.idle()
                yield RunningBot(fake, client, app, task)
                if settle:
                    await client.scheduler.idle()
    finally:
        await app.close()


async def fire(bot: RunningBot, guild_id: int) -> None:
    """Make APScheduler run the server's job now (as it would at the post time), then wait for it."""
    job = bot.client.scheduler.job(guild_id)
    assert job is not None, "the server has no job"
    await _run_job(bot, job)


async def fire_retry(bot: RunningBot, guild_id: int) -> None:
    """Make APScheduler run the server's pending one-off retry now (move the SimClock to its time first)."""
    job = bot.client.scheduler.retry_job(guild_id)
    assert job is not None, "the server has no retry scheduled"
    await _run_job(bot, job)


async def _run_job(bot: RunningBot, job: Job) -> None:
    scheduler = bot.client.scheduler
    finished = scheduler.runs_finished
    job.modify(next_run_time=datetime.now(UTC))
    for _ in range(500):
        if scheduler.runs_finished > finished:
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("APScheduler did not run the job")
    await scheduler.idle()


async def command(
    bot: RunningBot, member: str, name: str, sub: str, options: dict[str, Any] | None = None, **kw: Any
) -> InteractionHandle:
    return await bot.fake.send_slash_command(kw.pop("guild", None), member, name, sub, options or {}, **kw)


def bot_posts(fake: FakeDiscord, channel: Any) -> list[dict[str, Any]]:
    """The bot's messages in a channel that are daily posts (embeds with the read button), oldest first."""
    out = []
    for message in fake.channel_messages(channel):
        ids = [c.get("custom_id", "") for row in message["components"] for c in row.get("components", [])]
        if any(i.startswith("post:read:") for i in ids) or (
            message["embeds"] and "미션" in (message["embeds"][0].get("title") or "")
        ):
            out.append(message)
    return out


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c.get("custom_id", "") for row in message["components"] for c in row.get("components", [])]


async def schedule_at(fake: FakeDiscord, tmp_path: Path, clock: SimClock, time: str = "09:00") -> None:
    """An organizer sets the daily post to #study at `time` through /schedule set, in a bot that then stops."""
    async with bot_at(fake, tmp_path, clock) as bot:
        reply = await (await command(bot, "organizer", "schedule", "set", {"channel": "study", "time": time})).reply()
        assert reply["embeds"][0]["title"] == "게시 일정을 저장했어요"


async def eventually(check: Callable[[], Awaitable[object]], tries: int = 200) -> None:
    """Wait (at most tries × 10 ms) until `check` gives something true: a post claimed, a message sent."""
    for _ in range(tries):
        if await check():
            return
        await asyncio.sleep(0.01)
