"""Narrow store protocols several services share. Each service states the rest of what it needs next to it.

bot/app.py passes the repositories of bot.store.Database (`db.guilds`, `db.audit`, ...) for these.
"""

from __future__ import annotations

from typing import Protocol
from zoneinfo import ZoneInfo

from bot.store.records import Member


class AuditTrail(Protocol):
    """Where organizer actions are recorded (bot.store.audit.AuditLog)."""

    async def add_audit(
        self, guild_id: int, actor_id: int, action: str, *, target_id: int | None = None, detail: str = ""
    ) -> None: ...


class GuildZones(Protocol):
    """A server's time zone (bot.store.guilds.GuildRecords)."""

    async def guild_zone(self, guild_id: int) -> ZoneInfo: ...


class MemberDirectory(GuildZones, Protocol):
    """A server's time zone and the members it has seen (bot.store.guilds.GuildRecords)."""

    async def get_member(self, guild_id: int, user_id: int) -> Member | None: ...
