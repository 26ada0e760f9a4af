"""The whole raw history of one server, read for the reference test only: production never loads it
(guild-wide figures are SQL aggregates); the test compares those aggregates with bot.core.progress."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.core.progress import ReadEvent
from bot.store import AttemptRow, Confirmation, Database, Member
from bot.store.quizzes import attempt_from
from bot.store.records import from_db
from bot.store.rows import confirmation_from, member_from


@dataclass(frozen=True)
class Activity:
    """A consistent snapshot of a server's (or one member's) rows, read in one transaction."""

    members: tuple[Member, ...]
    reads: tuple[ReadEvent, ...]
    attempts: tuple[AttemptRow, ...]
    confirmations: tuple[Confirmation, ...]


async def load_history(db: Database, guild_id: int, user_id: int | None = None) -> Activity:
    """Members, reads, attempts and confirmations of a server (or one member of it), one snapshot.
    It loads the whole history: only for checking the SQL figures against bot.core.progress."""
    member_filter = "" if user_id is None else " AND user_id = :user_id"
    params = {"guild_id": guild_id, "user_id": user_id}

    def fn(conn: sqlite3.Connection) -> Activity:
        def rows(sql: str) -> list[sqlite3.Row]:
            return conn.execute(sql, params).fetchall()

        return Activity(
            members=tuple(
                member_from(r)
                for r in rows(f"SELECT * FROM members WHERE guild_id = :guild_id{member_filter} ORDER BY first_seen")
            ),
            reads=tuple(
                ReadEvent(r["user_id"], r["concept_id"], from_db(r["read_at"]))
                for r in rows(f"SELECT * FROM concept_reads WHERE guild_id = :guild_id{member_filter} ORDER BY read_at")
            ),
            attempts=tuple(
                attempt_from(r)
                for r in rows(
                    f"SELECT * FROM quiz_attempts WHERE guild_id = :guild_id{member_filter}"
                    " ORDER BY answered_at, attempt_id"
                )
            ),
            confirmations=tuple(
                confirmation_from(r)
                for r in rows(f"SELECT * FROM mission_confirmations WHERE guild_id = :guild_id{member_filter}")
            ),
        )

    return await db.read(fn)
