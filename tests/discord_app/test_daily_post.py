"""The daily post end to end: /schedule through the real client, APScheduler jobs, the ledger, the fake
Discord. Time is a simulated clock; APScheduler is made to fire its job instead of waiting for it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.discord_app.conftest import RunningBot
from tests.discord_app.schedule_support import SimClock, bot_at, bot_posts, command, custom_ids, fire
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.timeout(60)
EPHEMERAL = 64
SEOUL = ZoneInfo("Asia/Seoul")
DAY_ONE = "컨테이너 기술이란 무엇입니까?"


def seoul(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SEOUL)


async def schedule(
    bot: RunningBot, time: str = "09:00", zone: str | None = "Asia/Seoul", channel: str = "study"
) -> dict:  # type: ignore[type-arg]
    options = {"channel": channel, "time": time}
    if zone is not None:
        options["timezone"] = zone
    return await (await command(bot, "organizer", "schedule", "set", options)).reply()


async def test_the_job_fires_at_the_local_time_posts_once_and_concept_today_follows(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    guild_id = fake.world.guild.id
    async with bot_at(fake, tmp_path, clock) as bot:
        reply = await schedule(bot, "9:00")
        assert reply["flags"] & EPHEMERAL
        assert reply["embeds"][0]["title"] == "게시 일정을 저장했어요"
        assert "매일 09:00 (Asia/Seoul)에 #study 채널로" in reply["embeds"][0]["description"]
        assert "다음 게시: 12월 1일 (화) 09:00" in reply["embeds"][0]["description"]
        job = bot.client.scheduler.job(guild_id)
        assert job is not None and job.next_run_time.astimezone(SEOUL).strftime("%H:%M") == "09:00"
        assert job.next_run_time.tzinfo is not None and str(job.trigger.timezone) == "Asia/Seoul"

        # Before the first post: /concept today says so, previews day 1 and says when it comes.
        handle = await command(bot, "minsu", "concept", "today")
        await handle.reply()
        notice = handle.original_message()
        assert notice is not None
        assert notice["content"] == (
            "아직 코스가 시작되지 않았어요. 1일째 개념을 미리 보여 드려요. 첫 게시는 12월 1일 09:00 (Asia/Seoul)에 올라와요."
        )

        clock.set(seoul(1, 9))
        await fire(bot, guild_id)
        posts = bot_posts(fake, study)
        assert len(posts) == 1
        post = posts[0]
        card = post["embeds"][0]
        assert card["title"] == f"📅 오늘의 개념 (1일째) · {DAY_ONE}"
        assert card["footer"]["text"].startswith("1/11일째 · 도커 설치하기 미션 0/1명 완료")
        assert custom_ids(post) == ["post:read:0", "quiz:concept:0"]
        assert [c["label"] for row in post["components"] for c in row["components"]] == ["읽었어요 ✅", "오늘의 퀴즈"]
        assert len(post["nonce"]) <= 25
        sent = fake.find_calls("POST", rf"/channels/{study.id}/messages$")
        assert sent[-1].json["enforce_nonce"] is True

        # The second fire of the day (a DST repeat, a late timer) finds the day done.
        clock.set(seoul(1, 9, 30))
        await fire(bot, guild_id)
        assert len(bot_posts(fake, study)) == 1

        reply = await (await command(bot, "seoyeon", "concept", "today")).reply()
        assert reply["embeds"][0]["title"] == f"📚 오늘의 개념 (1일째) · {DAY_ONE}"

        # The next day, the next concept; /concept today follows.
        clock.set(seoul(2, 9))
        await fire(bot, guild_id)
        assert len(bot_posts(fake, study)) == 2
        reply = await (await command(bot, "seoyeon", "concept", "today")).reply()
        assert reply["embeds"][0]["title"].startswith("📚 오늘의 개념 (2일째) · ")

        show = (await (await command(bot, "organizer", "schedule", "show")).reply())["embeds"][0]
        fields = {f["name"]: f["value"] for f in show["fields"]}
        assert fields["채널"] == f"<#{study.id}>"
        assert fields["시간"] == "09:00 (Asia/Seoul)"
        assert fields["다음 게시"] == "12월 3일 (목) 09:00"
        assert fields["상태"] == "▶️ 진행 중"
        assert fields["진도"] == "2/11일째"
        assert fields["마지막 게시"] == "12월 2일 개념: ✅ 올렸어요"
        audit = await bot.app.db.audit.list_audit(guild_id)
        assert [a.action for a in audit] == ["schedule_set"]
        assert audit[0].target_id == study.id and "09:00 Asia/Seoul" in audit[0].detail


async def test_read_button_records_once_answers_with_the_count_and_survives_a_restart(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    study = fake.world.guild.channel("study")
    async with bot_at(fake, tmp_path, clock) as bot:
        await schedule(bot)
        reply = await (await command(bot, "organizer", "schedule", "post-now")).reply()
        assert "1일째 개념" in reply["embeds"][0]["description"]
        post = bot_posts(fake, study)[0]
        first = await (await fake.click_button(None, "minsu", post, "post:read:0")).reply()
        assert first["flags"] & EPHEMERAL
        assert first["content"] == f"✅ '{DAY_ONE}', 읽음으로 기록했어요. 지금까지 1명이 읽었어요."
        again = await (await fake.click_button(None, "minsu", post, "post:read:0")).reply()
        assert again["content"] == f"✅ '{DAY_ONE}', 이미 읽음으로 기록돼 있어요. 지금까지 1명이 읽었어요."
        edits = fake.find_calls("PATCH", rf"/channels/{study.id}/messages/")
        assert edits == []  # the post itself is never edited on a click
    async with bot_at(fake, tmp_path, clock):
        other = await (await fake.click_button(None, "jihoon", post, "post:read:0")).reply()
        assert other["content"].endswith("지금까지 2명이 읽었어요.")


async def test_shutdown_stops_the_scheduler_while_the_gateway_is_still_connected(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.discord_app.runner import _shutdown

    async with bot_at(fake, tmp_path, SimClock(seoul(1, 8))) as bot:
        scheduler = bot.client.scheduler
        connected_when_stopping: list[bool] = []
        original = scheduler.shutdown

        async def recording() -> None:
            connected_when_stopping.append(bot.client.is_connected())
            await original()

        monkeypatch.setattr(scheduler, "shutdown", recording)
        await _shutdown(bot.client, bot.task, bot.app)
        assert connected_when_stopping[0] is True
        assert not scheduler.scheduler.running and bot.client.is_closed()
