"""The daily post through restarts, crashes, outages and Discord errors (simulated clock, fake Discord)."""

from __future__ import annotations

import asyncio
import types
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import discord.http
import pytest

from bot import scheduler as scheduler_module
from bot.store import PostStatus
from tests.discord_app.conftest import RunningBot
from tests.discord_app.schedule_support import SimClock, bot_at, bot_posts, command, eventually, fire, schedule_at
from tests.fakediscord import FakeDiscord
from tests.fakediscord.world import SEND_MESSAGES

pytestmark = pytest.mark.timeout(60)
SEOUL = ZoneInfo("Asia/Seoul")


def seoul(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SEOUL)


async def ledger(bot: RunningBot, day: date) -> list[tuple[int, str, PostStatus]]:
    rows = await bot.app.posts.day_posts(bot.fake.world.guild.id, day)
    return [(r.seq, r.concept_id or "", r.status) for r in rows]


async def show_fields(bot: RunningBot) -> dict[str, str]:
    card = (await (await command(bot, "organizer", "schedule", "show")).reply())["embeds"][0]
    return {f["name"]: f["value"] for f in card["fields"]}


async def test_a_restart_after_posting_posts_nothing_more(fake: FakeDiscord, tmp_path: Path) -> None:
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    await schedule_at(fake, tmp_path, clock)
    clock.set(seoul(1, 9))
    async with bot_at(fake, tmp_path, clock) as bot:  # started at 09:00: the start-up run posts
        assert len(bot_posts(fake, study)) == 1
    clock.set(seoul(1, 9, 1))
    async with bot_at(fake, tmp_path, clock) as bot:
        assert len(bot_posts(fake, study)) == 1
        assert len(await ledger(bot, date(2026, 12, 1))) == 1


async def test_down_at_the_time_catches_up_once_that_day_and_never_replays_a_missed_day(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    await schedule_at(fake, tmp_path, clock)

    clock.set(seoul(1, 15))  # down at 09:00, back at 15:00 the same day: one catch-up post
    async with bot_at(fake, tmp_path, clock):
        pass
    clock.set(seoul(1, 23, 59))
    async with bot_at(fake, tmp_path, clock):
        pass
    assert len(bot_posts(fake, study)) == 1

    clock.set(seoul(3, 8, 30))  # down all of 12-02; back on 12-03 before the time: 12-02 is not replayed
    async with bot_at(fake, tmp_path, clock) as bot:
        assert len(bot_posts(fake, study)) == 1
        assert await ledger(bot, date(2026, 12, 2)) == []
        clock.set(seoul(3, 9))
        await fire(bot, fake.world.guild.id)
        posts = bot_posts(fake, study)
        assert len(posts) == 2
        assert posts[-1]["embeds"][0]["title"].startswith("📅 오늘의 개념 (2일째)")  # no concept skipped


async def test_a_crash_between_claim_and_send_posts_once_at_the_next_start(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler_module, "SHUTDOWN_GRACE_SECONDS", 0.2)
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    await schedule_at(fake, tmp_path, clock)
    fake.stall_requests("POST", rf"/channels/{study.id}/messages$", after_handling=False)
    clock.set(seoul(1, 9))
    async with bot_at(fake, tmp_path, clock, settle=False) as bot:
        await eventually(
            lambda: bot.app.posts.pending(guild_id)
        )  # the post is claimed, its request hangs: then the process "dies"
        assert [r.status for r in await bot.app.posts.pending(guild_id)] == [PostStatus.PENDING]
    assert bot_posts(fake, study) == []

    clock.set(seoul(1, 9, 5))
    async with bot_at(fake, tmp_path, clock) as bot:
        posts = bot_posts(fake, study)
        assert len(posts) == 1
        rows = await bot.app.posts.day_posts(guild_id, date(2026, 12, 1))
        assert [(r.seq, r.status, r.message_id) for r in rows] == [(1, PostStatus.SENT, int(posts[0]["id"]))]


async def test_a_crash_after_send_before_the_ledger_update_is_reconciled_without_a_second_post(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler_module, "SHUTDOWN_GRACE_SECONDS", 0.2)
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    await schedule_at(fake, tmp_path, clock)
    # Every message of the post is created, but the answer to the last one never arrives.
    fake.stall_requests("POST", rf"/channels/{study.id}/messages$", after_handling=True)
    clock.set(seoul(1, 9))
    async with bot_at(fake, tmp_path, clock, settle=False) as bot:

        async def sent() -> bool:
            return bool(bot_posts(fake, study))

        await eventually(sent)
    posts = bot_posts(fake, study)
    assert len(posts) == 1
    sends_before = len(fake.find_calls("POST", rf"/channels/{study.id}/messages$"))

    clock.set(seoul(1, 9, 5))
    async with bot_at(fake, tmp_path, clock) as bot:
        assert len(bot_posts(fake, study)) == 1
        assert len(fake.find_calls("POST", rf"/channels/{study.id}/messages$")) == sends_before  # nothing sent
        assert fake.find_calls("GET", rf"/channels/{study.id}/messages$")  # it looked in the channel
        rows = await bot.app.posts.day_posts(guild_id, date(2026, 12, 1))
        assert [(r.status, r.message_id) for r in rows] == [(PostStatus.SENT, int(posts[0]["id"]))]


async def test_a_repeated_send_with_the_same_nonce_is_dropped_by_discord(fake: FakeDiscord, tmp_path: Path) -> None:
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    async with bot_at(fake, tmp_path, clock) as bot:
        await (await command(bot, "organizer", "schedule", "set", {"channel": "study", "time": "09:00"})).reply()
        await (await command(bot, "organizer", "schedule", "post-now")).reply()
        row = (await bot.app.posts.day_posts(fake.world.guild.id, date(2026, 12, 1)))[0]
        replies = await bot.app.daily_posts.post_replies(row)
        assert bot.app.daily_posts.publisher is not None and row.nonce is not None
        again = await bot.app.daily_posts.publisher.send(study.id, replies, row.nonce)
        assert again == row.message_id  # Discord answered with the earlier message
        assert len(bot_posts(fake, study)) == 1
        fake.core.nonce_window_seconds = 0  # "a few minutes" later the same nonce is a new message
        assert await bot.app.daily_posts.publisher.send(study.id, replies, row.nonce) != row.message_id
        assert len(bot_posts(fake, study)) == 2


async def test_a_500_is_recorded_with_its_reason_shown_to_organizers_and_the_next_day_posts(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_sleep = asyncio.sleep

    async def no_wait(delay: float, result: object = None) -> object:
        await real_sleep(0)
        return result

    # discord.py retries a 500 five times with 1-9 s sleeps: keep its logic, skip the waiting.
    monkeypatch.setattr(discord.http, "asyncio", types.SimpleNamespace(**{**vars(asyncio), "sleep": no_wait}))
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    await schedule_at(fake, tmp_path, clock)
    fake.fail_requests("POST", rf"/channels/{study.id}/messages$", 500, message="Internal Server Error", times=5)
    clock.set(seoul(1, 9))
    async with bot_at(fake, tmp_path, clock) as bot:
        assert bot_posts(fake, study) == []
        assert len(fake.find_calls("POST", rf"/channels/{study.id}/messages$")) == 5
        rows = await bot.app.posts.day_posts(guild_id, date(2026, 12, 1))
        assert [(r.status, r.reason) for r in rows] == [(PostStatus.FAILED, "500 0: 디스코드 서버 오류")]
        fields = await show_fields(bot)
        assert fields["마지막 게시"] == "12월 1일 개념: ❌ 실패 — 500 0: 디스코드 서버 오류"
        assert fields["상태"] == "▶️ 진행 중"
        clock.set(seoul(2, 9))
        await fire(bot, guild_id)
        posts = bot_posts(fake, study)
        assert len(posts) == 1 and posts[0]["embeds"][0]["title"].startswith("📅 오늘의 개념 (1일째)")


async def test_a_403_is_recorded_and_the_next_day_posts_once_the_permission_is_back(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    guild = fake.world.guild
    study = guild.channel("study")
    await schedule_at(fake, tmp_path, clock)
    bot_role = guild.role(fake.world.bot_user.username)
    study.overwrite(bot_role, deny=SEND_MESSAGES)  # someone changed the channel after /schedule set
    async with bot_at(fake, tmp_path, clock) as bot:
        clock.set(seoul(1, 9))
        await fire(bot, guild.id)
        assert bot_posts(fake, study) == []
        assert bot.client.scheduler.retry_job(guild.id) is None  # a missing permission is not retried today
        fields = await show_fields(bot)
        assert (
            fields["마지막 게시"]
            == "12월 1일 개념: ❌ 실패 — 403 50013: 봇에게 권한이 없어요 (메시지 보내기, 링크 첨부)"
        )
        study.overwrites.clear()
        clock.set(seoul(2, 9))
        await fire(bot, guild.id)
        assert len(bot_posts(fake, study)) == 1


async def test_three_failed_days_in_a_row_pause_the_schedule_and_show_says_why(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    guild = fake.world.guild
    study = guild.channel("study")
    async with bot_at(fake, tmp_path, clock) as bot:
        await (await command(bot, "organizer", "schedule", "set", {"channel": "study", "time": "09:00"})).reply()
        await fake.delete_channel(study)
        for day in (1, 2, 3):
            clock.set(seoul(day, 9))
            await fire(bot, guild.id)
        assert bot.client.scheduler.job(guild.id) is None  # paused: no timer any more
        settings = await bot.app.db.guilds.get_guild(guild.id)
        assert settings.paused and settings.paused_reason == "3일 연속으로 게시하지 못해서 자동으로 멈췄어요"
        fields = await show_fields(bot)
        assert fields["상태"] == "⏸️ 일시 정지 — 3일 연속으로 게시하지 못해서 자동으로 멈췄어요"
        assert fields["마지막 게시"] == "12월 3일 개념: ❌ 실패 — 404 10003: 채널이 삭제됐거나 찾을 수 없어요"
        assert fields["채널"] == f"삭제됐거나 볼 수 없는 채널 ({study.id})"
        assert (await bot.app.db.audit.list_audit(guild.id))[0].action == "schedule_auto_pause"
