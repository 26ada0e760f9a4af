"""The daily post recovers from what the faults tests do not cover: a send that dies without an answer from
Discord, bounded retries the same day, a pending post whose concept left the course, and a post-now that
finds today's post still owed (simulated clock, fake Discord, no real waiting)."""

from __future__ import annotations

import asyncio
import logging
import types
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import discord.http
import pytest

from bot import scheduler as scheduler_module
from bot.config import default_content_dir
from bot.store import PostStatus
from tests.discord_app.conftest import RunningBot
from tests.discord_app.schedule_support import (
    SimClock,
    bot_at,
    bot_posts,
    command,
    eventually,
    fire,
    fire_retry,
    schedule_at,
)
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.timeout(60)
SEOUL = ZoneInfo("Asia/Seoul")
FIRST_CONCEPT = "컨테이너-기술이란-무엇입니까"


def seoul(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SEOUL)


async def ledger(bot: RunningBot, day: date) -> list[tuple[int, str, PostStatus, str | None]]:
    rows = await bot.app.posts.day_posts(bot.fake.world.guild.id, day)
    return [(r.seq, r.concept_id or "", r.status, r.reason) for r in rows]


async def last_delivery(bot: RunningBot) -> str:
    card = (await (await command(bot, "organizer", "schedule", "show")).reply())["embeds"][0]
    return {f["name"]: f["value"] for f in card["fields"]}["마지막 게시"]


def reset_connections(
    monkeypatch: pytest.MonkeyPatch, channel_id: int, times: int = 1, *, after_sending: bool = False
) -> list[int]:
    """The next `times` message sends to the channel die with a reset connection (no HTTP answer at all);
    `after_sending`: Discord created the message, only its answer was lost."""
    real = discord.http.HTTPClient.request
    resets = [0]

    async def request(self: discord.http.HTTPClient, route: discord.http.Route, **kwargs: Any) -> Any:
        sending = route.method == "POST" and route.path == "/channels/{channel_id}/messages"
        if sending and route.channel_id == channel_id and resets[0] < times:
            resets[0] += 1
            if after_sending:
                await real(self, route, **kwargs)
            raise ConnectionResetError(104, "Connection reset by peer")
        return await real(self, route, **kwargs)

    monkeypatch.setattr(discord.http.HTTPClient, "request", request)
    return resets


def skip_discord_retry_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    # discord.py retries a 500 five times with 1-9 s sleeps: keep its logic, skip the waiting.
    real_sleep = asyncio.sleep

    async def no_wait(delay: float, result: object = None) -> object:
        await real_sleep(0)
        return result

    monkeypatch.setattr(discord.http, "asyncio", types.SimpleNamespace(**{**vars(asyncio), "sleep": no_wait}))


def edited_course(tmp_path: Path) -> Path:
    """The bundled course with its first section renamed (new concept ids), as an organizer might edit it."""
    source = default_content_dir() / "docker-basics"
    target = tmp_path / "edited" / "docker-basics"
    target.mkdir(parents=True)
    for file in source.iterdir():
        if file.is_dir():
            (target / file.name).symlink_to(file)
            continue
        text = file.read_text(encoding="utf-8")
        text = text.replace("## 컨테이너 기술이란 무엇입니까?\n", "## 컨테이너 기술의 정체\n")
        (target / file.name).write_text(text.replace(FIRST_CONCEPT, "컨테이너-기술의-정체"), encoding="utf-8")
    return target.parent


async def test_a_reset_connection_fails_the_day_visibly_and_a_retry_five_minutes_later_posts_it(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    await schedule_at(fake, tmp_path, clock)
    resets = reset_connections(monkeypatch, study.id)
    clock.set(seoul(1, 9))
    with caplog.at_level(logging.WARNING, logger="studybot"):
        async with bot_at(fake, tmp_path, clock) as bot:
            assert resets == [1] and bot_posts(fake, study) == []
            reason = "보내는 도중 연결이 끊겼거나 응답이 없었어요 (ConnectionResetError)"
            assert await ledger(bot, date(2026, 12, 1)) == [(1, FIRST_CONCEPT, PostStatus.FAILED, reason)]
            assert await last_delivery(bot) == f"12월 1일 개념: ❌ 실패 — {reason}"
            retry = bot.client.scheduler.retry_job(guild_id)
            assert retry is not None and retry.next_run_time == seoul(1, 9, 5)

            clock.set(seoul(1, 9, 5))
            await fire_retry(bot, guild_id)
            posts = bot_posts(fake, study)
            assert len(posts) == 1 and posts[0]["embeds"][0]["title"].startswith("📅 오늘의 개념 (1일째)")
            rows = await bot.app.posts.day_posts(guild_id, date(2026, 12, 1))
            assert [(r.seq, r.status, r.message_id) for r in rows] == [(1, PostStatus.SENT, int(posts[0]["id"]))]
    failures = [r for r in caplog.records if r.name == "studybot.daily" and r.exc_info is not None]
    assert failures and failures[0].exc_info is not None and failures[0].exc_info[0] is ConnectionResetError


async def test_a_5xx_is_retried_at_most_three_times_at_5_15_and_60_minutes(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    skip_discord_retry_waits(monkeypatch)
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    sends = rf"/channels/{study.id}/messages$"
    await schedule_at(fake, tmp_path, clock)
    fake.fail_requests("POST", sends, 500, message="Internal Server Error", times=1000)
    clock.set(seoul(1, 9))
    async with bot_at(fake, tmp_path, clock) as bot:
        for retry_at in (seoul(1, 9, 5), seoul(1, 9, 20), seoul(1, 10, 20)):
            job = bot.client.scheduler.retry_job(guild_id)
            assert job is not None and job.next_run_time == retry_at
            clock.set(retry_at)
            await fire_retry(bot, guild_id)
        assert bot.client.scheduler.retry_job(guild_id) is None  # three retries, no fourth
        assert len(fake.find_calls("POST", sends)) == 4 * 5  # the first run and three retries (5 tries each)
        assert await ledger(bot, date(2026, 12, 1)) == [
            (1, FIRST_CONCEPT, PostStatus.FAILED, "500 0: 디스코드 서버 오류")
        ]
        assert bot_posts(fake, study) == []


async def test_no_retry_runs_past_the_local_day(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    skip_discord_retry_waits(monkeypatch)
    clock = SimClock(seoul(1, 8))
    guild_id = fake.world.guild.id
    study = fake.world.guild.channel("study")
    await schedule_at(fake, tmp_path, clock, time="23:50")
    fake.fail_requests("POST", rf"/channels/{study.id}/messages$", 500, message="Internal Server Error", times=10)
    clock.set(seoul(1, 23, 50))
    async with bot_at(fake, tmp_path, clock) as bot:
        job = bot.client.scheduler.retry_job(guild_id)
        assert job is not None and job.next_run_time == seoul(1, 23, 55)
        clock.set(seoul(1, 23, 55))
        await fire_retry(bot, guild_id)
        assert bot.client.scheduler.retry_job(guild_id) is None  # 00:10 is the next day: that day posts itself


async def test_a_retry_after_a_post_now_posts_nothing_more(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    skip_discord_retry_waits(monkeypatch)
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    await schedule_at(fake, tmp_path, clock)
    fake.fail_requests("POST", rf"/channels/{study.id}/messages$", 502, message="Bad Gateway", times=5)
    clock.set(seoul(1, 9))
    async with bot_at(fake, tmp_path, clock) as bot:
        assert bot.client.scheduler.retry_job(guild_id) is not None
        clock.set(seoul(1, 9, 2))
        reply = await (await command(bot, "organizer", "schedule", "post-now")).reply()
        assert reply["embeds"][0]["title"] == "지금 올렸어요"
        clock.set(seoul(1, 9, 5))
        await fire_retry(bot, guild_id)
        assert len(bot_posts(fake, study)) == 1
        statuses = [status for _, _, status, _ in await ledger(bot, date(2026, 12, 1))]
        assert statuses == [PostStatus.FAILED, PostStatus.SENT]


async def test_a_pending_post_whose_concept_left_the_course_is_failed_and_the_server_keeps_posting(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler_module, "SHUTDOWN_GRACE_SECONDS", 0.2)
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    await schedule_at(fake, tmp_path, clock)
    fake.stall_requests("POST", rf"/channels/{study.id}/messages$", after_handling=False)
    clock.set(seoul(1, 9))
    async with bot_at(fake, tmp_path, clock, settle=False) as bot:  # claimed, then the process dies
        await eventually(lambda: bot.app.posts.pending(guild_id))
        assert [r.concept_id for r in await bot.app.posts.pending(guild_id)] == [FIRST_CONCEPT]

    clock.set(seoul(2, 8))  # the organizer renamed the first section before the bot came back
    async with bot_at(fake, tmp_path, clock, STUDYBOT_CONTENT=str(edited_course(tmp_path))) as bot:
        reason = "코스에서 사라진 개념이나 미션이라 올리지 않았어요 (봇이 멈춘 사이 코스가 바뀌었어요)"
        assert await ledger(bot, date(2026, 12, 1)) == [(1, FIRST_CONCEPT, PostStatus.FAILED, reason)]
        assert await last_delivery(bot) == f"12월 1일 개념: ❌ 실패 — {reason}"
        reply = await (await command(bot, "organizer", "schedule", "post-now")).reply()
        assert reply["embeds"][0]["title"] == "지금 올렸어요"
        posts = bot_posts(fake, study)
        assert len(posts) == 1 and posts[0]["embeds"][0]["title"].startswith("📅 오늘의 개념 (1일째)")


async def test_post_now_sends_the_owed_post_of_today_and_not_a_second_one(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler_module, "SHUTDOWN_GRACE_SECONDS", 0.2)
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    await schedule_at(fake, tmp_path, clock)
    fake.stall_requests("POST", rf"/channels/{study.id}/messages$", after_handling=False)
    async with bot_at(fake, tmp_path, clock, settle=False) as bot:
        await (await command(bot, "organizer", "schedule", "pause")).reply()  # no start-up run from now on
        await command(bot, "organizer", "schedule", "post-now")  # claimed, then the process dies
        await eventually(lambda: bot.app.posts.pending(guild_id))
        assert [r.concept_id for r in await bot.app.posts.pending(guild_id)] == [FIRST_CONCEPT]

    clock.set(seoul(1, 8, 10))
    async with bot_at(fake, tmp_path, clock) as bot:
        assert bot_posts(fake, study) == []
        reply = (await (await command(bot, "organizer", "schedule", "post-now")).reply())["embeds"][0]
        assert reply["title"] == "지금 올렸어요"
        assert reply["description"].startswith("보내다 멈췄던 1일째 개념 "), reply
        posts = bot_posts(fake, study)
        assert len(posts) == 1 and posts[0]["embeds"][0]["title"].startswith("📅 오늘의 개념 (1일째)")
        rows = await ledger(bot, date(2026, 12, 1))
        assert [(seq, status) for seq, _, status, _ in rows] == [(1, PostStatus.SENT)]


async def test_a_retry_finds_a_post_whose_answer_was_lost_and_sends_no_second_one(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    await schedule_at(fake, tmp_path, clock)
    reset_connections(monkeypatch, study.id, after_sending=True)
    clock.set(seoul(1, 9))
    async with bot_at(fake, tmp_path, clock) as bot:
        posts = bot_posts(fake, study)
        assert len(posts) == 1  # created, but the bot never heard so: the day is failed
        assert [status for _, _, status, _ in await ledger(bot, date(2026, 12, 1))] == [PostStatus.FAILED]
        fake.core.nonce_window_seconds = 0  # five minutes on, Discord's nonce no longer drops a repeat
        clock.set(seoul(1, 9, 5))
        await fire_retry(bot, guild_id)
        assert len(bot_posts(fake, study)) == 1
        rows = await bot.app.posts.day_posts(guild_id, date(2026, 12, 1))
        assert [(r.status, r.message_id) for r in rows] == [(PostStatus.SENT, int(posts[0]["id"]))]


async def test_three_days_of_5xx_still_pause_the_schedule_and_leave_no_retry(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    skip_discord_retry_waits(monkeypatch)
    clock = SimClock(seoul(1, 8))
    guild_id = fake.world.guild.id
    study = fake.world.guild.channel("study")
    fake.fail_requests("POST", rf"/channels/{study.id}/messages$", 503, message="Service Unavailable", times=1000)
    async with bot_at(fake, tmp_path, clock) as bot:
        await (await command(bot, "organizer", "schedule", "set", {"channel": "study", "time": "09:00"})).reply()
        for day in (1, 2, 3):
            clock.set(seoul(day, 9))
            await fire(bot, guild_id)
        settings = await bot.app.db.guilds.get_guild(guild_id)
        assert settings.paused and settings.paused_reason == "3일 연속으로 게시하지 못해서 자동으로 멈췄어요"
        assert bot.client.scheduler.job(guild_id) is None
        assert bot.client.scheduler.retry_job(guild_id) is None
