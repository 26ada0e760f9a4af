"""Who counts as an organizer: Manage Server (or Administrator), or the server's organizer role.
Evaluated by the bot on every use, for commands and buttons alike, never left to Discord's defaults."""

from __future__ import annotations

import discord


def is_organizer(interaction: discord.Interaction, organizer_role_id: int | None) -> bool:
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        return False
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    return organizer_role_id is not None and any(role.id == organizer_role_id for role in interaction.user.roles)
