"""Organizer checks the bot evaluates itself on every use: `organizer_only()` for app commands and
`ensure_organizer` for buttons (which Discord's command permissions do not cover)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.appref import app_of
from bot.discord_app.errors import CheckCrashed, NotManager, NotOrganizer
from bot.discord_app.permissions import is_organizer
from bot.services.errors import NotAllowed

T = TypeVar("T")


async def _is_organizer_here(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    role_id = await app_of(interaction).guild_settings.organizer_role(interaction.guild_id)
    return is_organizer(interaction, role_id)


async def require_organizer(interaction: discord.Interaction) -> None:
    """Raise NotOrganizer unless the caller has Manage Server or the server's organizer role."""
    try:
        allowed = await _is_organizer_here(interaction)
    except app_commands.AppCommandError:
        raise
    except Exception as exc:
        # discord.py passes only AppCommandErrors on to tree.on_error; anything else would leave the
        # member without an answer.
        raise CheckCrashed("the organizer check failed") from exc
    if not allowed:
        raise NotOrganizer("organizer only")


async def ensure_organizer(interaction: discord.Interaction) -> None:
    """For buttons, inside `respond.handle`: a refusal the member sees, logged as refused."""
    try:
        allowed = await _is_organizer_here(interaction)
    except app_commands.NoPrivateMessage:
        raise NotAllowed(texts.GUILD_ONLY) from None
    if not allowed:
        raise NotAllowed(texts.ORGANIZER_ONLY)


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
