"""/quiz start end to end: the real discord.py client, the fake Discord, a real database, buttons only."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.course import QuestionType
from tests.discord_app.conftest import command_mention
from tests.discord_app.course_answers import lettered, question_of, right_key, shown_choice, wrong_choice, wrong_key
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
from tests.store.support import seoul

pytestmark = pytest.mark.timeout(30)
FIRST = "컨테이너-기술이란-무엇입니까"  # lxc-origin (choice), lxc-level-tf (O/X), container-purpose (choice),
# hypervisor-term (short), hypervisor-example (choice)


@pytest.fixture
def fake_world() -> World:
    return World.default(("스터디 서버", "두번째 서버"))


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(seoul(2024, 12, 2, 9))


async def test_a_member_plays_a_quiz_of_every_question_type_with_buttons_only(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        guild, minsu = fake.world.guild, fake.world.guild.member("minsu")
        start = await fake.send_slash_command(None, minsu, "quiz", "start", {"concept": FIRST, "count": 4})
        message = await start.reply()
        session = await bot.app.db.quizzes.get_quiz_session(guild.id, 1)
        assert session is not None
        first, tf, third, short = (question_of(bot.app.course, qid) for qid in session.question_ids)
        assert [q.type for q in (first, tf, third, short)] == [
            QuestionType.CHOICE,
            QuestionType.TRUEFALSE,
            QuestionType.CHOICE,
            QuestionType.SHORT,
        ]
        assert message["flags"] & EPHEMERAL
        assert card(message)["title"] == "📝 문제 1/4 · 컨테이너 기술이란 무엇입니까?"
        assert card(message)["description"] == f"{first.prompt}\n\n{lettered(first)}"
        assert [label for label, _ in buttons(message)] == ["A", "B", "C", "D", "그만하기"]

        # multiple choice, right
        message = await (await fake.click_button(None, minsu, message, button_id(message, right_key(first)))).reply()
        assert card(message)["title"] == "⭕ 정답이에요! (문제 1/4)"
        assert f"💡 {first.explanation[:40]}" in card(message)["description"]
        right_first = shown_choice(first, str(first.answer))
        assert fields(message) == {
            "내 답": right_first,
            "정답": right_first,
            "📖 출처": "1. 컨테이너 기술이란 무엇입니까?",
        }
        assert [label for label, _ in buttons(message)] == ["📖 개념 보기", "다음 문제 ▶", "그만하기"]

        # "개념 보기" shows the source concept to the member alone, as a new message, and counts as read
        shown = await (await fake.click_button(None, minsu, message, button_id(message, "📖 개념 보기"))).reply()
        assert shown["flags"] & EPHEMERAL and card(shown)["title"] == "📖 1번째 개념 · 컨테이너 기술이란 무엇입니까?"
        assert await bot.app.db.progress.read_concepts(guild.id, minsu.id) == {FIRST}

        # true/false, wrong: the right answer and the explanation are shown
        message = await (await fake.click_button(None, minsu, message, button_id(message, "다음 문제 ▶"))).reply()
        assert card(message)["title"] == "📝 문제 2/4 · 컨테이너 기술이란 무엇입니까?"
        assert [label for label, _ in buttons(message)] == ["O", "X", "그만하기"]
        assert tf.answer is False  # so that O is the wrong answer below
        message = await (await fake.click_button(None, minsu, message, button_id(message, "O"))).reply()
        assert card(message)["title"] == "❌ 아쉬워요, 오답이에요 (문제 2/4)"
        assert fields(message)["내 답"] == "O (맞다)" and fields(message)["정답"] == "X (틀리다)"
        assert f"💡 {tf.explanation[:40]}" in card(message)["description"]

        # multiple choice, wrong
        message = await (await fake.click_button(None, minsu, message, button_id(message, "다음 문제 ▶"))).reply()
        message = await (await fake.click_button(None, minsu, message, button_id(message, wrong_key(third)))).reply()
        assert card(message)["title"] == "❌ 아쉬워요, 오답이에요 (문제 3/4)"
        assert fields(message)["내 답"] == shown_choice(third, wrong_choice(third))
        assert fields(message)["정답"] == shown_choice(third, str(third.answer))

        # short answer through the form, right with an English alias
        message = await (await fake.click_button(None, minsu, message, button_id(message, "다음 문제 ▶"))).reply()
        assert card(message)["title"] == "📝 문제 4/4 · 컨테이너 기술이란 무엇입니까?"
        assert [label for label, _ in buttons(message)] == ["✏️ 답 입력", "그만하기"]
        opened = await fake.click_button(None, minsu, message, button_id(message, "✏️ 답 입력"))
        form = await opened.modal()
        assert form["title"] == "답 입력 · 문제 4"
        [text_input] = [c for row in form["components"] for c in row.get("components", [row.get("component")])]
        assert text_input["max_length"] == 200 and text_input["style"] == 1
        submitted = await fake.submit_modal(None, minsu, form["custom_id"], {"answer": " Hypervisor "}, message)
        message = await submitted.reply()
        assert card(message)["title"] == "⭕ 정답이에요! (문제 4/4)"
        assert [label for label, _ in buttons(message)] == ["📖 개념 보기", "결과 보기 🏁"]

        # the summary: score, time, what to review, when
        clock.advance(seconds=95)
        message = await (await fake.click_button(None, minsu, message, button_id(message, "결과 보기 🏁"))).reply()
        assert card(message)["title"] == "🏁 퀴즈 결과"
        summary = fields(message)
        assert summary["점수"] == "4문제 중 4문제 답함 · 정답 2개 (50%)"
        assert summary["📚 다시 볼 개념"] == "• 1. 컨테이너 기술이란 무엇입니까?"
        assert summary["🔁 다음 복습"].startswith("틀린 2문제는 지금 바로 다시 풀 수 있어요.")
        assert message["components"] == []

        attempts = await bot.app.db.quizzes.session_attempts(guild.id, 1)
        assert [(a.question_id, a.answer, a.correct) for a in attempts] == [
            (first.id, first.answer, True),
            (tf.id, "O", False),
            (third.id, wrong_choice(third), False),
            (short.id, "Hypervisor", True),
        ]
        # a click on the finished quiz (an older copy of its message) says so, and how to start a new one
        stale = bot_message(
            fake, guild, "study", "예전 화면", [("X", "quiz:answer:1:1:X"), ("그만하기", "quiz:stop:1")]
        )
        for custom_id in ("quiz:answer:1:1:X", "quiz:stop:1"):
            late = await (await fake.click_button(None, minsu, stale, custom_id)).reply()
            assert late["flags"] & EPHEMERAL
            assert late["content"] in (
                f"⚠️ 이미 끝난 퀴즈예요. {command_mention(fake, 'quiz start')}로 새 퀴즈를 시작해 보세요!",
                "⚠️ 이미 답한 문제예요 (처음 낸 답: 'O (맞다)'). 한 번 낸 답은 바꿀 수 없어요.",
            )
        assert len(await bot.app.db.quizzes.session_attempts(guild.id, 1)) == 4


async def test_a_typed_answer_that_is_too_long_is_refused_without_using_up_the_question(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        guild, minsu = fake.world.guild, fake.world.guild.member("minsu")
        message = await (
            await fake.send_slash_command(None, minsu, "quiz", "start", {"concept": FIRST, "count": 4})
        ).reply()
        for _ in range(3):  # through to the short answer
            first_key = buttons(message)[0][1]
            message = await (await fake.click_button(None, minsu, message, first_key)).reply()
            message = await (await fake.click_button(None, minsu, message, button_id(message, "다음 문제 ▶"))).reply()
        form_id = "quiz:typed:1:3"
        assert button_id(message, "✏️ 답 입력") == "quiz:type:1:3"

        # Discord's form stops at 200 characters; a client that sends more is refused all the same
        pasted = await fake.submit_modal(None, minsu, form_id, {"answer": "가" * 500}, message)
        refusal = await pasted.reply()
        assert refusal["flags"] & EPHEMERAL
        assert refusal["content"] == (
            "⚠️ 답이 너무 길어요 (500자). 200자 안으로 핵심 낱말만 적어 주세요. 이 문제는 아직 답하지 않은 것으로 남아 있어요."
        )
        assert card(fake.message(message["id"]))["title"] == "📝 문제 4/4 · 컨테이너 기술이란 무엇입니까?"
        assert len(await bot.app.db.quizzes.session_attempts(guild.id, 1)) == 3

        # the question is still open: a wrong answer is taken and explained
        await (await fake.click_button(None, minsu, message, button_id(message, "✏️ 답 입력"))).modal()
        message = await (await fake.submit_modal(None, minsu, form_id, {"answer": "가상 머신"}, message)).reply()
        assert card(message)["title"] == "❌ 아쉬워요, 오답이에요 (문제 4/4)"
        assert fields(message)["내 답"] == "가상 머신" and fields(message)["정답"] == "하이퍼바이저"

        # an old screen's button still opens the form at once (no database read may come before a form),
        # and sending it is refused: the question was answered and the quiz is over; nothing is recorded
        stale = bot_message(fake, guild, "study", "예전 화면", [("✏️ 답 입력", form_id.replace("typed", "type"))])
        again = await fake.click_button(None, minsu, stale, "quiz:type:1:3")
        assert (await again.modal())["custom_id"] == form_id
        late = await (await fake.submit_modal(None, minsu, form_id, {"answer": "하이퍼바이저"}, stale)).reply()
        assert late["flags"] & EPHEMERAL
        assert late["content"].startswith("⚠️ 이미 답한 문제예요 (처음 낸 답: '가상 머신')"), late
        assert len(await bot.app.db.quizzes.session_attempts(guild.id, 1)) == 4
        assert fake.message(stale["id"])["content"] == "예전 화면"  # the old screen is left as it was


async def test_a_foreign_click_is_refused_and_two_clicks_at_once_record_one_answer(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        guild = fake.world.guild
        message = await (
            await fake.send_slash_command(None, "minsu", "quiz", "start", {"concept": FIRST, "count": 2})
        ).reply()

        foreign = await (await fake.click_button(None, "seoyeon", message, button_id(message, "A"))).reply()
        assert foreign["flags"] & EPHEMERAL and foreign["id"] != message["id"]
        assert (
            foreign["content"]
            == f"⚠️ 다른 멤버의 퀴즈라서 답할 수 없어요. {command_mention(fake, 'quiz start')}로 내 퀴즈를 시작해 보세요!"
        )
        stop = await (await fake.click_button(None, "seoyeon", message, button_id(message, "그만하기"))).reply()
        assert "다른 멤버의 퀴즈" in stop["content"]
        assert card(fake.message(message["id"]))["title"] == "📝 문제 1/2 · 컨테이너 기술이란 무엇입니까?"

        # a double click (even on two different letters): one row, the second told the first choice
        first = await fake.click_button(None, "minsu", message, button_id(message, "A"))
        second = await fake.click_button(None, "minsu", message, button_id(message, "B"))
        replies = [await first.reply(), await second.reply()]
        edited = [r for r in replies if r["id"] == message["id"]]
        told = [r for r in replies if r["id"] != message["id"]]
        assert len(edited) == 1 and len(told) == 1
        chosen = fields(edited[0])["내 답"]
        assert told[0]["flags"] & EPHEMERAL
        assert told[0]["content"] == f"⚠️ 이미 답한 문제예요 (처음 낸 답: '{chosen}'). 한 번 낸 답은 바꿀 수 없어요."
        attempts = await bot.app.db.quizzes.session_attempts(guild.id, 1)
        assert [(a.user_id, a.question_id) for a in attempts] == [(guild.member("minsu").id, "lxc-origin")]

        # stopping ends the quiz; a click on it afterwards says so and how to start anew
        message = fake.message(message["id"])
        summary = await (await fake.click_button(None, "minsu", message, button_id(message, "그만하기"))).reply()
        assert fields(summary)["점수"].startswith("2문제 중 1문제 답함 · 정답 ")
        stale = bot_message(fake, guild, "study", "예전 화면", [("O", "quiz:answer:1:1:O")])
        late = await (await fake.click_button(None, "minsu", stale, "quiz:answer:1:1:O")).reply()
        assert (
            late["content"] == f"⚠️ 이미 끝난 퀴즈예요. {command_mention(fake, 'quiz start')}로 새 퀴즈를 시작해 보세요!"
        )
        assert len(await bot.app.db.quizzes.session_attempts(guild.id, 1)) == 1


async def test_a_quiz_goes_on_after_a_restart(fake: FakeDiscord, tmp_path: Path, clock: SteppingClock) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        message = await (
            await fake.send_slash_command(None, "jihoon", "quiz", "start", {"concept": FIRST, "count": 4})
        ).reply()
        session = await bot.app.db.quizzes.get_quiz_session(fake.world.guild.id, 1)
        assert session is not None
        asked = [question_of(bot.app.course, qid) for qid in session.question_ids]
        message = await (
            await fake.click_button(None, "jihoon", message, button_id(message, right_key(asked[0])))
        ).reply()
        assert card(message)["title"] == "⭕ 정답이에요! (문제 1/4)"

    async with running_quiz_bot(fake, tmp_path, clock):  # the same database, a new process
        message = await (await fake.click_button(None, "jihoon", message, button_id(message, "다음 문제 ▶"))).reply()
        assert card(message)["title"] == "📝 문제 2/4 · 컨테이너 기술이란 무엇입니까?"
        message = await (
            await fake.click_button(None, "jihoon", message, button_id(message, right_key(asked[1])))
        ).reply()
        assert card(message)["title"] == "⭕ 정답이에요! (문제 2/4)"
        message = await (await fake.click_button(None, "jihoon", message, button_id(message, "다음 문제 ▶"))).reply()
        message = await (
            await fake.click_button(None, "jihoon", message, button_id(message, right_key(asked[2])))
        ).reply()
        assert card(message)["title"] == "⭕ 정답이에요! (문제 3/4)"
        message = await (await fake.click_button(None, "jihoon", message, button_id(message, "다음 문제 ▶"))).reply()
        form = await (await fake.click_button(None, "jihoon", message, button_id(message, "✏️ 답 입력"))).modal()

    async with running_quiz_bot(fake, tmp_path, clock) as bot:  # a form opened before a restart is taken after it
        message = await (
            await fake.submit_modal(None, "jihoon", form["custom_id"], {"answer": "하이퍼바이저"}, message)
        ).reply()
        assert card(message)["title"] == "⭕ 정답이에요! (문제 4/4)"
        guild = fake.world.guild
        assert [(a.question_id, a.correct) for a in await bot.app.db.quizzes.session_attempts(guild.id, 1)] == [
            ("lxc-origin", True),
            ("lxc-level-tf", True),
            ("container-purpose", True),
            ("hypervisor-term", True),
        ]
        assert [q.id for q in asked] == ["lxc-origin", "lxc-level-tf", "container-purpose", "hypervisor-term"]
