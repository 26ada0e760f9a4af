"""(d) Daily fan-out: N servers scheduled at the same minute, posted through the real path: the schedules
set with `ScheduleService.set_schedule` (what `/schedule set` calls), `DailyScheduler` (bot/scheduler.py)
built by `StudyBotClient` from the database once ready, its APScheduler jobs fired, each calling
`DailyPostService.post_due`, which sends through `DiscordPublisher` and discord.py's HTTP client to the fake
Discord, which enforces Discord's global rate limit (50 requests/s, 429 + `retry_after`, `global: true`).

The bot's clock (App.build's `clock`) is the real clock shifted so that the schedules are set at 08:59:30
and the jobs fire at 09:00:00 (UTC): the jobs are fired by moving their next run time to now rather than
by waiting for a wall-clock minute, so the run takes seconds, not up to a minute more.

Measured: seconds from firing the jobs to every post sent, beside the floor (requests that went through
the limit ÷ 50/s); CPU seconds of the process per post (the fake Discord runs in the same process, so this
includes serving the requests), beside the CPU per post of the same `post_due` calls through a publisher
that answers at once (no Discord, no HTTP): what the bot's own work costs.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bigserver import settings
from bench.measure import Row
from bot.app import App
from bot.discord_app.client import StudyBotClient
from bot.services.daily_posts import Outcome, PublishedMessage
from bot.services.reply import Reply
from tests.fakediscord import FakeDiscord, World
from tests.fakediscord.client import point_discord_at, running_client

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seS0x"
ORGANIZER = 1
PER_SECOND = 50.0
SET_AT = datetime(2026, 12, 1, 8, 59, 30, tzinfo=UTC)
DUE_AT = datetime(2026, 12, 1, 9, 0, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Size:
    guilds: int


FULL = Size(1000)
SMOKE = Size(10)


class ShiftedClock:
    """The real clock moved to a chosen instant: time still passes, so timeouts and logs stay honest."""

    def __init__(self, at: datetime) -> None:
        self.offset = timedelta(0)
        self.move_to(at)

    def move_to(self, at: datetime) -> None:
        self.offset = at - datetime.now(UTC)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class InstantPublisher:
    """The baseline's publisher: every post "sent" at once, no Discord."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, channel_id: int, replies: Sequence[Reply], nonce: str) -> int:
        self.sent += 1
        return self.sent

    async def recent_messages(self, channel_id: int, since: datetime) -> list[PublishedMessage]:
        return []


async def schedule_all(app: App, world: World) -> None:
    for guild in world.guilds:
        channel = guild.text_channels()[0]
        await app.schedules.set_schedule(
            guild.id, ORGANIZER, channel_id=channel.id, channel_name=channel.name, time_text="09:00", zone_text="UTC"
        )


def cpu() -> float:
    return time.process_time()


async def instant_baseline(folder: Path, world: World) -> float:
    """CPU seconds per post of `post_due` for every server through a publisher that answers at once,
    8 at a time as the scheduler runs them."""
    clock = ShiftedClock(SET_AT)
    app = await App.build(settings(folder / "instant.db"), clock=clock)
    try:
        await schedule_all(app, world)
        app.daily_posts.attach(InstantPublisher())
        clock.move_to(DUE_AT)
        slots = asyncio.Semaphore(8)

        async def one(guild_id: int) -> Outcome:
            async with slots:
                return (await app.daily_posts.post_due(guild_id, clock())).outcome

        start = cpu()
        outcomes = await asyncio.gather(*(one(g.id) for g in world.guilds))
        spent = cpu() - start
        assert outcomes.count(Outcome.SENT) == len(world.guilds), outcomes[:5]
        return spent / len(world.guilds)
    finally:
        await app.close()


async def through_discord(folder: Path, world: World) -> dict[str, float]:
    clock = ShiftedClock(SET_AT)
    app = await App.build(settings(folder / "studybot.db"), clock=clock)
    try:
        await schedule_all(app, world)
        async with FakeDiscord(world, tokens=(TOKEN,), members_by_intent=True) as fake:
            with point_discord_at(fake):
                client = StudyBotClient(app, guild_ready_timeout=0.5, settle_heap_when_ready=True)
                async with running_client(client, TOKEN, ready_timeout=120):
                    await asyncio.wait_for(client.scheduler.ready.wait(), 60)
                    await client.scheduler.idle()  # the catch-up at start: nothing due at 08:59:30
                    jobs = [client.scheduler.job(g.id) for g in world.guilds]
                    assert all(job is not None for job in jobs), "a schedule was not loaded"
                    finished_before = client.scheduler.runs_finished
                    limit = fake.limit_global_rate(PER_SECOND)
                    clock.move_to(DUE_AT)
                    start, cpu_start = time.perf_counter(), cpu()
                    fire = datetime.now(UTC)
                    for job in jobs:
                        assert job is not None
                        job.modify(next_run_time=fire)
                    client.scheduler.scheduler.wakeup()
                    while client.scheduler.runs_finished - finished_before < len(jobs):
                        await asyncio.sleep(0.01)
                    await client.scheduler.idle()
                    elapsed, spent = time.perf_counter() - start, cpu() - cpu_start
                    posted = sum(1 for g in world.guilds if fake.channel_messages(g.text_channels()[0]))
                    assert posted == len(jobs), f"only {posted} of {len(jobs)} servers got their post"
            if fake.unexpected_calls:
                raise RuntimeError(f"unexpected calls to the fake: {fake.unexpected_calls[:3]}")
        return {
            "seconds": elapsed,
            "cpu_per_post": spent / len(jobs),
            "requests": float(limit.passed),
            "limited": float(limit.limited),
        }
    finally:
        await app.close()


async def run_async(size: Size) -> list[Row]:
    world = World.default([f"서버{n}" for n in range(size.guilds)])
    with tempfile.TemporaryDirectory(prefix="studybot-bench-fanout-") as tmp:
        folder = Path(tmp)
        instant = await instant_baseline(folder, world)
        real = await through_discord(folder, world)
    floor = real["requests"] / PER_SECOND
    scale = f"{size.guilds:,} guilds at one minute"
    return [
        Row(
            "d",
            f"fire → all posted, {scale}",
            real["seconds"],
            "s",
            floor,
            f"floor: {real['requests']:,.0f} requests ÷ {PER_SECOND:g}/s",
            "≤ 22 s" if size.guilds >= 1000 else "",
            note=f"{real['limited']:,.0f} answered 429 (global) and retried by discord.py",
        ),
        Row(
            "d",
            "CPU per post (process: bot + fake Discord)",
            real["cpu_per_post"] * 1000,
            "ms",
            instant * 1000,
            "post_due, publisher answering at once",
        ),
    ]


def run(size: Size) -> list[Row]:
    return asyncio.run(run_async(size))
