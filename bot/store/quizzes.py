"""Quiz reads the quiz service needs beyond `Database`: what was posted, and per-session aggregates.

Every query filters by server and uses an index: posts by its primary key (guild_id, local_date),
attempts by their UNIQUE (session_id, question_id, user_id) key.
"""

from __future__ import annotations

import sqlite3

from bot.store.engine import Engine


class QuizQueries:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def posted_concept_ids(self, guild_id: int) -> set[str]:
        """Concepts this server's daily post has already sent (the post ledger is the truth)."""
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT DISTINCT concept_id FROM posts WHERE guild_id = ? AND status = 'sent'", (guild_id,)
            ).fetchall()
        )
        return {row[0] for row in rows}

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
