"""The daily post's "읽었어요 ✅" button: persistent (DynamicItem), so posts of earlier days keep working."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.discord_app.appref import app_of
from bot.discord_app.context import display_name, guild_id_of
from bot.discord_app.respond import handle
from bot.services.daily_posts import READ_BUTTON_LABEL
from bot.services.reply import Reply


class ReadButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"post:read:(?P<index>[0-9]{1,4})"):
    def __init__(self, concept_index: int) -> None:
        super().__init__(
            discord.ui.Button(
                label=READ_BUTTON_LABEL, style=discord.ButtonStyle.success, custom_id=f"post:read:{concept_index}"
            )
        )
        self.concept_index = concept_index

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReadButton:
        return cls(int(match["index"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        app = app_of(interaction)

        async def work() -> Reply:
            guild_id = guild_id_of(interaction)
            return await app.daily_posts.record_read(
                guild_id, interaction.user.id, display_name(interaction), self.concept_index
            )

        await handle(interaction, work)
