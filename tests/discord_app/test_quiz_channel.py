"""/quiz channel end to end: one question for the channel, closed at its deadline, also across a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.core.course import Question
from tests.discord_app.conftest import RunningBot
from tests.discord_app.course_answers import (
    LETTERS,
    lettered,
    question_of,
    right_key,
    shown_choice,
    wrong_choice,
    wrong_key,
)
from tests.discord_app.quiz_support import EPHEMERAL, SteppingClock, button_id, buttons, card, fields, running_quiz_bot
from tests.fakediscord import Channel, FakeDiscord
from tests.fakediscord.util import new_id
from tests.store.support import seoul

pytestmark = pytest.mark.timeout(30)
FIRST = "컨테이너-기술이란-무엇입니까"  # its least-answered channel question: lxc-origin


@pytest.fixture
def clock() -> SteppingClock:
    return SteppingClock(seoul(2024, 12, 2, 9))


async def start_channel_quiz(fake: FakeDiscord, seconds: int = 60) -> dict[str, Any]:
    """The organizer starts a channel quiz in #study; returns the question posted there."""
    study = fake.world.guild.channel("study")
    before = len(fake.channel_messages(study))
    handle = await fake.send_slash_command(
        None, "organizer", "quiz", "channel", {"concept": FIRST, "seconds": seconds}, channel=study
    )
    ack = await handle.reply()
    assert ack["flags"] & EPHEMERAL
    assert ack["content"] == f"✅ 채널 퀴즈를 올렸어요. {seconds}초 뒤에 마감하고 결과를 알려 드려요."
    posted = fake.channel_messages(study)[before:]
    assert len(posted) == 1
    return posted[0]


async def asked(bot: RunningBot, session_id: int = 1) -> Question:
    """The question a channel quiz asks, read from its session and the loaded course."""
    session = await bot.app.db.quizzes.get_quiz_session(bot.fake.world.guild.id, session_id)
    assert session is not None and len(session.question_ids) == 1
    return question_of(bot.app.course, session.question_ids[0])


def tally(question: Question, counts: dict[str, int]) -> str:
    """The results' lines: every choice with its letter and how many chose it, the right one ticked."""
    return "\n".join(
        f"{'✅' if choice == question.answer else '▫️'} {letter}. {choice} — {counts.get(choice, 0)}명"
        for letter, choice in zip(LETTERS, question.choices, strict=False)
    )


async def click(fake: FakeDiscord, member: str, message: dict[str, Any], label: str) -> dict[str, Any]:
    return await (await fake.click_button(None, member, message, button_id(message, label))).reply()


async def results_of(fake: FakeDiscord, message: dict[str, Any], start: int = 0) -> dict[str, Any]:
    """The quiz message once the results were edited into it."""
    await fake.wait_for_call("PATCH", rf"/channels/\d+/messages/{message['id']}$", start=start)
    return fake.message(message["id"])


def edits_of(fake: FakeDiscord, message: dict[str, Any]) -> int:
    return len(fake.find_calls("PATCH", rf"/channels/\d+/messages/{message['id']}$"))


async def test_three_members_answer_once_each_and_the_results_count_exactly(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        guild = fake.world.guild
        quiz = await start_channel_quiz(fake)
        question = await asked(bot)
        right, wrong = str(question.answer), wrong_choice(question)
        assert not quiz["flags"] & EPHEMERAL
        assert card(quiz)["title"] == "📣 채널 퀴즈 · 컨테이너 기술이란 무엇입니까?"
        assert card(quiz)["description"].startswith(f"{question.prompt}\n\n{lettered(question)}\n")
        assert "⏰ 60초 동안 받아요 (09:01:00 마감)" in card(quiz)["description"]
        assert [label for label, _ in buttons(quiz)] == ["A", "B", "C", "D", "지금 마감 (운영진)"]

        ack = await click(fake, "minsu", quiz, right_key(question))
        assert ack["flags"] & EPHEMERAL
        assert ack["content"] == (
            f"✅ 내 답: '{shown_choice(question, right)}'\n"
            "한 번 고른 답은 바꿀 수 없어요. 마감되면 결과가 퀴즈 메시지에 나와요."
        )
        await click(fake, "seoyeon", quiz, wrong_key(question))
        again = await click(fake, "seoyeon", quiz, right_key(question))  # a change of mind does not count
        assert again["content"] == (
            f"⚠️ 이미 답했어요 (내 답: '{shown_choice(question, wrong)}'). "
            "한 번 고른 답은 바꿀 수 없어요. 마감 뒤 결과를 기다려 주세요!"
        )
        clock.advance(seconds=30)
        await click(fake, "jihoon", quiz, right_key(question))

        # A click that reaches the bot after the deadline, before the timer has run, is told it ended.
        clock.now = seoul(2024, 12, 2, 9, 1)
        late = await click(fake, "organizer", quiz, right_key(question))
        assert late["content"] == "⚠️ 이 채널 퀴즈는 이미 끝났어요. 결과는 퀴즈 메시지에서 볼 수 있어요."

        clock.advance(seconds=0)  # the timer's turn
        closed = await results_of(fake, quiz)
        assert card(closed)["title"] == "⏰ 채널 퀴즈 결과 · 컨테이너 기술이란 무엇입니까?"
        assert tally(question, {right: 2, wrong: 1}) in card(closed)["description"]
        assert f"💡 {question.explanation[:40]}" in card(closed)["description"]
        shown = fields(closed)
        assert shown["정답"] == shown_choice(question, right) and shown["참여"] == "3명 · 정답 2명"
        assert shown["🥇 가장 먼저 맞힌 사람"] == f"<@{guild.member('minsu').id}>"
        closed_buttons = [c for row in closed["components"] for c in row["components"]]
        assert [c["label"] for c in closed_buttons] == ["A", "B", "C", "D"]
        assert all(c["disabled"] for c in closed_buttons)
        green = [c["label"] for c in closed_buttons if c["style"] == 3]
        assert green == [right_key(question)]  # the right one, and only it, green
        rows = await bot.app.db.quizzes.session_attempts(guild.id, 1)
        assert sorted((guild.member(a.user_id).user.username, a.correct) for a in rows) == [
            ("jihoon", True),
            ("minsu", True),
            ("seoyeon", False),
        ]
        assert edits_of(fake, quiz) == 1
        assert bot.client.quiz_closer.pending == set()


async def test_a_restart_before_the_deadline_closes_the_quiz_once_afterwards(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        quiz = await start_channel_quiz(fake, seconds=120)
        question = await asked(bot)
        await click(fake, "minsu", quiz, right_key(question))
        await click(fake, "seoyeon", quiz, wrong_key(question))
        clock.advance(seconds=30)
    assert edits_of(fake, quiz) == 0  # stopping the bot closed nothing

    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        assert bot.client.quiz_closer.pending == {1}  # re-armed from the database at start
        await click(fake, "jihoon", quiz, right_key(question))  # the buttons still work after the restart
        clock.advance(seconds=60)
        assert edits_of(fake, quiz) == 0  # 90 of 120 seconds: still open
        calls = len(fake.calls)
        clock.advance(seconds=31)
        closed = await results_of(fake, quiz, start=calls)
        assert fields(closed)["참여"] == "3명 · 정답 2명"
        assert tally(question, {str(question.answer): 2, wrong_choice(question): 1}) in card(closed)["description"]

    async with running_quiz_bot(fake, tmp_path, clock) as bot:  # a third start: nothing left to close
        assert bot.client.quiz_closer.pending == set()
    assert edits_of(fake, quiz) == 1


async def test_a_quiz_whose_deadline_passed_while_the_bot_was_down_closes_at_start(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        quiz = await start_channel_quiz(fake, seconds=10)
        await click(fake, "minsu", quiz, wrong_key(await asked(bot)))
    clock.advance(minutes=5)  # the bot was down past the deadline
    calls = len(fake.calls)
    async with running_quiz_bot(fake, tmp_path, clock):
        closed = await results_of(fake, quiz, start=calls)
        assert fields(closed)["참여"] == "1명 · 정답 0명"
        assert "🥇 가장 먼저 맞힌 사람" not in fields(closed)
    assert edits_of(fake, quiz) == 1


async def test_only_organizers_start_or_close_a_channel_quiz(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        refused = await (await fake.send_slash_command(None, "minsu", "quiz", "channel")).reply()
        assert refused["content"] == "⚠️ 이 명령은 운영진만 쓸 수 있어요. (서버 관리 권한이나 운영진 역할이 필요해요)"
        assert fake.channel_messages(fake.world.guild.channel("study")) == []

        quiz = await start_channel_quiz(fake)
        await click(fake, "minsu", quiz, right_key(await asked(bot)))
        member_close = await click(fake, "minsu", quiz, "지금 마감 (운영진)")
        assert member_close["flags"] & EPHEMERAL
        assert (
            member_close["content"] == "⚠️ 이 명령은 운영진만 쓸 수 있어요. (서버 관리 권한이나 운영진 역할이 필요해요)"
        )
        assert edits_of(fake, quiz) == 0 and bot.client.quiz_closer.pending == {1}

        handle = await fake.click_button(None, "organizer", quiz, button_id(quiz, "지금 마감 (운영진)"))
        closed = await handle.reply()
        assert closed["id"] == quiz["id"] and fields(closed)["참여"] == "1명 · 정답 1명"
        assert bot.client.quiz_closer.pending == set()
        clock.advance(seconds=120)  # the cancelled timer posts nothing more
        assert edits_of(fake, quiz) == 0  # edited through the click's own response
        assert len(fake.channel_messages(fake.world.guild.channel("study"))) == 1


async def test_a_channel_the_bot_cannot_post_in_gets_a_clear_message_and_no_open_quiz(
    fake: FakeDiscord, tmp_path: Path, clock: SteppingClock
) -> None:
    guild = fake.world.guild
    hidden = Channel(id=new_id(), name="hidden", guild_id=guild.id)  # Discord answers the bot 404 there
    async with running_quiz_bot(fake, tmp_path, clock) as bot:
        handle = await fake.send_slash_command(None, "organizer", "quiz", "channel", channel=hidden)
        reply = await handle.reply()
        assert reply["flags"] & EPHEMERAL
        assert reply["content"].startswith("⚠️ 이 채널에 퀴즈를 올릴 수 없어요.")
        assert bot.client.quiz_closer.pending == set()
        assert await bot.app.quizzes.pending_closes() == []  # nothing left to close at the next start
