"""The quizzes repository: sessions, their items, and answers that count once and only when they may."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

import pytest

from bot.store import AnswerStatus, Database
from tests.store.support import FakeClock

GUILD, OTHER = 111, 222


async def rows(db: Database, sql: str, *params: object) -> list[tuple[object, ...]]:
    return [tuple(r) for r in await db.read(lambda c: c.execute(sql, params).fetchall())]


async def test_200_concurrent_answers_are_all_recorded(db: Database) -> None:
    quiz = await db.quizzes.create_quiz_session(
        GUILD, ["q1", "q2"], channel_id=7, closes_at=db.clock() + timedelta(minutes=10)
    )
    results = await asyncio.gather(
        *(
            db.quizzes.add_attempt(GUILD, user, f"멤버{user}", quiz.session_id, f"q{1 + user % 2}", "A", user % 3 == 0)
            for user in range(200)
        )
    )
    assert results == [AnswerStatus.COUNTED] * 200
    assert await rows(db, "SELECT count(*), count(DISTINCT user_id), sum(correct) FROM quiz_attempts") == [
        (200, 200, 67)
    ]
    assert await rows(db, "SELECT count(*) FROM members WHERE guild_id = ?", GUILD) == [(200,)]


async def test_a_double_click_is_one_answer(db: Database) -> None:
    quiz = await db.quizzes.create_quiz_session(GUILD, ["q1", "q2"], user_id=1, display_name="민지")
    first, second = await asyncio.gather(
        db.quizzes.add_attempt(GUILD, 1, "민지", quiz.session_id, "q1", "A", True),
        db.quizzes.add_attempt(GUILD, 1, "민지", quiz.session_id, "q1", "B", False),
    )
    assert (first, second) == (AnswerStatus.COUNTED, AnswerStatus.DUPLICATE)
    assert await rows(db, "SELECT question_id, answer, correct FROM quiz_attempts") == [("q1", "A", 1)]


async def test_answers_that_may_not_count_are_refused_with_the_reason(db: Database, clock: FakeClock) -> None:
    mine = await db.quizzes.create_quiz_session(GUILD, ["q1"], user_id=1, display_name="민지")
    channel = await db.quizzes.create_quiz_session(
        GUILD, ["q1"], channel_id=7, closes_at=clock() + timedelta(seconds=60)
    )
    foreign = await db.quizzes.create_quiz_session(OTHER, ["q1"], user_id=1, display_name="민지")

    assert await db.quizzes.add_attempt(GUILD, 2, "준호", mine.session_id, "q1", "A", True) is AnswerStatus.NOT_YOURS
    assert await db.quizzes.add_attempt(GUILD, 1, "민지", mine.session_id, "q9", "A", True) is AnswerStatus.NOT_FOUND
    assert await db.quizzes.add_attempt(GUILD, 1, "민지", foreign.session_id, "q1", "A", True) is AnswerStatus.NOT_FOUND
    assert await db.quizzes.add_attempt(GUILD, 1, "민지", 424242, "q1", "A", True) is AnswerStatus.NOT_FOUND
    clock.advance(seconds=61)
    assert await db.quizzes.add_attempt(GUILD, 2, "준호", channel.session_id, "q1", "A", True) is AnswerStatus.CLOSED
    await db.quizzes.close_quiz_session(GUILD, mine.session_id)
    assert await db.quizzes.add_attempt(GUILD, 1, "민지", mine.session_id, "q1", "A", True) is AnswerStatus.CLOSED
    assert await rows(db, "SELECT count(*) FROM quiz_attempts") == [(0,)]


async def test_a_quiz_never_holds_a_question_twice(db: Database) -> None:
    with pytest.raises(ValueError, match="no question twice"):
        await db.quizzes.create_quiz_session(GUILD, ["q1", "q1"], user_id=1, display_name="민지")
    with pytest.raises(sqlite3.IntegrityError):
        await db.write(lambda c: c.execute("INSERT INTO quiz_items VALUES (1, 5, 'q1')"))


async def test_channel_quizzes_close_once_and_are_listed_until_closed(db: Database, clock: FakeClock) -> None:
    quiz = await db.quizzes.create_quiz_session(GUILD, ["q1"], channel_id=7, closes_at=clock() + timedelta(seconds=30))
    await db.quizzes.set_quiz_message(GUILD, quiz.session_id, 888)
    [listed] = await db.quizzes.open_channel_quizzes()
    assert (listed.session_id, listed.message_id, listed.closes_at) == (quiz.session_id, 888, quiz.closes_at)
    closed = await asyncio.gather(
        db.quizzes.close_quiz_session(GUILD, quiz.session_id), db.quizzes.close_quiz_session(GUILD, quiz.session_id)
    )
    assert list(closed) == [True, False]
    assert await db.quizzes.open_channel_quizzes() == []
