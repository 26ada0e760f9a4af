"""/progress [member] and /leaderboard [period]: top-level member commands over the progress service."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.context import guild_id_of
from bot.discord_app.respond import handle
from bot.services.errors import UserFacingError
from bot.services.reply import Reply

if TYPE_CHECKING:
    from bot.app import App

PERIODS = [
    app_commands.Choice(name=texts.PERIOD_WEEK, value="week"),
    app_commands.Choice(name=texts.PERIOD_MONTH, value="month"),
    app_commands.Choice(name=texts.PERIOD_ALL, value="all"),
]


def progress_commands(app: App) -> list[app_commands.Command[Any, Any, None]]:
    """The two commands, bound to the application's services (added to the tree by the client)."""

    @app_commands.command(name="progress", description=texts.CMD_PROGRESS)
    @app_commands.describe(member=texts.OPT_PROGRESS_MEMBER)
    @app_commands.guild_only()
    async def progress(interaction: discord.Interaction, member: discord.Member | discord.User | None = None) -> None:
        guild_id = guild_id_of(interaction)
        who = member or interaction.user

        async def work() -> Reply:
            if who.bot:
                raise UserFacingError(texts.BOT_HAS_NO_PROGRESS)
            return await app.progress.member_summary(guild_id, who.id, who.display_name)

        await handle(interaction, work)

    @app_commands.command(name="leaderboard", description=texts.CMD_LEADERBOARD)
    @app_commands.describe(period=texts.OPT_LEADERBOARD_PERIOD)
    @app_commands.choices(period=PERIODS)
    @app_commands.guild_only()
    async def leaderboard(interaction: discord.Interaction, period: app_commands.Choice[str] | None = None) -> None:
        guild_id = guild_id_of(interaction)
        chosen = period.value if period is not None else "week"
        await handle(
            interaction,
            lambda: app.progress.leaderboard(guild_id, chosen, interaction.user.id),
            ephemeral=False,
        )

    return [progress, leaderboard]
