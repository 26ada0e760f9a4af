"""The audit log: organizer actions (schedule changes, organizer role, exports, mission decisions), per server."""

from __future__ import annotations

import sqlite3

from bot.store.engine import Engine
from bot.store.records import AuditEntry, from_db, to_db
from bot.store.rows import ENSURE_GUILD, MAX_REASON_LENGTH, insert_audit


class AuditLog:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def add_audit(
        self, guild_id: int, actor_id: int, action: str, *, target_id: int | None = None, detail: str = ""
    ) -> None:
        """Record an organizer action. (A mission decision writes its entry in its own transaction.)"""
        now = to_db(self.engine.clock())

        def op(conn: sqlite3.Connection) -> None:
            conn.execute(ENSURE_GUILD, (guild_id,))
            insert_audit(conn, guild_id, actor_id, action, target_id, detail[:MAX_REASON_LENGTH], now)

        await self.engine.write(op)

    async def list_audit(self, guild_id: int, limit: int = 50) -> list[AuditEntry]:
        """The server's latest entries, newest first."""
        rows = await self.engine.read(
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
