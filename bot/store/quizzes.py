"""Quizzes: sessions (personal or channel), their items, and the members' attempts, with the per-session
aggregates the results show. A small repository over the engine.

Every query filters by server and uses an index; `open_channel_quizzes` is the one read that spans servers
(the timers of channel quizzes still running when the bot stopped are re-armed at start-up).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.answers import MAX_ANSWER_LENGTH  # the CHECKs in the migrations use the same limit
from bot.core.progress import local_date
from bot.core.review import TOP_BOX, Review
from bot.store.engine import Engine
from bot.store.posts import posted_concept_ids_in
from bot.store.records import AnswerStatus, AttemptRow, QuizKind, QuizSessionRecord, from_db, to_db
from bot.store.rows import ENSURE_GUILD, opt_datetime, read_concepts_in, upsert_member
from bot.store.scoring import guild_zone_in, record_answer_score

# One statement both checks the answer may count (session of this server, question of this session,
# owner of a personal quiz, still open) and records it; a second click hits the UNIQUE key and is ignored.
_INSERT_ATTEMPT = """
INSERT INTO quiz_attempts (guild_id, session_id, question_id, user_id, answer, correct, answered_at)
SELECT s.guild_id, s.session_id, i.question_id, :user_id, :answer, :correct, :now
FROM quiz_sessions AS s
JOIN quiz_items AS i ON i.session_id = s.session_id AND i.question_id = :question_id
WHERE s.session_id = :session_id AND s.guild_id = :guild_id
  AND s.closed_at IS NULL
  AND (s.closes_at IS NULL OR s.closes_at > :now)
  AND (s.user_id IS NULL OR s.user_id = :user_id)
ON CONFLICT (session_id, question_id, user_id) DO NOTHING
RETURNING attempt_id
"""


# The member's last REVIEW_DEPTH answers of each question, oldest first: a question's Leitner box after its
# whole history equals the box after its last TOP_BOX - 1 answers (a wrong answer resets it to 1; each right
# one moves it up by one, from 2 for a first answer, capped at TOP_BOX), and its due time needs only the last.
# The window runs in the order of quiz_attempts_review (migration 0007), so nothing is sorted; rows beyond the
# depth are skipped inside SQLite and never become Python objects. tests/store/test_reviews.py checks it.
REVIEW_DEPTH = TOP_BOX - 1
_LATEST_REVIEWS = """
SELECT question_id, correct, answered_at FROM (
    SELECT question_id, correct, answered_at, attempt_id,
           row_number() OVER (PARTITION BY question_id ORDER BY answered_at DESC, attempt_id DESC) AS n
    FROM quiz_attempts INDEXED BY quiz_attempts_review
    WHERE guild_id = :guild_id AND user_id = :user_id
)
WHERE n <= :depth
ORDER BY answered_at, attempt_id
"""


@dataclass(frozen=True)
class PickingState:
    posted: set[str]  # concepts this server's daily post has sent
    read: set[str]  # concepts the member read
    reviews: list[Review]  # the member's latest answers per question, in time order (see REVIEW_DEPTH)


def latest_reviews_in(conn: sqlite3.Connection, guild_id: int, user_id: int) -> list[Review]:
    rows = conn.execute(_LATEST_REVIEWS, {"guild_id": guild_id, "user_id": user_id, "depth": REVIEW_DEPTH})
    return [Review(row[0], bool(row[1]), from_db(row[2])) for row in rows]


def attempt_from(row: sqlite3.Row) -> AttemptRow:
    return AttemptRow(
        user_id=row["user_id"],
        session_id=row["session_id"],
        question_id=row["question_id"],
        answer=row["answer"],
        correct=bool(row["correct"]),
        answered_at=from_db(row["answered_at"]),
    )


def _session(conn: sqlite3.Connection, row: sqlite3.Row) -> QuizSessionRecord:
    items = conn.execute(
        "SELECT question_id FROM quiz_items WHERE session_id = ? ORDER BY position", (row["session_id"],)
    ).fetchall()
    return QuizSessionRecord(
        session_id=row["session_id"],
        guild_id=row["guild_id"],
        kind=QuizKind(row["kind"]),
        user_id=row["user_id"],
        concept_id=row["concept_id"],
        channel_id=row["channel_id"],
        message_id=row["message_id"],
        question_ids=tuple(item[0] for item in items),
        created_at=from_db(row["created_at"]),
        closes_at=opt_datetime(row["closes_at"]),
        closed_at=opt_datetime(row["closed_at"]),
    )


class QuizRecords:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- sessions and attempts ----------------------------------------------------------------------

    async def create_quiz_session(
        self,
        guild_id: int,
        question_ids: Sequence[str],
        *,
        user_id: int | None = None,
        display_name: str | None = None,
        concept_id: str | None = None,
        channel_id: int | None = None,
        closes_at: datetime | None = None,
        at: datetime | None = None,
    ) -> QuizSessionRecord:
        """A personal quiz (give user_id) or a channel quiz (give channel_id and closes_at)."""
        if not question_ids or len(set(question_ids)) != len(question_ids):
            raise ValueError("a quiz needs at least one question and no question twice")
        kind = QuizKind.PERSONAL if user_id is not None else QuizKind.CHANNEL
        if kind is QuizKind.CHANNEL and (channel_id is None or closes_at is None):
            raise ValueError("a channel quiz needs channel_id and closes_at")
        now = to_db(at if at is not None else self.engine.clock())
        closes = to_db(closes_at) if closes_at is not None else None

        def op(conn: sqlite3.Connection) -> QuizSessionRecord:
            if user_id is not None:
                upsert_member(conn, guild_id, user_id, display_name, now)
            else:
                conn.execute(ENSURE_GUILD, (guild_id,))
            cursor = conn.execute(
                "INSERT INTO quiz_sessions (guild_id, kind, user_id, concept_id, channel_id, created_at, closes_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (guild_id, kind.value, user_id, concept_id, channel_id, now, closes),
            )
            session_id = cursor.lastrowid
            conn.executemany(
                "INSERT INTO quiz_items (session_id, position, question_id) VALUES (?, ?, ?)",
                [(session_id, position, qid) for position, qid in enumerate(question_ids)],
            )
            row = conn.execute("SELECT * FROM quiz_sessions WHERE session_id = ?", (session_id,)).fetchone()
            return _session(conn, row)

        return await self.engine.write(op)

    async def get_quiz_session(self, guild_id: int, session_id: int) -> QuizSessionRecord | None:
        def fn(conn: sqlite3.Connection) -> QuizSessionRecord | None:
            row = conn.execute(
                "SELECT * FROM quiz_sessions WHERE session_id = ? AND guild_id = ?", (session_id, guild_id)
            ).fetchone()
            return None if row is None else _session(conn, row)

        return await self.engine.read(fn)

    async def set_quiz_message(self, guild_id: int, session_id: int, message_id: int) -> None:
        await self.engine.write(
            lambda c: c.execute(
                "UPDATE quiz_sessions SET message_id = ? WHERE session_id = ? AND guild_id = ?",
                (message_id, session_id, guild_id),
            )
        )

    async def open_channel_quizzes(self) -> list[QuizSessionRecord]:
        """Channel quizzes not closed yet, in every server, soonest first (to re-arm their timers at start)."""

        def fn(conn: sqlite3.Connection) -> list[QuizSessionRecord]:
            rows = conn.execute(
                "SELECT * FROM quiz_sessions WHERE kind = 'channel' AND closed_at IS NULL ORDER BY closes_at"
            ).fetchall()
            return [_session(conn, row) for row in rows]

        return await self.engine.read(fn)

    async def close_quiz_session(self, guild_id: int, session_id: int, *, at: datetime | None = None) -> bool:
        """Close a session; True only for the call that closed it (two timers cannot both close it)."""
        now = to_db(at if at is not None else self.engine.clock())

        def op(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "UPDATE quiz_sessions SET closed_at = ? WHERE session_id = ? AND guild_id = ? AND closed_at IS NULL",
                (now, session_id, guild_id),
            )
            return cursor.rowcount == 1

        return await self.engine.write(op)

    async def add_attempt(
        self,
        guild_id: int,
        user_id: int,
        display_name: str,
        session_id: int,
        question_id: str,
        answer: str,
        correct: bool,
        *,
        at: datetime | None = None,
    ) -> AnswerStatus:
        """Record the answer once, and in the same transaction what scoring needs: the study day and, for a
        correct answer, its points (once per question per local day) with the first-try bonus (bot.store.scoring)."""
        moment = at if at is not None else self.engine.clock()
        now = to_db(moment)
        params = {
            "guild_id": guild_id,
            "session_id": session_id,
            "question_id": question_id,
            "user_id": user_id,
            "answer": answer[:MAX_ANSWER_LENGTH],
            "correct": int(correct),
            "now": now,
        }

        def op(conn: sqlite3.Connection) -> AnswerStatus:
            upsert_member(conn, guild_id, user_id, display_name, now)
            if conn.execute(_INSERT_ATTEMPT, params).fetchone() is not None:
                day = local_date(moment, guild_zone_in(conn, guild_id, self.engine.default_timezone))
                record_answer_score(conn, guild_id, user_id, question_id, correct, now, day)
                return AnswerStatus.COUNTED
            return _why_not_counted(conn, params)

        return await self.engine.write(op)

    async def session_attempts(self, guild_id: int, session_id: int) -> list[AttemptRow]:
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT * FROM quiz_attempts WHERE guild_id = ? AND session_id = ? ORDER BY answered_at, attempt_id",
                (guild_id, session_id),
            ).fetchall()
        )
        return [attempt_from(row) for row in rows]

    async def member_reviews(self, guild_id: int, user_id: int) -> list[Review]:
        """The member's answers in time order, as the review boxes replay them (bot.core.review)."""
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT question_id, correct, answered_at FROM quiz_attempts WHERE guild_id = ? AND user_id = ?"
                " ORDER BY answered_at, attempt_id",
                (guild_id, user_id),
            ).fetchall()
        )
        return [Review(row["question_id"], bool(row["correct"]), from_db(row["answered_at"])) for row in rows]

    async def picking_state(self, guild_id: int, user_id: int) -> PickingState:
        """What /quiz start picks questions from, in one snapshot: the concepts this server was posted, the ones
        the member read, and the member's latest answers per question (enough for the review boxes)."""

        def fn(conn: sqlite3.Connection) -> PickingState:
            return PickingState(
                posted=posted_concept_ids_in(conn, guild_id),
                read=read_concepts_in(conn, guild_id, user_id),
                reviews=latest_reviews_in(conn, guild_id, user_id),
            )

        return await self.engine.read(fn)

    async def question_answer_counts(self, guild_id: int) -> dict[str, int]:
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT question_id, count(*) FROM quiz_attempts WHERE guild_id = ? GROUP BY question_id", (guild_id,)
            ).fetchall()
        )
        return {row[0]: row[1] for row in rows}

    # -- per-session aggregates --------------------------------------------------------------------

    async def given_answer(self, guild_id: int, session_id: int, question_id: str, user_id: int) -> str | None:
        """What the member answered to this question of this session, if they did."""
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT answer FROM quiz_attempts"
                " WHERE session_id = ? AND question_id = ? AND user_id = ? AND guild_id = ?",
                (session_id, question_id, user_id, guild_id),
            ).fetchone()
        )
        return None if row is None else str(row[0])

    async def answer_counts(self, guild_id: int, session_id: int) -> dict[str, int]:
        """How many members gave each answer in a session (a channel quiz has one question)."""
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT answer, count(*) FROM quiz_attempts WHERE session_id = ? AND guild_id = ? GROUP BY answer",
                (session_id, guild_id),
            ).fetchall()
        )
        return {str(row[0]): int(row[1]) for row in rows}

    async def first_right(self, guild_id: int, session_id: int) -> int | None:
        """The member whose right answer came first in a session."""

        def fn(conn: sqlite3.Connection) -> int | None:
            row = conn.execute(
                "SELECT user_id FROM quiz_attempts WHERE session_id = ? AND guild_id = ? AND correct = 1"
                " ORDER BY answered_at, attempt_id LIMIT 1",
                (session_id, guild_id),
            ).fetchone()
            return None if row is None else int(row[0])

        return await self.engine.read(fn)


def _why_not_counted(conn: sqlite3.Connection, params: dict[str, Any]) -> AnswerStatus:
    session = conn.execute(
        "SELECT user_id, closed_at, closes_at FROM quiz_sessions WHERE session_id = :session_id AND guild_id = :guild_id",
        params,
    ).fetchone()
    if session is None:
        return AnswerStatus.NOT_FOUND
    if conn.execute(
        "SELECT 1 FROM quiz_attempts WHERE session_id = :session_id AND question_id = :question_id AND user_id = :user_id",
        params,
    ).fetchone():
        return AnswerStatus.DUPLICATE
    if not conn.execute(
        "SELECT 1 FROM quiz_items WHERE session_id = :session_id AND question_id = :question_id", params
    ).fetchone():
        return AnswerStatus.NOT_FOUND
    if session["user_id"] is not None and session["user_id"] != params["user_id"]:
        return AnswerStatus.NOT_YOURS
    return AnswerStatus.CLOSED
