"""The one `tree.on_error`: failures outside our `handle` wrapper (checks, option conversion, a command
Discord knows but we no longer have) become short Korean messages; anything else gets an error id."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.respond import log_interaction, report_unexpected, send_error, started_at
from bot.services.errors import UserFacingError


class NotOrganizer(app_commands.CheckFailure):
    pass


class NotManager(app_commands.CheckFailure):
    pass


class CheckCrashed(app_commands.CheckFailure):
    """A check could not decide (the database failed): an unexpected error, reported with an id."""


async def on_tree_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    started = started_at(interaction)
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    outcome = "refused"
    if isinstance(original, UserFacingError):
        await send_error(interaction, original.message)
    elif isinstance(original, NotOrganizer):
        await send_error(interaction, texts.ORGANIZER_ONLY)
    elif isinstance(original, CheckCrashed):
        outcome = f"error {await report_unexpected(interaction, original.__cause__ or original)}"
    elif isinstance(original, NotManager):
        await send_error(interaction, texts.MANAGE_SERVER_ONLY)
    elif isinstance(original, app_commands.NoPrivateMessage):
        await send_error(interaction, texts.GUILD_ONLY)
    elif isinstance(original, app_commands.CommandOnCooldown):
        await send_error(interaction, texts.COOLDOWN.format(seconds=original.retry_after))
    elif isinstance(original, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        await send_error(interaction, texts.COMMAND_OUT_OF_DATE)
    else:
        outcome = f"error {await report_unexpected(interaction, original)}"
    log_interaction(interaction, started, outcome)
