"""The daily post's own buttons, clicked on the post the scheduler really sent: "읽었어요 ✅" records a read
once and "오늘의 퀴즈" starts the clicker's personal quiz on that day's concept (the two issues wired together)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.discord_app.schedule_support import SimClock, bot_at, bot_posts, command, custom_ids, fire
from tests.fakediscord import FakeDiscord

EPHEMERAL = 64
SEOUL = ZoneInfo("Asia/Seoul")


def seoul(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SEOUL)


async def test_the_posts_buttons_record_a_read_and_start_a_quiz_on_that_days_concept(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    guild = fake.world.guild
    study = guild.channel("study")
    async with bot_at(fake, tmp_path, clock) as bot:
        saved = await (
            await command(bot, "organizer", "schedule", "set", {"channel": "study", "time": "09:00"})
        ).reply()
        assert saved["embeds"][0]["title"] == "게시 일정을 저장했어요"
        clock.set(seoul(1, 9))
        await fire(bot, guild.id)
        clock.set(seoul(2, 9))
        await fire(bot, guild.id)

        posts = bot_posts(fake, study)
        assert len(posts) == 2  # day 1 and day 2, one each
        today = posts[-1]
        concept = bot.app.course.concepts[1]
        assert custom_ids(today) == [f"post:read:{concept.index}", f"quiz:concept:{concept.index}"]

        read = await (await fake.click_button(None, "minsu", today, f"post:read:{concept.index}")).reply()
        assert read["flags"] & EPHEMERAL
        assert read["content"] == f"✅ '{concept.title}', 읽음으로 기록했어요. 지금까지 1명이 읽었어요."
        again = await (await fake.click_button(None, "minsu", today, f"post:read:{concept.index}")).reply()
        assert again["flags"] & EPHEMERAL
        assert again["content"] == f"✅ '{concept.title}', 이미 읽음으로 기록돼 있어요. 지금까지 1명이 읽었어요."
        assert await bot.app.progress.read_concepts(guild.id, guild.member("minsu").id) == {concept.id}

        started = await (await fake.click_button(None, "seoyeon", today, f"quiz:concept:{concept.index}")).reply()
        assert started["flags"] & EPHEMERAL and started["id"] != today["id"]
        questions = bot.app.course.questions_for(concept.id)
        count = min(5, len(questions))
        assert started["embeds"][0]["title"] == f"📝 문제 1/{count} · {concept.title}"
        session = await bot.app.db.quizzes.get_quiz_session(guild.id, 1)
        assert session is not None and session.user_id == guild.member("seoyeon").id
        assert set(session.question_ids) <= {q.id for q in questions}  # that day's concept only
        assert fake.message(today["id"])["components"] == today["components"]  # the post itself is untouched
