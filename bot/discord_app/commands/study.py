"""/study organizer-role (more organizer tools join this group: report, export)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.checks import organizer_only
from bot.discord_app.respond import handle

if TYPE_CHECKING:
    from bot.app import App


class StudyCommands(app_commands.Group):
    def __init__(self, app: App) -> None:
        super().__init__(name="study", description=texts.GROUP_STUDY, guild_only=True)
        self.app = app

    @app_commands.command(name="organizer-role", description=texts.CMD_STUDY_ORGANIZER_ROLE)
    @app_commands.describe(role=texts.OPT_ROLE)
    @organizer_only()
    async def organizer_role(self, interaction: discord.Interaction, role: discord.Role) -> None:
        guild_id = interaction.guild_id or 0
        await handle(
            interaction,
            lambda: self.app.guild_settings.set_organizer_role(guild_id, interaction.user.id, role.id, role.name),
        )
