"""The application object graph behind an interaction, for checks, buttons and modals.

Commands get the `App` through their constructor; checks and `DynamicItem`s are made by discord.py and
reach it through the client. Reading it here (typed against `bot.app`, which imports no adapter) keeps
those modules from importing the client, and so out of an import circle with the command modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord

if TYPE_CHECKING:
    from bot.app import App


def app_of(interaction: discord.Interaction) -> App:
    app = getattr(interaction.client, "app", None)
    if app is None:
        raise RuntimeError("the Discord client has no application object (StudyBotClient.app)")
    return cast("App", app)


def has_app(interaction: discord.Interaction) -> bool:
    return getattr(interaction.client, "app", None) is not None
