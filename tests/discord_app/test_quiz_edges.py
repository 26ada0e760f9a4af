"""Quizzes at the edges: the daily post's quiz button, two servers, Discord's limits, autocomplete, a late
interaction."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import time, timedelta
from pathlib import Path

import pytest

from bot.console.render import render_reply
from bot.core.course import Question, QuestionType
from bot.discord_app import respond
from bot.discord_app.render import render
from bot.services.quizzes import QuizService
from bot.services.reply import Field, Reply, member
from tests.discord_app.conftest import command_mention
from tests.discord_app.course_answers import question_of, right_key, wrong_key
from tests.discord_app.quiz_support import (
    EPHEMERAL,
    SteppingClock,
    bot_message,
    button_id,
    buttons,
    card,
    fields,
    running_quiz_bot,
)
from tests.fakediscord import FakeDiscord, World
from tests.store.support import docker_course, seoul

pytestmark = pytest.mark.timeout(30)
IMAGE = 8  # Concept.index of "도커 이미지"


@pytest.fixture
def fake_world() -> World:
    return World.default(("스터디 서버", "두번째 서버"))


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(seoul(2024, 12, 2, 9))


async def test_the_daily_posts_quiz_button_starts_a_personal_quiz_on_that_concept(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        guild = fake.world.guild
        post = bot_message(
            fake, guild, "study", "📚 오늘의 개념 · 도커 이미지", [("오늘의 퀴즈", f"quiz:concept:{IMAGE}")]
        )
        first = await (await fake.click_button(None, "seoyeon", post, f"quiz:concept:{IMAGE}")).reply()
        assert first["flags"] & EPHEMERAL and first["id"] != post["id"]
        assert card(first)["title"] == "📝 문제 1/5 · 도커 이미지"
        other = await (await fake.click_button(None, "jihoon", post, f"quiz:concept:{IMAGE}")).reply()
        assert card(other)["title"] == "📝 문제 1/5 · 도커 이미지"
        sessions = [await bot.app.db.quizzes.get_quiz_session(guild.id, s) for s in (1, 2)]
        owners = [s.user_id for s in sessions if s is not None]
        assert owners == [guild.member("seoyeon").id, guild.member("jihoon").id]  # one quiz each
        assert fake.message(post["id"])["components"] == post["components"]  # the post itself is untouched

        gone = bot_message(fake, guild, "study", "옛 게시물", [("오늘의 퀴즈", "quiz:concept:99")])
        refused = await (await fake.click_button(None, "seoyeon", gone, "quiz:concept:99")).reply()
        assert (
            refused["content"]
            == f"⚠️ 이 개념은 지금 코스에 없어요. {command_mention(fake, 'quiz start')}로 퀴즈를 시작해 주세요."
        )


async def test_two_servers_quizzes_never_mix(fake: FakeDiscord, tmp_path: Path, clock: SteppingClock) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        first, second = fake.world.guilds
        course = bot.app.course
        # the first server has been posted three concepts (an organizer's post-now, sent to the fake), the second none
        await bot.app.db.guilds.update_guild(first.id, channel_id=first.channel("study").id, post_time=time(9, 0))
        for _ in range(3):
            await bot.app.daily_posts.post_now(first.id, first.member("minsu").id, bot.app.clock())

        here = await (await fake.send_slash_command(first, "minsu", "quiz", "start", {"count": 10})).reply()
        there = await (await fake.send_slash_command(second, "minsu", "quiz", "start", {"count": 10})).reply()
        assert card(here)["title"] == "📝 문제 1/10 · 컨테이너 기술이란 무엇입니까?"
        first_concept = course.questions_for(course.concepts[0].id)
        assert 1 < len(first_concept) < 10
        assert card(there)["title"] == f"📝 문제 1/{len(first_concept)} · 컨테이너 기술이란 무엇입니까?"
        s1 = await bot.app.db.quizzes.get_quiz_session(first.id, 1)
        s2 = await bot.app.db.quizzes.get_quiz_session(second.id, 2)
        assert s1 is not None and s2 is not None
        assert sorted(s2.question_ids) == sorted(q.id for q in first_concept)  # the first concept only
        posted = {c.id for c in course.concepts[:3]}
        assert {q.concept_id for q in course.questions if q.id in s1.question_ids} <= posted
        assert await bot.app.db.quizzes.get_quiz_session(second.id, 1) is None

        # a button of the first server's quiz clicked in the second server finds nothing there
        forged = bot_message(fake, second, "study", "다른 서버", [("A", "quiz:answer:1:0:A")])
        refused = await (await fake.click_button(second, "minsu", forged, "quiz:answer:1:0:A")).reply()
        assert (
            refused["content"]
            == f"⚠️ 이 퀴즈를 찾을 수 없어요. {command_mention(fake, 'quiz start')}로 새 퀴즈를 시작해 주세요."
        )
        assert await bot.app.db.quizzes.session_attempts(first.id, 1) == []
        assert await bot.app.db.quizzes.session_attempts(second.id, 1) == []

        # one channel quiz in each server at once: separate answers, separate results
        quizzes = []
        for guild in (first, second):
            handle = await fake.send_slash_command(guild, "organizer", "quiz", "channel", {"seconds": 30})
            await handle.reply()
            quizzes.append(fake.channel_messages(guild.channel("study"))[-1])
        asked = []
        for guild, quiz in zip((first, second), quizzes, strict=True):
            session_id = int(buttons(quiz)[0][1].split(":")[2])  # quiz:channel:<session>:<key>
            session = await bot.app.db.quizzes.get_quiz_session(guild.id, session_id)
            assert session is not None and len(session.question_ids) == 1
            asked.append(question_of(course, session.question_ids[0]))
        here_right = button_id(quizzes[0], right_key(asked[0]))
        await (await fake.click_button(first, "minsu", quizzes[0], here_right)).reply()
        await (await fake.click_button(first, "seoyeon", quizzes[0], here_right)).reply()
        there_wrong = button_id(quizzes[1], wrong_key(asked[1]))
        await (await fake.click_button(second, "jihoon", quizzes[1], there_wrong)).reply()
        calls = len(fake.calls)
        clock.advance(seconds=31)
        for quiz in quizzes:
            await fake.wait_for_call("PATCH", rf"/channels/\d+/messages/{quiz['id']}$", start=calls)
        assert fields(fake.message(quizzes[0]["id"]))["참여"] == "2명 · 정답 2명"
        assert fields(fake.message(quizzes[1]["id"]))["참여"] == "1명 · 정답 0명"


def with_long_texts(question: Question) -> Question:
    return dataclasses.replace(
        question,
        choices=("가" * 120, "나" * 95, "LXC"),
        answer="LXC",
        explanation="설명하는 문장이에요. " * 250,  # 3,000 characters: more than a field, less than a description
    )


async def test_long_choices_and_a_long_explanation_stay_within_discords_limits(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    shipped = docker_course()
    long_one = with_long_texts(shipped.questions[0])
    assert long_one.type is QuestionType.CHOICE
    course = dataclasses.replace(shipped, questions=(long_one, *shipped.questions[1:]))
    async with running_quiz_bot(fake, tmp_path, clock, course=course):
        concept = course.concepts[0].id
        # the channel quiz first: it asks the question this server has answered least
        await (
            await fake.send_slash_command(None, "organizer", "quiz", "channel", {"concept": concept, "seconds": 10})
        ).reply()
        posted = fake.channel_messages(fake.world.guild.channel("study"))[-1]
        assert f"A. {'가' * 120}" in card(posted)["description"]
        calls = len(fake.calls)
        clock.advance(seconds=11)
        await fake.wait_for_call("PATCH", rf"/channels/\d+/messages/{posted['id']}$", start=calls)
        results = fake.message(posted["id"])
        embed = card(results)
        size = (
            len(embed["title"])
            + len(embed["description"])
            + sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
        )
        assert size <= 6000 and fields(results)["정답"] == "C. LXC"

        message = await (
            await fake.send_slash_command(None, "minsu", "quiz", "start", {"concept": concept, "count": 1})
        ).reply()
        assert [label for label, _ in buttons(message)] == ["A", "B", "C", "그만하기"]  # letters on the buttons
        assert f"A. {'가' * 120}\nB. {'나' * 95}\nC. LXC" in card(message)["description"]  # whole texts in the embed

        message = await (await fake.click_button(None, "minsu", message, button_id(message, "B"))).reply()
        assert fields(message)["내 답"] == f"B. {'나' * 95}"
        description = card(message)["description"]
        assert len(description) <= 4096 and long_one.explanation in description  # whole, not cut at 1,024

    # the fake answers a message over any limit with 400 and fails the test at teardown


async def test_quiz_autocomplete_ranks_a_title_match_before_its_parent_section(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock):
        for command, subcommand in (("quiz", "start"), ("quiz", "channel"), ("concept", "show")):
            handle = await fake.send_autocomplete(None, "organizer", command, subcommand, {"concept": "도커 이미"})
            names = [c["name"] for c in await handle.autocomplete_choices()]
            assert names[0].startswith("9. 도커 이미지"), (command, names)
            assert names[1].startswith("8. 도커 파일")  # then the concepts whose parent heading matches


async def test_a_late_click_is_deferred_at_once_and_then_answered(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        message = await (await fake.send_slash_command(None, "minsu", "quiz", "start", {"count": 1})).reply()
        original = QuizService.answer_key

        async def slow(self: QuizService, *args: object) -> object:
            await asyncio.sleep(0.2)
            return await original(self, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(QuizService, "answer_key", slow)
        # The click reaches the bot 2.5 s after Discord created it: 0.5 s of Discord's 3 are left, so the
        # bot defers at once instead of waiting its usual 1.5 s.
        real_now = respond.utcnow
        monkeypatch.setattr(respond, "utcnow", lambda: real_now() + timedelta(seconds=2.5))
        handle = await fake.click_button(None, "minsu", message, button_id(message, "A"))
        answered = await handle.reply()
        assert [c["type"] for c in handle.callbacks] == [6]  # deferred update, then the message edited
        assert answered["id"] == message["id"] and card(answered)["title"].startswith(("⭕", "❌"))
        assert len(await bot.app.db.quizzes.session_attempts(fake.world.guild.id, 1)) == 1


def test_a_member_reference_is_a_mention_on_discord_and_a_name_in_the_terminal() -> None:
    reply = Reply(
        title=f"축하 {member(42, '김민수')}",
        body=f"먼저 맞힌 사람: {member(42, '김민수')}",
        fields=(Field("🥇", member(7, "이⟫서연")),),
    )
    data = render(reply).embed.to_dict()  # type: ignore[union-attr]
    assert data["description"] == "먼저 맞힌 사람: <@42>" and data["fields"][0]["value"] == "<@7>"
    assert data["title"] == "축하 @김민수"  # titles show no mentions
    assert "먼저 맞힌 사람: @김민수" in render_reply(reply) and "@이서연" in render_reply(reply)
