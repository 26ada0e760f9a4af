"""/concept today | show | list"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.context import display_name, guild_id_of
from bot.discord_app.respond import handle

if TYPE_CHECKING:
    from bot.app import App


class ConceptCommands(app_commands.Group):
    def __init__(self, app: App) -> None:
        super().__init__(name="concept", description=texts.GROUP_CONCEPT, guild_only=True)
        self.app = app

    @app_commands.command(name="today", description=texts.CMD_CONCEPT_TODAY)
    async def today(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        await handle(
            interaction,
            lambda: self.app.concepts.today(guild_id, interaction.user.id, display_name(interaction)),
            course_folder=self.app.course_folder,
        )

    @app_commands.command(name="show", description=texts.CMD_CONCEPT_SHOW)
    @app_commands.describe(concept=texts.OPT_CONCEPT)
    async def show(self, interaction: discord.Interaction, concept: app_commands.Range[str, 1, 100]) -> None:
        guild_id = guild_id_of(interaction)
        await handle(
            interaction,
            lambda: self.app.concepts.show(guild_id, interaction.user.id, display_name(interaction), concept),
            course_folder=self.app.course_folder,
        )

    @show.autocomplete("concept")
    async def show_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=label, value=value) for label, value in self.app.concepts.suggestions(current)]

    @app_commands.command(name="list", description=texts.CMD_CONCEPT_LIST)
    async def listing(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        await handle(interaction, lambda: self.app.concepts.listing(guild_id, interaction.user.id))
