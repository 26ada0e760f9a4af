"""/quiz start reads each question's latest answers only (QuizRecords.picking_state): the review boxes and due
times built from them must be the ones the core builds from the member's whole history, and the read must go
through its index without sorting the history."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.review import build_cards
from bot.store import Database
from bot.store.quizzes import _LATEST_REVIEWS, REVIEW_DEPTH
from tests.store.support import FakeClock

GUILD, OTHER = 10, 20
QUESTIONS = ["q1", "q2", "q3", "q4"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2024, 10, 20, 8, 0, tzinfo=ZoneInfo("UTC")))


@pytest.fixture
async def db(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "studybot.db", clock=clock)
    yield database
    await database.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_latest_answers_give_the_boxes_of_the_whole_history(db: Database, clock: FakeClock, seed: int) -> None:
    rng = random.Random(seed)
    for guild in (GUILD, OTHER):
        for user in (1, 2, 3):
            for _ in range(rng.randint(5, 40)):
                picked = rng.sample(QUESTIONS, rng.randint(1, 3))
                session = await db.quizzes.create_quiz_session(guild, picked, user_id=user, display_name="멤버")
                for question in picked:
                    clock.advance(seconds=rng.choice([0, 1, 600, 86400]))  # 0: answers at the same instant
                    await db.quizzes.add_attempt(
                        guild, user, "멤버", session.session_id, question, "답", rng.random() < 0.7
                    )
    boxes: set[int] = set()
    for guild in (GUILD, OTHER):
        for user in (1, 2, 3):
            whole = build_cards(await db.quizzes.member_reviews(guild, user))
            state = await db.quizzes.picking_state(guild, user)
            latest = build_cards(state.reviews)
            assert len(state.reviews) <= REVIEW_DEPTH * len(QUESTIONS)
            assert {q: (c.box, c.last_at, c.due_at) for q, c in latest.items()} == {
                q: (c.box, c.last_at, c.due_at) for q, c in whole.items()
            }, (guild, user)
            boxes |= {card.box for card in whole.values()}
    assert boxes == {1, 2, 3, 4, 5}  # every box, the capped one included, was checked


async def test_latest_answers_are_read_through_their_index_without_sorting(db: Database) -> None:
    plan = [
        row[3]
        for row in await db.read(
            lambda c: c.execute(
                "EXPLAIN QUERY PLAN " + _LATEST_REVIEWS, {"guild_id": GUILD, "user_id": 1, "depth": REVIEW_DEPTH}
            ).fetchall()
        )
    ]
    assert any("USING COVERING INDEX quiz_attempts_review (guild_id=? AND user_id=?)" in line for line in plan), plan
    assert not any("TEMP B-TREE" in line for line in plan[:-1]), plan  # only the final few rows are ordered
