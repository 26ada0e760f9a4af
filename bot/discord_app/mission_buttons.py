"""The mission's buttons, all `DynamicItem`s registered in `setup_hook`, so they keep working after a
restart. Their custom ids carry a mission index, a page or position and at most a member id, never
evidence (a failed paste waits server-side as a draft until the member sends it for review)."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord_app.appref import app_of
from bot.discord_app.checks import ensure_organizer
from bot.discord_app.context import display_name, guild_id_of
from bot.discord_app.mission_roles import grant_on_confirm, role_warning
from bot.discord_app.respond import handle
from bot.services.reply import Reply
from bot.store import MissionStatus


class ReviewRequestButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"mission:review:(?P<index>\d{1,2})"
):
    """ "운영진 확인 요청": sends the member's last failed evidence (kept server-side) for review."""

    def __init__(self, mission_index: int) -> None:
        super().__init__(discord.ui.Button(custom_id=f"mission:review:{mission_index}", label="운영진 확인 요청"))
        self.mission_index = mission_index

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewRequestButton:
        return cls(int(match["index"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        app = app_of(interaction)

        async def work() -> Reply:
            guild_id = guild_id_of(interaction)
            return await app.missions.request_review(
                guild_id, interaction.user.id, display_name(interaction), self.mission_index
            )

        await handle(interaction, work, update=True)


class RosterPageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"mission:roster:(?P<index>\d{1,2}):(?P<page>\d{1,4})"
):
    """A page of the roster (or another mission's roster). Organizers only, checked on every click."""

    def __init__(self, mission_index: int, page: int) -> None:
        super().__init__(discord.ui.Button(custom_id=f"mission:roster:{mission_index}:{page}", label=str(page + 1)))
        self.mission_index = mission_index
        self.page = page

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> RosterPageButton:
        return cls(int(match["index"]), int(match["page"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await handle(interaction, lambda: roster_reply(interaction, self.mission_index, self.page), update=True)


async def roster_reply(interaction: discord.Interaction, mission_index: int, page: int) -> Reply:
    guild_id = guild_id_of(interaction)
    await ensure_organizer(interaction)
    app = app_of(interaction)
    reply = await app.mission_roster.roster(guild_id, mission_index, page)
    return role_warning(interaction, reply, app.missions.mission_at(mission_index).confirmed_role)


class ReviewQueueButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"mission:pending:(?P<index>\d{1,2}):(?P<position>\d{1,5})"
):
    """The organizers' review queue: one pending submission (member, reason, pasted output) at a time."""

    def __init__(self, mission_index: int, position: int) -> None:
        custom_id = f"mission:pending:{mission_index}:{position}"
        super().__init__(discord.ui.Button(custom_id=custom_id, label=str(position + 1)))
        self.mission_index = mission_index
        self.position = position

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewQueueButton:
        return cls(int(match["index"]), int(match["position"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            guild_id = guild_id_of(interaction)
            await ensure_organizer(interaction)
            return await app_of(interaction).mission_roster.review(guild_id, self.mission_index, self.position)

        await handle(interaction, work, update=True)


class VerifyButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"mission:verify:(?P<index>\d{1,2}):(?P<user>\d{1,20}):(?P<position>\d{1,5})",
):
    """ "✅ 확인 완료로" on a review card: the organizer verifies that member (audit-logged). The queue only
    draws pending members, so the button expects pending: a card drawn before another organizer's revoke
    is refused rather than silently undoing it (the custom id needs no extra state for that)."""

    def __init__(self, mission_index: int, user_id: int, position: int) -> None:
        custom_id = f"mission:verify:{mission_index}:{user_id}:{position}"
        super().__init__(discord.ui.Button(custom_id=custom_id, label="✅ 확인 완료로"))
        self.mission_index = mission_index
        self.user_id = user_id
        self.position = position

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VerifyButton:
        return cls(int(match["index"]), int(match["user"]), int(match["position"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            guild_id = guild_id_of(interaction)
            await ensure_organizer(interaction)
            missions = app_of(interaction).missions
            mission = missions.mission_at(self.mission_index)
            outcome = await missions.verify(
                guild_id,
                interaction.user.id,
                self.user_id,
                mission.id,
                next_review=self.position,
                expected=MissionStatus.PENDING,
            )
            if not (outcome.confirmed and mission.confirmed_role):
                return outcome.reply
            return await grant_on_confirm(interaction, outcome, await member_of(interaction, self.user_id))

        await handle(interaction, work, update=True)


async def member_of(interaction: discord.Interaction, user_id: int) -> discord.Member | None:
    """The server member (not cached without the members intent: asked of Discord), or None if they left."""
    guild = interaction.guild
    if guild is None:
        return None
    try:
        return guild.get_member(user_id) or await guild.fetch_member(user_id)
    except discord.HTTPException:
        return None


DYNAMIC_ITEMS = (ReviewRequestButton, RosterPageButton, ReviewQueueButton, VerifyButton)
