"""The database the bot runs on: `Database.open(path)`, then repository methods, all scoped by server.

Only two reads span servers, both for start-up: `list_guilds` (the scheduler rebuilds its jobs) and
`open_channel_quizzes` (timers of channel quizzes that were running when the bot stopped).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.config import DEFAULT_TIMEZONE
from bot.core.answers import MAX_ANSWER_LENGTH  # the CHECKs in the migrations use the same limits
from bot.core.evidence import MAX_EVIDENCE_LENGTH
from bot.core.progress import local_date
from bot.store.engine import Clock, Engine, utc_now
from bot.store.records import (
    Activity,
    AnswerStatus,
    AttemptRow,
    AuditEntry,
    Confirmation,
    ConfirmationChange,
    GuildSettings,
    Member,
    MissionStatus,
    QuizKind,
    QuizSessionRecord,
    ReadRow,
    from_db,
    to_db,
)
from bot.store.scoring import guild_zone_in, record_answer_score

MAX_NAME_LENGTH = 100
MAX_REASON_LENGTH = 500

_GUILD_FIELDS = (
    "channel_id",
    "post_time",
    "timezone",
    "paused",
    "organizer_role_id",
    "command_sync_hash",
    "paused_reason",
    "schedule_since",
)

_ENSURE_GUILD = "INSERT INTO guilds (guild_id) VALUES (?) ON CONFLICT DO NOTHING"
_UPSERT_MEMBER = """
INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)
ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name
WHERE display_name IS NOT excluded.display_name
"""
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


def clean_name(display_name: str | None, user_id: int) -> str:
    name = " ".join((display_name or "").split())
    return name[:MAX_NAME_LENGTH] or str(user_id)


def _opt_datetime(text: str | None) -> datetime | None:
    return from_db(text) if text is not None else None


def _upsert_member(conn: sqlite3.Connection, guild_id: int, user_id: int, display_name: str | None, now: str) -> None:
    conn.execute(_ENSURE_GUILD, (guild_id,))
    if display_name is None:  # keep the name we know; a new member gets their id until they show up
        conn.execute(
            "INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (guild_id, user_id, str(user_id), now),
        )
    else:
        conn.execute(_UPSERT_MEMBER, (guild_id, user_id, clean_name(display_name, user_id), now))


def _member(row: sqlite3.Row) -> Member:
    return Member(row["guild_id"], row["user_id"], row["display_name"], from_db(row["first_seen"]))


def _attempt(row: sqlite3.Row) -> AttemptRow:
    return AttemptRow(
        user_id=row["user_id"],
        session_id=row["session_id"],
        question_id=row["question_id"],
        answer=row["answer"],
        correct=bool(row["correct"]),
        answered_at=from_db(row["answered_at"]),
    )


def _confirmation(row: sqlite3.Row) -> Confirmation:
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
        closes_at=_opt_datetime(row["closes_at"]),
        closed_at=_opt_datetime(row["closed_at"]),
    )


def _guild_value(name: str, value: Any) -> Any:
    """Check one guild setting and turn it into its column value."""
    if name == "post_time":
        if value is not None and not isinstance(value, time):
            raise TypeError("post_time must be a datetime.time or None")
        return None if value is None else value.strftime("%H:%M")
    if name == "timezone":
        if value is not None:
            try:
                ZoneInfo(str(value))
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise ValueError(
                    f"'{value}' 은(는) 알 수 없는 시간대입니다. 'Asia/Seoul' 같은 IANA 이름을 쓰세요."
                ) from exc
        return value
    if name == "paused":
        return int(bool(value))
    if name == "schedule_since":
        if value is not None and not isinstance(value, datetime):
            raise TypeError("schedule_since must be a datetime or None")
        return None if value is None else to_db(value)
    if name in ("command_sync_hash", "paused_reason"):
        return None if value is None else str(value)
    if value is not None and not isinstance(value, int):
        raise TypeError(f"{name} must be an int or None")
    return value


class Database(Engine):
    """Open with `await Database.open(path)`; close with `await db.close()`."""

    @classmethod
    async def open(
        cls, path: Path | str, *, clock: Clock = utc_now, default_timezone: str = DEFAULT_TIMEZONE
    ) -> Database:
        """Create the parent folder, connect, set the PRAGMAs, run quick_check and the migrations.

        Raises DatabaseCorrupt (not a database, or quick_check failed), DatabaseTooNew (made by a newer
        studybot), MigrationError, or StoreError (cannot open the file).
        """
        path = Path(path)
        writer, reader, before, after = await cls._connect(path)
        return cls(
            path,
            writer,
            reader,
            clock=clock,
            default_timezone=default_timezone,
            migrated_from=before,
            schema_version=after,
        )

    def _now(self, at: datetime | None = None) -> str:
        return to_db(at if at is not None else self.clock())

    # -- servers and the bot's own state ------------------------------------------------------------

    def _guild(self, guild_id: int, row: sqlite3.Row | None) -> GuildSettings:
        if row is None:
            return GuildSettings(guild_id, None, None, self.default_timezone, False, None, None)
        return GuildSettings(
            guild_id=guild_id,
            channel_id=row["channel_id"],
            post_time=time.fromisoformat(row["post_time"]) if row["post_time"] else None,
            timezone=row["timezone"] or self.default_timezone,
            paused=bool(row["paused"]),
            organizer_role_id=row["organizer_role_id"],
            command_sync_hash=row["command_sync_hash"],
            paused_reason=row["paused_reason"],
            schedule_since=_opt_datetime(row["schedule_since"]),
        )

    async def get_guild(self, guild_id: int) -> GuildSettings:
        """The server's settings; defaults when it has none yet."""
        row = await self.read(lambda c: c.execute("SELECT * FROM guilds WHERE guild_id = ?", (guild_id,)).fetchone())
        return self._guild(guild_id, row)

    async def guild_zone(self, guild_id: int) -> ZoneInfo:
        """The server's time zone (the bot's default when it has none set)."""
        return ZoneInfo((await self.get_guild(guild_id)).timezone)

    async def list_guilds(self) -> list[GuildSettings]:
        rows = await self.read(lambda c: c.execute("SELECT * FROM guilds ORDER BY guild_id").fetchall())
        return [self._guild(row["guild_id"], row) for row in rows]

    async def update_guild(self, guild_id: int, **fields: Any) -> GuildSettings:
        """Set some of: channel_id, post_time (datetime.time), timezone (IANA name, None = default),
        paused, organizer_role_id, command_sync_hash, paused_reason, schedule_since. Returns the new settings."""
        unknown = sorted(set(fields) - set(_GUILD_FIELDS))
        if unknown:
            raise TypeError(f"unknown guild setting(s): {', '.join(unknown)}")
        values = {name: _guild_value(name, value) for name, value in fields.items()}
        columns = list(values)
        if columns:
            sql = (
                f"INSERT INTO guilds (guild_id, {', '.join(columns)}) VALUES (?{', ?' * len(columns)})"
                f" ON CONFLICT (guild_id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in columns)}"
            )
        else:
            sql = _ENSURE_GUILD
        params = (guild_id, *values.values())

        def op(conn: sqlite3.Connection) -> sqlite3.Row | None:
            conn.execute(sql, params)
            row: sqlite3.Row | None = conn.execute("SELECT * FROM guilds WHERE guild_id = ?", (guild_id,)).fetchone()
            return row

        return self._guild(guild_id, await self.write(op))

    async def get_state(self, key: str) -> str | None:
        row = await self.read(lambda c: c.execute("SELECT value FROM bot_state WHERE key = ?", (key,)).fetchone())
        return None if row is None else str(row[0])

    async def set_state(self, key: str, value: str) -> None:
        now = self._now()
        await self.write(
            lambda c: c.execute(
                "INSERT INTO bot_state (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, now),
            )
        )

    # -- members ------------------------------------------------------------------------------------

    async def upsert_member(self, guild_id: int, user_id: int, display_name: str) -> None:
        now = self._now()
        await self.write(lambda c: _upsert_member(c, guild_id, user_id, display_name, now))

    async def get_member(self, guild_id: int, user_id: int) -> Member | None:
        row = await self.read(
            lambda c: c.execute(
                "SELECT * FROM members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            ).fetchone()
        )
        return None if row is None else _member(row)

    async def list_members(self, guild_id: int) -> list[Member]:
        rows = await self.read(
            lambda c: c.execute("SELECT * FROM members WHERE guild_id = ? ORDER BY first_seen", (guild_id,)).fetchall()
        )
        return [_member(row) for row in rows]

    # The daily posting ledger lives in bot/store/posts.py (PostLedger).

    # -- concept reads ------------------------------------------------------------------------------

    async def add_read(
        self, guild_id: int, user_id: int, display_name: str, concept_id: str, *, at: datetime | None = None
    ) -> bool:
        """Record that the member read the concept; False if they had read it before (the first time stays)."""
        now = self._now(at)

        def op(conn: sqlite3.Connection) -> bool:
            _upsert_member(conn, guild_id, user_id, display_name, now)
            cursor = conn.execute(
                "INSERT INTO concept_reads (guild_id, user_id, concept_id, read_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (guild_id, user_id, concept_id, now),
            )
            return cursor.rowcount == 1

        return await self.write(op)

    async def read_concepts(self, guild_id: int, user_id: int) -> set[str]:
        rows = await self.read(
            lambda c: c.execute(
                "SELECT concept_id FROM concept_reads WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            ).fetchall()
        )
        return {row[0] for row in rows}

    # -- quizzes ------------------------------------------------------------------------------------

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
        now = self._now(at)
        closes = to_db(closes_at) if closes_at is not None else None

        def op(conn: sqlite3.Connection) -> QuizSessionRecord:
            if user_id is not None:
                _upsert_member(conn, guild_id, user_id, display_name, now)
            else:
                conn.execute(_ENSURE_GUILD, (guild_id,))
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

        return await self.write(op)

    async def get_quiz_session(self, guild_id: int, session_id: int) -> QuizSessionRecord | None:
        def fn(conn: sqlite3.Connection) -> QuizSessionRecord | None:
            row = conn.execute(
                "SELECT * FROM quiz_sessions WHERE session_id = ? AND guild_id = ?", (session_id, guild_id)
            ).fetchone()
            return None if row is None else _session(conn, row)

        return await self.read(fn)

    async def set_quiz_message(self, guild_id: int, session_id: int, message_id: int) -> None:
        await self.write(
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

        return await self.read(fn)

    async def close_quiz_session(self, guild_id: int, session_id: int, *, at: datetime | None = None) -> bool:
        """Close a session; True only for the call that closed it (two timers cannot both close it)."""
        now = self._now(at)

        def op(conn: sqlite3.Connection) -> bool:
            cursor = conn.execute(
                "UPDATE quiz_sessions SET closed_at = ? WHERE session_id = ? AND guild_id = ? AND closed_at IS NULL",
                (now, session_id, guild_id),
            )
            return cursor.rowcount == 1

        return await self.write(op)

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
        moment = at if at is not None else self.clock()
        now = self._now(moment)
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
            _upsert_member(conn, guild_id, user_id, display_name, now)
            if conn.execute(_INSERT_ATTEMPT, params).fetchone() is not None:
                day = local_date(moment, guild_zone_in(conn, guild_id, self.default_timezone))
                record_answer_score(conn, guild_id, user_id, question_id, correct, now, day)
                return AnswerStatus.COUNTED
            return _why_not_counted(conn, params)

        return await self.write(op)

    async def session_attempts(self, guild_id: int, session_id: int) -> list[AttemptRow]:
        rows = await self.read(
            lambda c: c.execute(
                "SELECT * FROM quiz_attempts WHERE guild_id = ? AND session_id = ? ORDER BY answered_at, attempt_id",
                (guild_id, session_id),
            ).fetchall()
        )
        return [_attempt(row) for row in rows]

    async def member_attempts(self, guild_id: int, user_id: int) -> list[AttemptRow]:
        rows = await self.read(
            lambda c: c.execute(
                "SELECT * FROM quiz_attempts WHERE guild_id = ? AND user_id = ? ORDER BY answered_at, attempt_id",
                (guild_id, user_id),
            ).fetchall()
        )
        return [_attempt(row) for row in rows]

    async def question_answer_counts(self, guild_id: int) -> dict[str, int]:
        rows = await self.read(
            lambda c: c.execute(
                "SELECT question_id, count(*) FROM quiz_attempts WHERE guild_id = ? GROUP BY question_id", (guild_id,)
            ).fetchall()
        )
        return {row[0]: row[1] for row in rows}

    # -- missions and the audit log -----------------------------------------------------------------

    async def get_confirmation(self, guild_id: int, user_id: int, mission_id: str) -> Confirmation | None:
        row = await self.read(
            lambda c: c.execute(
                "SELECT * FROM mission_confirmations WHERE guild_id = ? AND user_id = ? AND mission_id = ?",
                (guild_id, user_id, mission_id),
            ).fetchone()
        )
        return None if row is None else _confirmation(row)

    async def list_confirmations(self, guild_id: int) -> list[Confirmation]:
        rows = await self.read(
            lambda c: c.execute(
                "SELECT * FROM mission_confirmations WHERE guild_id = ? ORDER BY updated_at", (guild_id,)
            ).fetchall()
        )
        return [_confirmation(row) for row in rows]

    async def change_confirmation(
        self,
        guild_id: int,
        user_id: int,
        mission_id: str,
        decide: Callable[[Confirmation | None], ConfirmationChange | None],
        *,
        display_name: str | None = None,
        at: datetime | None = None,
    ) -> tuple[Confirmation | None, Confirmation | None]:
        """Read the member's confirmation, let `decide` (a pure function) say what it becomes, write that
        and its audit entry: all in one write transaction, so two decisions cannot cross.
        Returns (before, after); after is None when `decide` changed nothing."""
        now = self._now(at)

        def op(conn: sqlite3.Connection) -> tuple[Confirmation | None, Confirmation | None]:
            _upsert_member(conn, guild_id, user_id, display_name, now)
            key = (guild_id, user_id, mission_id)
            where = "WHERE guild_id = ? AND user_id = ? AND mission_id = ?"
            row = conn.execute(f"SELECT * FROM mission_confirmations {where}", key).fetchone()
            before = None if row is None else _confirmation(row)
            change = decide(before)
            if change is None:
                return before, None
            evidence = change.evidence[:MAX_EVIDENCE_LENGTH] if change.evidence is not None else None
            reason = change.reason[:MAX_REASON_LENGTH] if change.reason is not None else None
            conn.execute(
                "INSERT INTO mission_confirmations"
                " (guild_id, user_id, mission_id, status, evidence, decided_by, updated_at, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, user_id, mission_id) DO UPDATE SET status = excluded.status,"
                " evidence = excluded.evidence, decided_by = excluded.decided_by,"
                " updated_at = excluded.updated_at, reason = excluded.reason",
                (*key, change.status.value, evidence, change.decided_by, now, reason),
            )
            if change.audit_action is not None and change.decided_by is not None:
                conn.execute(
                    "INSERT INTO audit_log (guild_id, actor_id, action, target_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
                    (guild_id, change.decided_by, change.audit_action, user_id, f"{mission_id}: {reason or ''}", now),
                )
            after = _confirmation(conn.execute(f"SELECT * FROM mission_confirmations {where}", key).fetchone())
            return before, after

        return await self.write(op)

    async def add_audit(
        self, guild_id: int, actor_id: int, action: str, *, target_id: int | None = None, detail: str = ""
    ) -> None:
        """Record an organizer action (schedule changes, organizer role, export, ...)."""
        now = self._now()

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(_ENSURE_GUILD, (guild_id,))
            conn.execute(
                "INSERT INTO audit_log (guild_id, actor_id, action, target_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)",
                (guild_id, actor_id, action, target_id, detail[:MAX_REASON_LENGTH], now),
            )

        await self.write(op)

    async def list_audit(self, guild_id: int, limit: int = 50) -> list[AuditEntry]:
        rows = await self.read(
            lambda c: c.execute(
                "SELECT * FROM audit_log WHERE guild_id = ? ORDER BY at DESC, audit_id DESC LIMIT ?", (guild_id, limit)
            ).fetchall()
        )
        return [
            AuditEntry(
                row["guild_id"], row["actor_id"], row["action"], row["target_id"], row["detail"], from_db(row["at"])
            )
            for row in rows
        ]

    # -- a snapshot for progress, ranking, reports and export ---------------------------------------

    async def activity(self, guild_id: int, user_id: int | None = None) -> Activity:
        """Members, reads, attempts and confirmations of a server (or one member of it), one snapshot."""
        member_filter = "" if user_id is None else " AND user_id = :user_id"
        params = {"guild_id": guild_id, "user_id": user_id}

        def fn(conn: sqlite3.Connection) -> Activity:
            def rows(sql: str) -> list[sqlite3.Row]:
                return conn.execute(sql, params).fetchall()

            return Activity(
                members=tuple(
                    _member(r)
                    for r in rows(
                        f"SELECT * FROM members WHERE guild_id = :guild_id{member_filter} ORDER BY first_seen"
                    )
                ),
                reads=tuple(
                    ReadRow(r["user_id"], r["concept_id"], from_db(r["read_at"]))
                    for r in rows(
                        f"SELECT * FROM concept_reads WHERE guild_id = :guild_id{member_filter} ORDER BY read_at"
                    )
                ),
                attempts=tuple(
                    _attempt(r)
                    for r in rows(
                        f"SELECT * FROM quiz_attempts WHERE guild_id = :guild_id{member_filter}"
                        " ORDER BY answered_at, attempt_id"
                    )
                ),
                confirmations=tuple(
                    _confirmation(r)
                    for r in rows(f"SELECT * FROM mission_confirmations WHERE guild_id = :guild_id{member_filter}")
                ),
            )

        return await self.read(fn)


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
