"""The post ledger: every daily post of a server, claimed before it is sent, and the figures the post shows.

A row is claimed (`pending`) in a write transaction before anything is sent, then becomes `sent` (with
its message id) or `failed` (with the reason); a day with nothing to post is `skipped`. Today's
concept, the course position and what comes next are read from here: there is no other counter.
All figures are SQL aggregates over indexes, filtered by server.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.store.engine import Clock, Engine, utc_now
from bot.store.records import PostKind, PostRecord, PostStatus, from_db, to_db
from bot.store.rows import ENSURE_GUILD, MAX_REASON_LENGTH


@dataclass(frozen=True)
class PlannedPost:
    """What a claimed row will post."""

    kind: PostKind
    concept_id: str | None = None
    mission_id: str | None = None

    @property
    def item(self) -> str:
        return f"{self.kind.value}:{self.concept_id or self.mission_id or ''}"


# nonce(seq) -> the message nonce of the row being claimed (see bot.core.schedule.post_nonce)
NonceFor = Callable[[int], str]


def _post(row: sqlite3.Row) -> PostRecord:
    return PostRecord(
        post_id=row["post_id"],
        guild_id=row["guild_id"],
        local_date=date.fromisoformat(row["local_date"]),
        seq=row["seq"],
        kind=PostKind(row["kind"]),
        concept_id=row["concept_id"],
        mission_id=row["mission_id"],
        manual=bool(row["manual"]),
        channel_id=row["channel_id"],
        nonce=row["nonce"],
        status=PostStatus(row["status"]),
        message_id=row["message_id"],
        reason=row["reason"],
        claimed_at=from_db(row["claimed_at"]),
        updated_at=from_db(row["updated_at"]),
    )


def _one(conn: sqlite3.Connection, sql: str, params: tuple[object, ...]) -> PostRecord | None:
    row = conn.execute(sql, params).fetchone()
    return None if row is None else _post(row)


def posted_concept_ids_in(conn: sqlite3.Connection, guild_id: int) -> set[str]:
    rows = conn.execute("SELECT DISTINCT concept_id FROM posts WHERE guild_id = ? AND status = 'sent'", (guild_id,))
    return {row[0] for row in rows}


class PostLedger:
    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self.engine = engine
        # Claim times are Discord's time, not the services' (possibly simulated) clock: reconciliation looks
        # for the post among the channel's messages created after the claim.
        self.clock = clock

    def _now(self) -> str:
        return to_db(self.clock())

    # -- what was posted --------------------------------------------------------------------------------

    async def posted_concept_ids(self, guild_id: int) -> set[str]:
        """Concepts this server's daily post has already sent (the post ledger is the truth)."""
        return await self.engine.read(lambda c: posted_concept_ids_in(c, guild_id))

    # -- claiming and finishing ----------------------------------------------------------------------

    async def claim(
        self,
        guild_id: int,
        local_date: date,
        plan: PlannedPost,
        *,
        channel_id: int | None,
        nonce_for: NonceFor,
        manual: bool,
    ) -> PostRecord | None:
        """Claim the next post of the day in one transaction. A scheduled claim (manual=False) gets None
        when the day already has a post that is sent, being sent or skipped; it reuses the day's failed
        row (same number, so the same nonce when the item is the same). A manual claim always adds a row."""
        now = self._now()
        day = local_date.isoformat()
        status = PostStatus.SKIPPED if plan.kind is PostKind.NONE else PostStatus.PENDING

        def op(conn: sqlite3.Connection) -> PostRecord | None:
            conn.execute(ENSURE_GUILD, (guild_id,))
            if not manual:
                done = conn.execute(
                    "SELECT 1 FROM posts WHERE guild_id = ? AND local_date = ? AND status != 'failed' LIMIT 1",
                    (guild_id, day),
                ).fetchone()
                if done is not None:
                    return None
                failed = conn.execute(
                    "SELECT post_id, seq FROM posts WHERE guild_id = ? AND local_date = ? AND status = 'failed'"
                    " ORDER BY seq DESC LIMIT 1",
                    (guild_id, day),
                ).fetchone()
                if failed is not None:
                    conn.execute(
                        "UPDATE posts SET kind = ?, concept_id = ?, mission_id = ?, channel_id = ?, nonce = ?,"
                        " status = ?, message_id = NULL, reason = NULL, claimed_at = ?, updated_at = ?"
                        " WHERE post_id = ?",
                        (
                            plan.kind.value,
                            plan.concept_id,
                            plan.mission_id,
                            channel_id,
                            nonce_for(failed["seq"]),
                            status.value,
                            now,
                            now,
                            failed["post_id"],
                        ),
                    )
                    return _one(conn, "SELECT * FROM posts WHERE post_id = ?", (failed["post_id"],))
            seq = conn.execute(
                "SELECT coalesce(max(seq), 0) + 1 FROM posts WHERE guild_id = ? AND local_date = ?", (guild_id, day)
            ).fetchone()[0]
            cursor = conn.execute(
                "INSERT INTO posts (guild_id, local_date, seq, kind, concept_id, mission_id, manual, channel_id, nonce,"
                " status, claimed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    day,
                    seq,
                    plan.kind.value,
                    plan.concept_id,
                    plan.mission_id,
                    int(manual),
                    channel_id,
                    None if plan.kind is PostKind.NONE else nonce_for(seq),
                    status.value,
                    now,
                    now,
                ),
            )
            return _one(conn, "SELECT * FROM posts WHERE post_id = ?", (cursor.lastrowid,))

        return await self.engine.write(op)

    async def mark_sent(self, guild_id: int, post_id: int, message_id: int) -> bool:
        """The claimed post went out. False if the row was not pending (nothing changes then)."""
        now = self._now()
        return await self.engine.write(
            lambda c: (
                c.execute(
                    "UPDATE posts SET status = 'sent', message_id = ?, reason = NULL, updated_at = ?"
                    " WHERE guild_id = ? AND post_id = ? AND status = 'pending'",
                    (message_id, now, guild_id, post_id),
                ).rowcount
                == 1
            )
        )

    async def mark_failed(self, guild_id: int, post_id: int, reason: str) -> None:
        now = self._now()
        await self.engine.write(
            lambda c: c.execute(
                "UPDATE posts SET status = 'failed', reason = ?, updated_at = ? WHERE guild_id = ? AND post_id = ?",
                (reason[:MAX_REASON_LENGTH], now, guild_id, post_id),
            )
        )

    async def skip_reason(self, guild_id: int, post_id: int, reason: str) -> None:
        """Why a skipped day posted nothing (shown by /schedule show)."""
        now = self._now()
        await self.engine.write(
            lambda c: c.execute(
                "UPDATE posts SET reason = ?, updated_at = ? WHERE guild_id = ? AND post_id = ? AND status = 'skipped'",
                (reason[:MAX_REASON_LENGTH], now, guild_id, post_id),
            )
        )

    # -- reading the ledger --------------------------------------------------------------------------

    async def day_posts(self, guild_id: int, local_date: date) -> list[PostRecord]:
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT * FROM posts WHERE guild_id = ? AND local_date = ? ORDER BY seq",
                (guild_id, local_date.isoformat()),
            ).fetchall()
        )
        return [_post(r) for r in rows]

    async def pending(self, guild_id: int) -> list[PostRecord]:
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT * FROM posts WHERE guild_id = ? AND status = 'pending' ORDER BY post_id", (guild_id,)
            ).fetchall()
        )
        return [_post(r) for r in rows]

    async def latest_sent(self, guild_id: int, *kinds: PostKind) -> PostRecord | None:
        """The latest sent post of one of `kinds` (all kinds when none is given)."""
        wanted = [k.value for k in kinds] or [k.value for k in PostKind]
        marks = ", ".join("?" for _ in wanted)
        return await self.engine.read(
            lambda c: _one(
                c,
                f"SELECT * FROM posts WHERE guild_id = ? AND status = 'sent' AND kind IN ({marks})"
                " ORDER BY post_id DESC LIMIT 1",
                (guild_id, *wanted),
            )
        )

    async def last_delivery(self, guild_id: int) -> PostRecord | None:
        return await self.engine.read(
            lambda c: _one(c, "SELECT * FROM posts WHERE guild_id = ? ORDER BY post_id DESC LIMIT 1", (guild_id,))
        )

    async def sent_count(self, guild_id: int, kind: PostKind) -> int:
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT count(*) FROM posts WHERE guild_id = ? AND status = 'sent' AND kind = ?", (guild_id, kind.value)
            ).fetchone()
        )
        return int(row[0])

    async def mission_posted(self, guild_id: int, mission_id: str) -> bool:
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT 1 FROM posts WHERE guild_id = ? AND status = 'sent' AND kind = 'mission' AND mission_id = ?"
                " LIMIT 1",
                (guild_id, mission_id),
            ).fetchone()
        )
        return row is not None

    async def failed_days_in_a_row(self, guild_id: int, limit: int = 10) -> int:
        """How many of the server's latest days (with any row) had only failed attempts, newest first."""
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT local_date, max(status != 'failed') AS ok FROM posts WHERE guild_id = ?"
                " GROUP BY local_date ORDER BY local_date DESC LIMIT ?",
                (guild_id, limit),
            ).fetchall()
        )
        streak = 0
        for row in rows:
            if row["ok"]:
                break
            streak += 1
        return streak

    # -- figures on and around the post (aggregates) -------------------------------------------------

    async def read_count(self, guild_id: int, concept_id: str) -> int:
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT count(*) FROM concept_reads WHERE guild_id = ? AND concept_id = ?", (guild_id, concept_id)
            ).fetchone()
        )
        return int(row[0])

    async def mission_progress(self, guild_id: int, mission_id: str) -> tuple[int, int]:
        """(members who confirmed the mission, members the bot knows in the server)."""
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT (SELECT count(*) FROM mission_confirmations WHERE guild_id = :g AND mission_id = :m"
                " AND status = 'confirmed'), (SELECT count(*) FROM members WHERE guild_id = :g)",
                {"g": guild_id, "m": mission_id},
            ).fetchone()
        )
        return int(row[0]), int(row[1])

    async def question_stats(self, guild_id: int) -> list[tuple[str, int, int]]:
        """(question id, answers, correct answers) of the server, one row per question."""
        rows = await self.engine.read(
            lambda c: c.execute(
                "SELECT question_id, count(*), sum(correct) FROM quiz_attempts WHERE guild_id = ? GROUP BY question_id",
                (guild_id,),
            ).fetchall()
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]
