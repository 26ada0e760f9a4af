"""Organizer settings of a server that are not about the schedule: the organizer role."""

from __future__ import annotations

from typing import Protocol

from bot.services.ports import AuditTrail
from bot.services.reply import Reply, Tone


class HasOrganizerRole(Protocol):
    @property
    def organizer_role_id(self) -> int | None: ...


class GuildSettingsStore(Protocol):
    async def get_guild(self, guild_id: int) -> HasOrganizerRole: ...

    async def update_guild(self, guild_id: int, **fields: int | None) -> HasOrganizerRole: ...


class GuildSettingsService:
    def __init__(self, store: GuildSettingsStore, audit: AuditTrail) -> None:
        self.store = store
        self.audit = audit

    async def organizer_role(self, guild_id: int) -> int | None:
        return (await self.store.get_guild(guild_id)).organizer_role_id

    async def set_organizer_role(self, guild_id: int, actor_id: int, role_id: int, role_name: str) -> Reply:
        before = await self.organizer_role(guild_id)
        await self.store.update_guild(guild_id, organizer_role_id=role_id)
        await self.audit.add_audit(
            guild_id, actor_id, "organizer_role", target_id=role_id, detail=f"{before} -> {role_id} ({role_name})"
        )
        return Reply(
            title="운영진 역할을 정했어요",
            body=(
                f"이제 **@{role_name}** 역할이 있는 멤버도 운영진 명령(일정, 미션 확인, 리포트 등)을 쓸 수 있어요.\n"
                "서버 관리 권한이 있는 멤버는 역할과 관계없이 언제나 운영진이에요."
            ),
            tone=Tone.SUCCESS,
        )
