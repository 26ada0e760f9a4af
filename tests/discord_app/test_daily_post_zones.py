"""Zones and DST through APScheduler's own fire times, and several servers at once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.store import PostStatus
from tests.discord_app.conftest import RunningBot
from tests.discord_app.schedule_support import SimClock, bot_at, bot_posts, command, fire
from tests.fakediscord import FakeDiscord, World

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def fake_world() -> World:
    return World.default(("스터디 서버", "두번째 서버"))


async def sent_days(bot: RunningBot, guild_id: int, days: list[date]) -> Counter[date]:
    counts: Counter[date] = Counter()
    for day in days:
        for row in await bot.app.posts.day_posts(guild_id, day):
            if row.status is PostStatus.SENT:
                counts[day] += 1
    return counts


@pytest.mark.parametrize(
    ("zone", "at", "start", "expected_fires"),
    [
        # 02:30 does not exist on 2026-03-29 in Berlin: one fire, at 03:30 summer time.
        ("Europe/Berlin", "02:30", datetime(2026, 3, 28, 0, 0), ["03-28 01:30", "03-29 01:30", "03-30 00:30"]),
        # 02:30 happens twice on 2026-10-25: APScheduler fires twice, the ledger posts once.
        (
            "Europe/Berlin",
            "02:30",
            datetime(2026, 10, 24, 0, 0),
            ["10-24 00:30", "10-25 00:30", "10-25 01:30", "10-26 01:30"],
        ),
        ("America/New_York", "02:30", datetime(2026, 3, 7, 12, 0), ["03-08 07:30", "03-09 06:30"]),
        ("America/New_York", "01:30", datetime(2026, 10, 31, 12, 0), ["11-01 05:30", "11-01 06:30", "11-02 06:30"]),
    ],
)
async def test_dst_days_get_exactly_one_post(
    fake: FakeDiscord, tmp_path: Path, zone: str, at: str, start: datetime, expected_fires: list[str]
) -> None:
    tz = ZoneInfo(zone)
    clock = SimClock(start.replace(tzinfo=tz))
    guild = fake.world.guild
    async with bot_at(fake, tmp_path, clock) as bot:
        reply = await (
            await command(bot, "organizer", "schedule", "set", {"channel": "study", "time": at, "timezone": zone})
        ).reply()
        assert reply["embeds"][0]["title"] == "게시 일정을 저장했어요"
        job = bot.client.scheduler.job(guild.id)
        assert job is not None
        fires, previous, now = [], None, clock()
        for _ in expected_fires:  # the instants APScheduler itself will fire at
            fire_time = job.trigger.get_next_fire_time(previous, now)
            fires.append(fire_time)
            # in UTC: wall-clock arithmetic would drop the fold of a repeated local time
            previous, now = fire_time, fire_time.astimezone(UTC) + timedelta(seconds=1)
        assert [f.astimezone(UTC).strftime("%m-%d %H:%M") for f in fires] == expected_fires
        for fire_time in fires:
            clock.set(fire_time)
            await fire(bot, guild.id)
        days = sorted({f.astimezone(tz).date() for f in fires})
        assert await sent_days(bot, guild.id, days) == Counter(dict.fromkeys(days, 1))
        assert len(bot_posts(fake, guild.channel("study"))) == len(days)


async def test_two_servers_at_the_same_minute_both_post(fake: FakeDiscord, tmp_path: Path) -> None:
    seoul = ZoneInfo("Asia/Seoul")
    clock = SimClock(datetime(2026, 12, 1, 8, 0, tzinfo=seoul))
    first, second = fake.world.guilds
    async with bot_at(fake, tmp_path, clock) as bot:
        for guild in (first, second):
            options = {"channel": "study", "time": "09:00"}
            await (await command(bot, "organizer", "schedule", "set", options, guild=guild)).reply()
        jobs = [bot.client.scheduler.job(g.id) for g in (first, second)]
        assert jobs[0] is not None and jobs[1] is not None
        assert jobs[0].next_run_time == jobs[1].next_run_time
        clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=seoul))
        tasks = bot.client.scheduler.run_now([first.id, second.id])  # both timers at once, as at 09:00
        await bot.client.scheduler.idle()
        assert all(t.done() and t.exception() is None for t in tasks)
        for guild in (first, second):
            assert len(bot_posts(fake, guild.channel("study"))) == 1


async def test_two_servers_in_different_zones_post_at_their_own_local_times(fake: FakeDiscord, tmp_path: Path) -> None:
    clock = SimClock(datetime(2026, 11, 30, 20, 0, tzinfo=UTC))
    seoul_guild, berlin_guild = fake.world.guilds
    async with bot_at(fake, tmp_path, clock) as bot:
        for guild, zone in ((seoul_guild, "Asia/Seoul"), (berlin_guild, "Europe/Berlin")):
            options = {"channel": "study", "time": "09:00", "timezone": zone}
            await (await command(bot, "organizer", "schedule", "set", options, guild=guild)).reply()
        both = [seoul_guild.id, berlin_guild.id]

        clock.set(datetime(2026, 12, 1, 0, 0, tzinfo=UTC))  # 09:00 in Seoul, 01:00 in Berlin
        bot.client.scheduler.run_now(both)
        await bot.client.scheduler.idle()
        assert len(bot_posts(fake, seoul_guild.channel("study"))) == 1
        assert bot_posts(fake, berlin_guild.channel("study")) == []

        clock.set(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))  # 17:00 in Seoul, 09:00 in Berlin
        bot.client.scheduler.run_now(both)
        await bot.client.scheduler.idle()
        assert len(bot_posts(fake, seoul_guild.channel("study"))) == 1
        assert len(bot_posts(fake, berlin_guild.channel("study"))) == 1


async def test_one_servers_broken_channel_does_not_stop_another(fake: FakeDiscord, tmp_path: Path) -> None:
    seoul = ZoneInfo("Asia/Seoul")
    clock = SimClock(datetime(2026, 12, 1, 8, 0, tzinfo=seoul))
    broken, healthy = fake.world.guilds
    async with bot_at(fake, tmp_path, clock) as bot:
        for guild in (broken, healthy):
            options = {"channel": "study", "time": "09:00"}
            await (await command(bot, "organizer", "schedule", "set", options, guild=guild)).reply()
        fake.fail_requests("POST", rf"/channels/{broken.channel('study').id}/messages$", 403, code=50001)
        clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=seoul))
        await fire(bot, broken.id)
        await fire(bot, healthy.id)
        assert bot_posts(fake, broken.channel("study")) == []
        assert len(bot_posts(fake, healthy.channel("study"))) == 1
        last = await bot.app.posts.last_delivery(broken.id)
        assert last is not None and last.reason == "403 50001: 봇이 채널에 접근할 수 없어요 (채널 보기 권한)"
