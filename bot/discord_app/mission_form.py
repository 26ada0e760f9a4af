"""The evidence form of /mission confirm: one paragraph input; its submission is checked by MissionService."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.core.course import Mission
from bot.core.evidence import MAX_EVIDENCE_LENGTH
from bot.core.text import truncate
from bot.discord_app.appref import app_of
from bot.discord_app.context import display_name, guild_id_of
from bot.discord_app.mission_roles import grant_on_confirm
from bot.discord_app.respond import handle
from bot.services.reply import Reply

MODAL_TITLE_LIMIT = 45

EVIDENCE_FORM = re.compile(r"mission:evidence:(?P<index>\d{1,2}):\d{1,20}")
EVIDENCE_INPUT = "evidence"


class EvidenceModal(discord.ui.Modal):
    """One paragraph input, as long as the evidence check accepts. Only the form: its submission is handled
    by `on_evidence_submit` from the client's interaction event, with no state kept in memory, so a form
    that was open while the bot restarted still gets its answer.

    discord.py keeps open modals by custom id alone and forgets one when it is submitted, so each opening
    gets its own id (the opening interaction's): members confirming at the same time never share one."""

    def __init__(self, mission_index: int, mission: Mission, opened_by: int) -> None:
        super().__init__(
            title=truncate(mission.title, MODAL_TITLE_LIMIT),
            custom_id=f"mission:evidence:{mission_index}:{opened_by}",
            timeout=15 * 60,  # an interaction token lives 15 minutes; the modal cannot outlive it
        )
        self.evidence: discord.ui.TextInput[EvidenceModal] = discord.ui.TextInput(
            style=discord.TextStyle.paragraph,
            custom_id=EVIDENCE_INPUT,
            placeholder=mission.form_placeholder,  # the course's words (validated ≤ 100)
            min_length=1,
            max_length=MAX_EVIDENCE_LENGTH,
        )
        self.add_item(
            discord.ui.Label(text=mission.form_label, description=mission.form_description, component=self.evidence)
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
