"""The mission's modal and buttons. The buttons are `DynamicItem`s registered in `setup_hook`, so they
keep working after a restart; their custom ids carry only a mission index and a page, never evidence
(failed evidence waits server-side as a draft until the member sends it for review)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import discord

from bot.core.evidence import MAX_EVIDENCE_LENGTH
from bot.core.text import truncate
from bot.discord_app import texts
from bot.discord_app.appref import app_of
from bot.discord_app.checks import ensure_organizer
from bot.discord_app.context import display_name, guild_id_of
from bot.discord_app.mission_roles import change_role, usable_role
from bot.discord_app.respond import handle
from bot.services.missions import MissionOutcome
from bot.services.reply import Field, Reply

MODAL_TITLE_LIMIT = 45


def with_field(reply: Reply, name: str, value: str) -> Reply:
    return replace(reply, fields=(*reply.fields, Field(name, value)))


async def grant_on_confirm(interaction: discord.Interaction, outcome: MissionOutcome, target: Any) -> Reply:
    """The reply, plus what happened to the confirmation role when the course has one."""
    role_name = outcome.mission.confirmed_role
    if not outcome.confirmed or not role_name:
        return outcome.reply
    done, line = await change_role(interaction, target, role_name, grant=True)
    if done or target is not interaction.user:
        return with_field(outcome.reply, texts.MISSION_ROLE_FIELD, line)  # the organizer sees the reason
    return with_field(outcome.reply, texts.MISSION_ROLE_FIELD, texts.MISSION_ROLE_LATER.format(role=role_name))


def role_warning(interaction: discord.Interaction, reply: Reply, role_name: str | None) -> Reply:
    """For organizers: why the confirmation role cannot be granted, if it cannot."""
    if not role_name:
        return reply
    _, problem = usable_role(interaction, role_name)
    return with_field(reply, texts.MISSION_ROLE_PROBLEM_FIELD, problem) if problem else reply


EVIDENCE_FORM = re.compile(r"mission:evidence:(?P<index>\d{1,2}):\d{1,20}")
EVIDENCE_INPUT = "evidence"


class EvidenceModal(discord.ui.Modal):
    """One paragraph input, as long as the evidence check accepts. Only the form: its submission is handled
    by `on_evidence_submit` from the client's interaction event, with no state kept in memory, so a form
    that was open while the bot restarted still gets its answer.

    discord.py keeps open modals by custom id alone and forgets one when it is submitted, so each opening
    gets its own id (the opening interaction's): members confirming at the same time never share one."""

    def __init__(self, mission_index: int, mission_title: str, opened_by: int) -> None:
        super().__init__(
            title=truncate(mission_title, MODAL_TITLE_LIMIT),
            custom_id=f"mission:evidence:{mission_index}:{opened_by}",
            timeout=15 * 60,  # an interaction token lives 15 minutes; the modal cannot outlive it
        )
        self.evidence: discord.ui.TextInput[EvidenceModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            custom_id=EVIDENCE_INPUT,
            placeholder=texts.MISSION_MODAL_PLACEHOLDER,
            min_length=1,
            max_length=MAX_EVIDENCE_LENGTH,
        )
        self.add_item(
            discord.ui.Label(
                text=texts.MISSION_MODAL_LABEL, description=texts.MISSION_MODAL_DESCRIPTION, component=self.evidence
            )
        )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Answered by `on_evidence_submit`."""


def submitted_text(components: Any, custom_id: str) -> str | None:
    """The value of the text input `custom_id` in a modal submission (rows or labels, nested)."""
    for component in components if isinstance(components, list) else []:
        if not isinstance(component, dict):
            continue
        if component.get("custom_id") == custom_id and isinstance(component.get("value"), str):
            return str(component["value"])
        nested = component.get("components") or ([component["component"]] if "component" in component else [])
        found = submitted_text(nested, custom_id)
        if found is not None:
            return found
    return None


async def on_evidence_submit(interaction: discord.Interaction) -> None:
    """A submitted evidence form (any interaction is passed in; others are ignored)."""
    if interaction.type is not discord.InteractionType.modal_submit:
        return
    data: dict[str, Any] = dict(interaction.data or {})
    form = EVIDENCE_FORM.fullmatch(str(data.get("custom_id", "")))
    if form is None:
        return
    app = app_of(interaction)
    text = submitted_text(data.get("components"), EVIDENCE_INPUT) or ""

    async def work() -> Reply:
        guild_id = guild_id_of(interaction)
        mission = app.missions.mission_at(int(form["index"]))
        outcome = await app.missions.confirm(guild_id, interaction.user.id, display_name(interaction), mission.id, text)
        return await grant_on_confirm(interaction, outcome, interaction.user)

    await handle(interaction, work)


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
    missions = app_of(interaction).missions
    reply = await missions.roster(guild_id, mission_index, page)
    return role_warning(interaction, reply, missions.mission_at(mission_index).confirmed_role)


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
            return await app_of(interaction).missions.review(guild_id, self.mission_index, self.position)

        await handle(interaction, work, update=True)


class VerifyButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"mission:verify:(?P<index>\d{1,2}):(?P<user>\d{1,20}):(?P<position>\d{1,5})",
):
    """ "✅ 확인 완료로" on a review card: the organizer verifies that member (audit-logged)."""

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
                guild_id, interaction.user.id, self.user_id, mission.id, next_review=self.position
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
