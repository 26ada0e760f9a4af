"""Who and where an interaction comes from, in the form services take."""

from __future__ import annotations

import discord

from bot.discord_app import texts
from bot.services.errors import UserFacingError


def guild_id_of(interaction: discord.Interaction) -> int:
    """Commands are guild-only, so there is always a server; never write under a made-up id."""
    if interaction.guild_id is None:
        raise UserFacingError(texts.GUILD_ONLY)
    return interaction.guild_id


def display_name(interaction: discord.Interaction) -> str:
    return interaction.user.display_name
