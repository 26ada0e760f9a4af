"""Servers, their members and the bot's own state: a small repository over the engine.

`list_guilds` is the one read that spans servers (the scheduler rebuilds its jobs at start-up).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.store.engine import Engine
from bot.store.records import GuildSettings, Member, to_db
from bot.store.rows import ENSURE_GUILD, member_from, opt_datetime, upsert_member

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


class GuildRecords:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- settings -----------------------------------------------------------------------------------

    def _guild(self, guild_id: int, row: sqlite3.Row | None) -> GuildSettings:
        default = self.engine.default_timezone
        if row is None:
            return GuildSettings(guild_id, None, None, default, False, None, None)
        return GuildSettings(
            guild_id=guild_id,
            channel_id=row["channel_id"],
            post_time=time.fromisoformat(row["post_time"]) if row["post_time"] else None,
            timezone=row["timezone"] or default,
            paused=bool(row["paused"]),
            organizer_role_id=row["organizer_role_id"],
            command_sync_hash=row["command_sync_hash"],
            paused_reason=row["paused_reason"],
            schedule_since=opt_datetime(row["schedule_since"]),
        )

    async def get_guild(self, guild_id: int) -> GuildSettings:
        """The server's settings; defaults when it has none yet."""
        row = await self.engine.read(
            lambda c: c.execute("SELECT * FROM guilds WHERE guild_id = ?", (guild_id,)).fetchone()
        )
        return self._guild(guild_id, row)

    async def guild_zone(self, guild_id: int) -> ZoneInfo:
        """The server's time zone (the bot's default when it has none set)."""
        return ZoneInfo((await self.get_guild(guild_id)).timezone)

    async def list_guilds(self) -> list[GuildSettings]:
        rows = await self.engine.read(lambda c: c.execute("SELECT * FROM guilds ORDER BY guild_id").fetchall())
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
            sql = ENSURE_GUILD
        params = (guild_id, *values.values())

        def op(conn: sqlite3.Connection) -> sqlite3.Row | None:
            conn.execute(sql, params)
            row: sqlite3.Row | None = conn.execute("SELECT * FROM guilds WHERE guild_id = ?", (guild_id,)).fetchone()
            return row

        return self._guild(guild_id, await self.engine.write(op))

    # -- the bot's own state ------------------------------------------------------------------------

    async def get_state(self, key: str) -> str | None:
        row = await self.engine.read(
            lambda c: c.execute("SELECT value FROM bot_state WHERE key = ?", (key,)).fetchone()
        )
        return None if row is None else str(row[0])

    async def set_state(self, key: str, value: str) -> None:
        now = to_db(self.engine.clock())
        await self.engine.write(
            lambda c: c.execute(
                "INSERT INTO bot_state (key, value, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, value, now),
            )
        )

    # -- members ------------------------------------------------------------------------------------

    async def upsert_member(self, guild_id: int, user_id: int, display_name: str) -> None:
        now = to_db(self.engine.clock())
        await self.engine.write(lambda c: upsert_member(c, guild_id, user_id, display_name, now))

    async def get_member(self, guild_id: int, user_id: int) -> Member | None:
        row = await self.engine.read(
            lambda c: c.execute(
                "SELECT * FROM members WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
            ).fetchone()
        )
        return None if row is None else member_from(row)
