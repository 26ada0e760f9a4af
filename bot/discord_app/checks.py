"""`organizer_only()`: an app-command check the bot evaluates itself on every call."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

import discord
from discord import app_commands

from bot.discord_app.errors import CheckCrashed, NotManager, NotOrganizer
from bot.discord_app.permissions import is_organizer

if TYPE_CHECKING:
    from bot.discord_app.client import StudyBotClient

T = TypeVar("T")


async def require_organizer(interaction: discord.Interaction) -> None:
    """Raise NotOrganizer unless the caller has Manage Server or the server's organizer role."""
    client = cast("StudyBotClient", interaction.client)
    try:
        role_id = await client.app.guild_settings.organizer_role(interaction.guild_id or 0)
    except Exception as exc:
        # discord.py passes only AppCommandErrors on to tree.on_error; anything else would leave the
        # member without an answer.
        raise CheckCrashed("the organizer check failed") from exc
    if not is_organizer(interaction, role_id):
        raise NotOrganizer("organizer only")


def manage_server_only() -> Callable[[T], T]:
    """For the settings that decide who organizes: Manage Server (or Administrator), not the role."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if not is_organizer(interaction, None):
            raise NotManager("manage server only")
        return True

    return app_commands.check(predicate)


def organizer_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        await require_organizer(interaction)
        return True

    return app_commands.check(predicate)
