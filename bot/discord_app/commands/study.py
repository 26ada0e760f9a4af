"""/study organizer-role (more organizer tools join this group: report, export)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.checks import manage_server_only, organizer_only
from bot.discord_app.context import guild_id_of
from bot.discord_app.respond import handle
from bot.services.errors import NotAllowed
from bot.services.reply import Reply

if TYPE_CHECKING:
    from bot.app import App


class StudyCommands(app_commands.Group):
    """Organizer tools. Each command checks the caller itself (Manage Server or the organizer role);
    Discord's default permissions are left open so that role holders see the commands."""

    def __init__(self, app: App) -> None:
        super().__init__(name="study", description=texts.GROUP_STUDY, guild_only=True)
        self.app = app

    # Only Manage Server may choose who else is an organizer: a role holder must not be able to hand
    # organizer powers on to others.
    @app_commands.command(name="organizer-role", description=texts.CMD_STUDY_ORGANIZER_ROLE)
    @app_commands.describe(role=texts.OPT_ROLE)
    @manage_server_only()
    async def organizer_role(self, interaction: discord.Interaction, role: discord.Role) -> None:
        guild_id = guild_id_of(interaction)

        async def work() -> Reply:
            if role.is_default():
                raise NotAllowed(texts.ROLE_IS_EVERYONE)
            if role.managed:
                raise NotAllowed(texts.ROLE_IS_MANAGED.format(role=role.name))
            return await self.app.guild_settings.set_organizer_role(guild_id, interaction.user.id, role.id, role.name)

        await handle(interaction, work)

    @app_commands.command(name="report", description=texts.CMD_STUDY_REPORT)
    @organizer_only()
    async def report(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        await handle(interaction, lambda: self.app.progress.group_report(guild_id))

    @app_commands.command(name="export", description=texts.CMD_STUDY_EXPORT)
    @organizer_only()
    async def export(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        await handle(interaction, lambda: self.app.exports.export_reply(guild_id, interaction.user.id))
