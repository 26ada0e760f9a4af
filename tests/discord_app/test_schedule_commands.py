"""/schedule set | show | pause | resume | post-now: refusals that save nothing, autocomplete, the course
running into the mission post and review days."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.schedule import REVIEW_MIN_ANSWERS
from tests.discord_app.conftest import RunningBot, command_mention
from tests.discord_app.schedule_support import SimClock, bot_at, bot_posts, command, custom_ids, fire
from tests.fakediscord import FakeDiscord
from tests.fakediscord.world import EMBED_LINKS, SEND_MESSAGES
from tests.services.quiz_support import answer_all

pytestmark = pytest.mark.timeout(60)
EPHEMERAL = 64
SEOUL = ZoneInfo("Asia/Seoul")


def seoul(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=SEOUL)


async def answer(bot: RunningBot, member: str, options: dict[str, str]) -> dict:  # type: ignore[type-arg]
    return await (await command(bot, member, "schedule", "set", options)).reply()


async def nothing_saved(bot: RunningBot) -> None:
    guild_id = bot.fake.world.guild.id
    settings = await bot.app.db.guilds.get_guild(guild_id)
    assert (settings.channel_id, settings.post_time) == (None, None)
    assert await bot.app.db.audit.list_audit(guild_id) == []
    assert bot.client.scheduler.job(guild_id) is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"channel": "study", "time": "25:00"},
            "⚠️ '25:00'은 시간으로 읽을 수 없어요. 24시간제 HH:MM으로 적어 주세요. 예: 09:00, 9:00, 21:30",
        ),
        (
            {"channel": "study", "time": "9시"},
            "⚠️ '9시'는 시간으로 읽을 수 없어요. 24시간제 HH:MM으로 적어 주세요. 예: 09:00, 9:00, 21:30",
        ),
        (
            {"channel": "study", "time": "09:00", "timezone": "Mars/Olympus"},
            "⚠️ 'Mars/Olympus'은(는) 알 수 없는 시간대예요. 'Asia/Seoul', 'Europe/Berlin' 같은 IANA 이름을 목록에서 골라 주세요.",
        ),
    ],
)
async def test_a_bad_time_or_zone_is_refused_with_an_example_and_nothing_is_saved(
    fake: FakeDiscord, tmp_path: Path, options: dict[str, str], message: str
) -> None:
    async with bot_at(fake, tmp_path, SimClock(seoul(1, 8))) as bot:
        reply = await answer(bot, "organizer", options)
        assert reply["flags"] & EPHEMERAL
        assert reply["content"] == message
        await nothing_saved(bot)


async def test_a_channel_where_the_bot_lacks_permissions_is_refused_naming_them(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    guild = fake.world.guild
    private = guild.add_channel("private")
    private.overwrite(guild.role(fake.world.bot_user.username), deny=SEND_MESSAGES | EMBED_LINKS)
    async with bot_at(fake, tmp_path, SimClock(seoul(1, 8))) as bot:
        reply = await answer(bot, "organizer", {"channel": "private", "time": "09:00"})
        assert reply["content"] == (
            "⚠️ 봇이 #private 채널에서 메시지 보내기, 링크 첨부 권한이 없어서 여기에 올릴 수 없어요. "
            "채널 설정 > 권한에서 봇 역할에 허용한 뒤 다시 해 주세요. (아무것도 저장하지 않았어요)"
        )
        await nothing_saved(bot)


async def test_members_are_refused_every_schedule_command(fake: FakeDiscord, tmp_path: Path) -> None:
    async with bot_at(fake, tmp_path, SimClock(seoul(1, 8))) as bot:
        reply = await answer(bot, "minsu", {"channel": "study", "time": "09:00"})
        assert reply["content"] == "⚠️ 이 명령은 운영진만 쓸 수 있어요. (서버 관리 권한이나 운영진 역할이 필요해요)"
        for sub in ("show", "pause", "resume", "post-now"):
            refused = await (await command(bot, "minsu", "schedule", sub)).reply()
            assert refused["content"].startswith("⚠️ 이 명령은 운영진만"), sub
        await nothing_saved(bot)
        assert bot_posts(fake, fake.world.guild.channel("study")) == []


async def test_timezone_autocomplete_offers_common_zones_first_then_matches(fake: FakeDiscord, tmp_path: Path) -> None:
    async with bot_at(fake, tmp_path, SimClock(seoul(1, 8))):

        async def choices(typed: str) -> list[str]:
            handle = await fake.send_autocomplete(
                None, "organizer", "schedule", "set", {"time": "09:00", "timezone": typed}, focused="timezone"
            )
            return [c["value"] for c in await handle.autocomplete_choices()]

        assert await choices("") == [
            "Asia/Seoul",
            "UTC",
            "Asia/Tokyo",
            "America/Los_Angeles",
            "America/New_York",
            "Europe/London",
            "Europe/Berlin",
        ]
        assert await choices("berl") == ["Europe/Berlin"]
        new = await choices("NEW_")
        assert new[0] == "America/New_York" and "America/North_Dakota/New_Salem" in new
        assert len(await choices("a")) == 25


async def test_pause_stops_the_timer_and_resume_starts_from_the_next_post_time(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    guild_id = fake.world.guild.id
    study = fake.world.guild.channel("study")
    async with bot_at(fake, tmp_path, clock) as bot:
        await answer(bot, "organizer", {"channel": "study", "time": "09:00"})
        paused = await (await command(bot, "organizer", "schedule", "pause")).reply()
        assert paused["embeds"][0]["title"] == "매일 게시를 멈췄어요"
        assert bot.client.scheduler.job(guild_id) is None
        clock.set(seoul(1, 9))
        bot.client.scheduler.run_now([guild_id])  # what a start-up would do: paused, nothing is due
        await bot.client.scheduler.idle()
        assert bot_posts(fake, study) == []
        card = (await (await command(bot, "organizer", "schedule", "show")).reply())["embeds"][0]
        fields = {f["name"]: f["value"] for f in card["fields"]}
        assert fields["상태"] == "⏸️ 일시 정지"
        assert fields["다음 게시"] == f"없음 ({command_mention(fake, 'schedule resume')}으로 다시 시작)"

        clock.set(seoul(1, 10))
        resumed = await (await command(bot, "organizer", "schedule", "resume")).reply()
        assert resumed["embeds"][0]["description"] == "다음 게시: 12월 2일 (수) 09:00"
        assert bot.client.scheduler.job(guild_id) is not None
        bot.client.scheduler.run_now([guild_id])  # 09:00 passed before the resume: not owed today
        await bot.client.scheduler.idle()
        assert bot_posts(fake, study) == []
        clock.set(seoul(2, 9))
        await fire(bot, guild_id)
        assert len(bot_posts(fake, study)) == 1
        actions = [a.action for a in reversed(await bot.app.db.audit.list_audit(guild_id))]
        assert actions == ["schedule_set", "schedule_pause", "schedule_resume"]


async def test_post_now_counts_as_todays_post_and_a_second_one_posts_the_next_concept(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    guild_id = fake.world.guild.id
    study = fake.world.guild.channel("study")
    async with bot_at(fake, tmp_path, clock) as bot:
        refused = await (await command(bot, "organizer", "schedule", "post-now")).reply()
        assert refused["content"] == (
            f"⚠️ 아직 게시할 채널이 없어요. 먼저 {command_mention(fake, 'schedule set')}으로 채널과 시간을 정해 주세요."
        )
        await answer(bot, "organizer", {"channel": "study", "time": "09:00"})
        first = (await (await command(bot, "organizer", "schedule", "post-now")).reply())["embeds"][0]
        assert first["description"] == (
            "1일째 개념 '컨테이너 기술이란 무엇입니까?'을(를) 올렸어요. 오늘의 게시로 쳐서 예약된 시간에는 다시 올리지 않아요."
        )
        second = (await (await command(bot, "organizer", "schedule", "post-now")).reply())["embeds"][0]
        assert (
            second["description"] == "오늘 2번째 게시예요. 다음 순서인 2일째 개념 '컨테이너의 개념 및 구조'를 올렸어요."
        )
        clock.set(seoul(1, 9))
        await fire(bot, guild_id)
        assert len(bot_posts(fake, study)) == 2
        today = await (await command(bot, "minsu", "concept", "today")).reply()
        assert today["embeds"][0]["title"].startswith("📚 오늘의 개념 (2일째) · ")
        actions = [a.action for a in await bot.app.db.audit.list_audit(guild_id)]
        assert actions.count("schedule_post_now") == 2


async def test_after_the_last_concept_comes_the_mission_post_then_review_days(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    clock = SimClock(seoul(1, 8))
    guild_id = fake.world.guild.id
    study = fake.world.guild.channel("study")
    course = None
    async with bot_at(fake, tmp_path, clock) as bot:
        course = bot.app.course
        await answer(bot, "organizer", {"channel": "study", "time": "09:00"})
        for _ in course.concepts:
            await (await command(bot, "organizer", "schedule", "post-now")).reply()
        mission = (await (await command(bot, "organizer", "schedule", "post-now")).reply())["embeds"][0]
        assert mission["description"].startswith(
            "오늘 12번째 게시예요. 다음 순서인 미션 안내 '[실전 미션] 도커 설치하기'"
        )
        post = fake.channel_messages(study)[-1]["embeds"][0]
        assert post["title"] == "🎯 [실전 미션] 도커 설치하기"
        assert post["fields"][0]["name"] == "확인 방법"
        assert command_mention(fake, "mission confirm") in post["fields"][0]["value"]

        nothing = await (await command(bot, "organizer", "schedule", "post-now")).reply()
        assert nothing["embeds"][0]["title"] == "올릴 글이 없어요"
        card = (await (await command(bot, "organizer", "schedule", "show")).reply())["embeds"][0]
        last = next(f["value"] for f in card["fields"] if f["name"] == "마지막 게시")
        assert last.startswith("12월 1일 게시 없음: ➖ 건너뜀 — 복습할 개념이 없어요")
        progress = next(f["value"] for f in card["fields"] if f["name"] == "진도")
        assert progress == "11/11일째"

        # Members answer questions of one concept mostly wrong (the quiz service's own path).
        weak = course.concepts[4]
        questions = course.questions_for(weak.id)
        answered = 0
        for member in ("minsu", "seoyeon", "jihoon"):
            user = fake.world.guild.member(member)
            quiz = await bot.app.quizzes.open_quiz(guild_id, user.id, member, weak.id, len(questions))
            await answer_all(bot.app.quizzes, quiz, user.id, member, right=set())
            answered += len(quiz.question_ids)
        assert answered >= REVIEW_MIN_ANSWERS
        clock.set(seoul(2, 9))
        await fire(bot, guild_id)
        review = bot_posts(fake, study)[-1]
        assert review["embeds"][0]["title"].startswith(f"🔁 복습의 날 · {weak.title}")
        assert custom_ids(review) == [f"post:read:{weak.index}", f"quiz:concept:{weak.index}"]
        today = await (await command(bot, "minsu", "concept", "today")).reply()
        assert today["embeds"][0]["title"].startswith(f"📚 오늘의 개념 ({weak.index + 1}일째) · {weak.title}")
