"""What several repositories share inside a transaction: the server and member rows every write may create,
the audit row a decision writes with it, and the readers of rows more than one repository returns."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.store.records import Confirmation, Member, MissionStatus, from_db

MAX_NAME_LENGTH = 100
MAX_REASON_LENGTH = 500

ENSURE_GUILD = "INSERT INTO guilds (guild_id) VALUES (?) ON CONFLICT DO NOTHING"
_UPSERT_MEMBER = """
INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)
ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name
WHERE display_name IS NOT excluded.display_name
"""


def clean_name(display_name: str | None, user_id: int) -> str:
    name = " ".join((display_name or "").split())
    return name[:MAX_NAME_LENGTH] or str(user_id)


def opt_datetime(text: str | None) -> datetime | None:
    return from_db(text) if text is not None else None


def upsert_member(conn: sqlite3.Connection, guild_id: int, user_id: int, display_name: str | None, now: str) -> None:
    conn.execute(ENSURE_GUILD, (guild_id,))
    if display_name is None:  # keep the name we know; a new member gets their id until they show up
        conn.execute(
            "INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (guild_id, user_id, str(user_id), now),
        )
    else:
        conn.execute(_UPSERT_MEMBER, (guild_id, user_id, clean_name(display_name, user_id), now))


def insert_audit(
    conn: sqlite3.Connection, guild_id: int, actor_id: int, action: str, target_id: int | None, detail: str, now: str
) -> None:
    conn.execute(
        "INSERT INTO audit_log (guild_id, actor_id, action, target_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
        (guild_id, actor_id, action, target_id, detail, now),
    )


def member_from(row: sqlite3.Row) -> Member:
    return Member(row["guild_id"], row["user_id"], row["display_name"], from_db(row["first_seen"]))


def confirmation_from(row: sqlite3.Row) -> Confirmation:
    return Confirmation(
        guild_id=row["guild_id"],
        user_id=row["user_id"],
        mission_id=row["mission_id"],
        status=MissionStatus(row["status"]),
        evidence=row["evidence"],
        decided_by=row["decided_by"],
        updated_at=from_db(row["updated_at"]),
        reason=row["reason"],
    )


def read_concepts_in(conn: sqlite3.Connection, guild_id: int, user_id: int) -> set[str]:
    rows = conn.execute("SELECT concept_id FROM concept_reads WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
    return {row[0] for row in rows}
