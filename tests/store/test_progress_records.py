"""The progress repository's writes and plain reads (its aggregates: test_progress_reference.py)."""

from __future__ import annotations

from bot.core.review import Review
from bot.store import Database
from tests.store.support import FakeClock, seoul

GUILD, OTHER = 111, 222


async def rows(db: Database, sql: str, *params: object) -> list[tuple[object, ...]]:
    return [tuple(r) for r in await db.read(lambda c: c.execute(sql, params).fetchall())]


async def test_a_concept_read_counts_once(db: Database, clock: FakeClock) -> None:
    assert await db.progress.add_read(GUILD, 1, "민지", "c1") is True
    clock.advance(hours=3)
    assert await db.progress.add_read(GUILD, 1, "민지", "c1") is False
    assert await db.progress.read_concepts(GUILD, 1) == {"c1"}
    assert await db.progress.read_concepts(OTHER, 1) == set()
    assert len(await rows(db, "SELECT * FROM concept_reads")) == 1


async def test_a_first_read_is_a_study_day_of_the_servers_zone(db: Database, clock: FakeClock) -> None:
    clock.now = seoul(2024, 12, 2, 23, 59)
    await db.progress.add_read(GUILD, 1, "민지", "c1")
    clock.advance(minutes=2)  # 00:01 the next day in Seoul
    await db.progress.add_read(GUILD, 1, "민지", "c1")  # a second read of the same concept: no new day
    await db.progress.add_read(GUILD, 1, "민지", "c2")
    assert await rows(db, "SELECT guild_id, user_id, day FROM member_days ORDER BY day") == [
        (GUILD, 1, "2024-12-02"),
        (GUILD, 1, "2024-12-03"),
    ]


async def test_the_review_history_is_the_members_answers_in_time_order(db: Database, clock: FakeClock) -> None:
    quiz = await db.quizzes.create_quiz_session(GUILD, ["q1", "q2"], user_id=1, display_name="민지")
    other = await db.quizzes.create_quiz_session(OTHER, ["q1"], user_id=1, display_name="민지")
    await db.quizzes.add_attempt(GUILD, 1, "민지", quiz.session_id, "q2", "B", False)
    second = clock.advance(minutes=1)
    await db.quizzes.add_attempt(GUILD, 1, "민지", quiz.session_id, "q1", "A", True)
    await db.quizzes.add_attempt(OTHER, 1, "민지", other.session_id, "q1", "C", False)
    reviews = await db.quizzes.member_reviews(GUILD, 1)
    assert [(r.question_id, r.correct) for r in reviews] == [("q2", False), ("q1", True)]
    assert reviews[1] == Review("q1", True, second)
    assert await db.quizzes.member_reviews(GUILD, 2) == []
