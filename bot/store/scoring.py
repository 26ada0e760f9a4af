"""The scoring record, written inside the transaction of the answer or read it belongs to (migration 0006).

Kept apart from the repositories: the quizzes (an answer) and progress (a read) repositories both write it.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from zoneinfo import ZoneInfo

from bot.core.progress import POINTS, ScoreKind


def guild_zone_in(conn: sqlite3.Connection, guild_id: int, default_timezone: str) -> ZoneInfo:
    """The server's zone, read in the same transaction as the write that needs it."""
    row = conn.execute("SELECT timezone FROM guilds WHERE guild_id = ?", (guild_id,)).fetchone()
    return ZoneInfo((row[0] if row is not None else None) or default_timezone)


def record_study_day(conn: sqlite3.Connection, guild_id: int, user_id: int, day: date) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO member_days (guild_id, user_id, day) VALUES (?, ?, ?)",
        (guild_id, user_id, day.isoformat()),
    )


def record_answer_score(
    conn: sqlite3.Connection, guild_id: int, user_id: int, question_id: str, correct: bool, at: str, day: date
) -> None:
    """After an answer was recorded: its study day, and its points. A correct answer scores once per question,
    member and local day (the UNIQUE key of score_events ignores the rest); the first-try bonus goes with it
    when this was the member's very first answer to the question."""
    record_study_day(conn, guild_id, user_id, day)
    if not correct:
        return
    scored = conn.execute(
        "INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, day, points, at)"
        " VALUES (?, ?, 'correct', ?, ?, ?, ?)",
        (guild_id, user_id, question_id, day.isoformat(), POINTS[ScoreKind.CORRECT], at),
    ).rowcount
    if not scored:
        return
    answers = conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM quiz_attempts WHERE guild_id = ? AND user_id = ? AND question_id = ?"
        " LIMIT 2)",
        (guild_id, user_id, question_id),
    ).fetchone()[0]
    if answers == 1:
        conn.execute(
            "INSERT OR IGNORE INTO score_events (guild_id, user_id, kind, subject, points, at)"
            " VALUES (?, ?, 'first_try', ?, ?, ?)",
            (guild_id, user_id, question_id, POINTS[ScoreKind.FIRST_TRY], at),
        )
