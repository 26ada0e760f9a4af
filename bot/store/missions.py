"""Missions: members' confirmations (each decision with its audit entry), drafts, the roster in pages, and
notices owed to members. A small repository over the engine.

Every query filters by guild. The roster is read a page at a time (LIMIT/OFFSET over the server's members,
joined to their confirmation by primary key) plus one GROUP BY for the counts, so a large server is never
loaded into Python.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.core.evidence import MAX_EVIDENCE_LENGTH
from bot.store.engine import Engine
from bot.store.records import Confirmation, ConfirmationChange, MissionStatus, from_db, to_db
from bot.store.rows import MAX_REASON_LENGTH, confirmation_from, insert_audit, upsert_member

# The roster's order: the groups an organizer acts on first, then by when the bot first saw the member.
ROSTER_ORDER = (MissionStatus.CONFIRMED, MissionStatus.PENDING, MissionStatus.REVOKED, MissionStatus.NOT_STARTED)
_STATUS = "COALESCE(c.status, 'not_started')"
_RANK = "CASE " + " ".join(f"WHEN {_STATUS} = '{s.value}' THEN {i}" for i, s in enumerate(ROSTER_ORDER)) + " END"
_JOIN = (
    "FROM members AS m LEFT JOIN mission_confirmations AS c"
    " ON c.guild_id = m.guild_id AND c.user_id = m.user_id AND c.mission_id = :mission_id"
    " WHERE m.guild_id = :guild_id"
)


@dataclass(frozen=True)
class Draft:
    evidence: str
    missing: str
    created_at: datetime


@dataclass(frozen=True)
class RosterEntry:
    user_id: int
    status: MissionStatus
    display_name: str


@dataclass(frozen=True)
class Notice:
    mission_id: str
    reason: str
    created_at: datetime


class MissionRecords:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Whether a notice may be owed to anyone (None: not asked yet). Kept by add_notice and take_notices;
        # this process is the database's one writer, so nothing else adds notices behind its back.
        self._notices_pending: bool | None = None
        self._notices_added = 0  # add_notice calls finished, so that take_notices never clears a newer one

    # -- confirmations: where each member stands with each mission --------------------------------------

    async def get_confirmation(self, guild_id: int, user_id: int, mission_id: str) -> Confirmation | None:
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT * FROM mission_confirmations WHERE guild_id = ? AND user_id = ? AND mission_id = ?",
                (guild_id, user_id, mission_id),
            ).fetchone()
        )
        return None if row is None else confirmation_from(row)

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
        now = to_db(at if at is not None else self.engine.clock())

        def op(conn: sqlite3.Connection) -> tuple[Confirmation | None, Confirmation | None]:
            upsert_member(conn, guild_id, user_id, display_name, now)
            key = (guild_id, user_id, mission_id)
            where = "WHERE guild_id = ? AND user_id = ? AND mission_id = ?"
            row = conn.execute(f"SELECT * FROM mission_confirmations {where}", key).fetchone()
            before = None if row is None else confirmation_from(row)
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
                detail = f"{mission_id}: {reason or ''}"
                insert_audit(conn, guild_id, change.decided_by, change.audit_action, user_id, detail, now)
            after = confirmation_from(conn.execute(f"SELECT * FROM mission_confirmations {where}", key).fetchone())
            return before, after

        return await self.engine.write(op)

    # -- drafts: evidence that failed the check, until the member sends it for review ----------------

    async def save_draft(
        self,
        guild_id: int,
        user_id: int,
        mission_id: str,
        evidence: str,
        missing: str,
        *,
        display_name: str,
        at: datetime,
        purge_before: datetime,
    ) -> None:
        """Keep (replace) the member's draft; drop this server's drafts older than `purge_before`."""
        now = to_db(at)

        def op(conn: sqlite3.Connection) -> None:
            upsert_member(conn, guild_id, user_id, display_name, now)
            conn.execute(
                "DELETE FROM mission_drafts WHERE guild_id = ? AND created_at < ?", (guild_id, to_db(purge_before))
            )
            conn.execute(
                "INSERT INTO mission_drafts (guild_id, user_id, mission_id, evidence, missing, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, user_id, mission_id) DO UPDATE SET"
                " evidence = excluded.evidence, missing = excluded.missing, created_at = excluded.created_at",
                (guild_id, user_id, mission_id, evidence[:MAX_EVIDENCE_LENGTH], missing[:MAX_REASON_LENGTH], now),
            )

        await self.engine.write(op)

    async def get_draft(self, guild_id: int, user_id: int, mission_id: str) -> Draft | None:
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT evidence, missing, created_at FROM mission_drafts"
                " WHERE guild_id = ? AND user_id = ? AND mission_id = ?",
                (guild_id, user_id, mission_id),
            ).fetchone()
        )
        return None if row is None else Draft(row["evidence"], row["missing"], from_db(row["created_at"]))

    async def drop_draft(self, guild_id: int, user_id: int, mission_id: str) -> None:
        await self.engine.write(
            lambda c: c.execute(
                "DELETE FROM mission_drafts WHERE guild_id = ? AND user_id = ? AND mission_id = ?",
                (guild_id, user_id, mission_id),
            )
        )

    # -- the roster ----------------------------------------------------------------------------------

    async def roster_counts(self, guild_id: int, mission_id: str) -> dict[MissionStatus, int]:
        params = {"guild_id": guild_id, "mission_id": mission_id}
        rows = await self.engine.read(
            lambda c: c.execute(f"SELECT {_STATUS} AS status, COUNT(*) AS n {_JOIN} GROUP BY 1", params).fetchall()
        )
        counts = dict.fromkeys(ROSTER_ORDER, 0)
        counts.update({MissionStatus(row["status"]): row["n"] for row in rows})
        return counts

    async def roster_page(self, guild_id: int, mission_id: str, offset: int, limit: int) -> list[RosterEntry]:
        """Members in roster order (status group, then first seen), `limit` of them from `offset`."""
        params = {"guild_id": guild_id, "mission_id": mission_id, "offset": offset, "limit": limit}
        rows = await self.engine.read(
            lambda c: c.execute(
                f"SELECT m.user_id, m.display_name, {_STATUS} AS status {_JOIN}"
                f" ORDER BY {_RANK}, m.first_seen, m.user_id LIMIT :limit OFFSET :offset",
                params,
            ).fetchall()
        )
        return [RosterEntry(row["user_id"], MissionStatus(row["status"]), row["display_name"]) for row in rows]

    # -- the review queue: pending confirmations, oldest first ------------------------------------------

    async def pending_count(self, guild_id: int, mission_id: str) -> int:
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT COUNT(*) FROM mission_confirmations WHERE guild_id = ? AND mission_id = ? AND status = ?",
                (guild_id, mission_id, MissionStatus.PENDING.value),
            ).fetchone()
        )
        return int(row[0])

    async def pending_at(self, guild_id: int, mission_id: str, position: int) -> Confirmation | None:
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT * FROM mission_confirmations WHERE guild_id = ? AND mission_id = ? AND status = ?"
                " ORDER BY updated_at, user_id LIMIT 1 OFFSET ?",
                (guild_id, mission_id, MissionStatus.PENDING.value, position),
            ).fetchone()
        )
        if row is None:
            return None
        return confirmation_from(row)

    # -- notices owed to a member ----------------------------------------------------------------------

    async def add_notice(self, guild_id: int, user_id: int, mission_id: str, reason: str, *, at: datetime) -> None:
        self._notices_pending = True
        await self.engine.write(
            lambda c: c.execute(
                "INSERT INTO mission_notices (guild_id, user_id, mission_id, reason, created_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (guild_id, user_id, mission_id) DO UPDATE SET reason = excluded.reason,"
                " created_at = excluded.created_at",
                (guild_id, user_id, mission_id, reason[:MAX_REASON_LENGTH], to_db(at)),
            )
        )
        self._notices_added += 1
        self._notices_pending = True

    async def drop_notice(self, guild_id: int, user_id: int, mission_id: str) -> None:
        await self.engine.write(
            lambda c: c.execute(
                "DELETE FROM mission_notices WHERE guild_id = ? AND user_id = ? AND mission_id = ?",
                (guild_id, user_id, mission_id),
            )
        )

    async def take_notices(self, guild_id: int, user_id: int) -> list[Notice]:
        """The member's notices, deleted as they are handed out. A read first: almost always there are none,
        and then nothing is written."""
        # Every interaction asks, and almost never is anything owed: while this process knows no notice is
        # pending anywhere (it writes them all: add_notice), the answer needs no query at all.
        if self._notices_pending is None:
            self._notices_pending = await self.engine.read(
                lambda c: c.execute("SELECT EXISTS (SELECT 1 FROM mission_notices)").fetchone()[0] == 1
            )
        if not self._notices_pending:
            return []
        where = "WHERE guild_id = ? AND user_id = ?"
        key = (guild_id, user_id)
        if not await self.engine.read(lambda c: c.execute(f"SELECT 1 FROM mission_notices {where}", key).fetchone()):
            return []
        added = self._notices_added

        def op(conn: sqlite3.Connection) -> tuple[list[sqlite3.Row], bool]:
            rows = conn.execute(
                f"SELECT mission_id, reason, created_at FROM mission_notices {where} ORDER BY created_at", key
            ).fetchall()
            conn.execute(f"DELETE FROM mission_notices {where}", key)
            return rows, conn.execute("SELECT EXISTS (SELECT 1 FROM mission_notices)").fetchone()[0] == 1

        rows, others = await self.engine.write(op)
        if not others and added == self._notices_added:  # no notice was added meanwhile
            self._notices_pending = False
        return [Notice(row["mission_id"], row["reason"], from_db(row["created_at"])) for row in rows]
