"""The fake Discord's 3-second window: a first callback made more than 3 s after the interaction was
created is refused with 404 10062 "Unknown interaction", as Discord does. Interactions are created in the
past (`FakeDiscord.interaction_age`) instead of sleeping."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from tests.fakediscord import FakeDiscord
from tests.fakediscord.client import point_discord_at, running_client

pytestmark = pytest.mark.timeout(30)


def answering_client(guild_id: int) -> tuple[discord.Client, app_commands.CommandTree[discord.Client]]:
    client = discord.Client(intents=discord.Intents(guilds=True), guild_ready_timeout=0.1)
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)

    @tree.command(name="ping", description="바로 답해요", guild=discord.Object(id=guild_id))
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    return client, tree


async def test_a_first_answer_after_three_seconds_is_unknown_interaction() -> None:
    async with FakeDiscord() as fake:
        guild = fake.world.guild
        client, tree = answering_client(guild.id)
        with point_discord_at(fake):
            async with running_client(client, fake.token, fail_on_error_logs=False):
                await tree.sync(guild=discord.Object(id=guild.id))
                fake.interaction_age = 2.5  # answered at once: inside the window
                in_time = await fake.send_slash_command(guild, "minsu", "ping")
                assert (await in_time.reply())["content"] == "pong"
                fake.interaction_age = 3.2  # the same answer, but the interaction is 3.2 s old
                late = await fake.send_slash_command(guild, "minsu", "ping")
                call = await fake.wait_for_call("POST", rf"/interactions/{late.id}/.+/callback$")
        assert (call.status, call.response) == (404, {"message": "Unknown interaction", "code": 10062})
        assert late.callbacks == []
        assert [c.path for c in fake.unexpected_calls] == [call.path]
