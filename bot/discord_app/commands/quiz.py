"""/quiz start | channel"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.checks import organizer_only
from bot.discord_app.context import display_name, guild_id_of
from bot.discord_app.quiz_closer import closer_of
from bot.discord_app.render import render
from bot.discord_app.respond import handle
from bot.discord_app.sync import command_ids_of
from bot.services.errors import UserFacingError
from bot.services.quizzes import CHANNEL_SECONDS, DEFAULT_CHANNEL_SECONDS, DEFAULT_QUESTIONS, MAX_QUESTIONS
from bot.services.reply import Reply, Tone

if TYPE_CHECKING:
    from bot.app import App


class QuizCommands(app_commands.Group):
    def __init__(self, app: App) -> None:
        super().__init__(name="quiz", description=texts.GROUP_QUIZ, guild_only=True)
        self.app = app

    async def _concepts(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=label, value=value) for label, value in self.app.concepts.suggestions(current)]

    @app_commands.command(name="start", description=texts.CMD_QUIZ_START)
    @app_commands.describe(concept=texts.OPT_QUIZ_CONCEPT, count=texts.OPT_QUIZ_COUNT)
    async def start(
        self,
        interaction: discord.Interaction,
        concept: app_commands.Range[str, 1, 100] | None = None,
        count: app_commands.Range[int, 1, MAX_QUESTIONS] = DEFAULT_QUESTIONS,
    ) -> None:
        guild_id = guild_id_of(interaction)
        await handle(
            interaction,
            lambda: self.app.quizzes.start(guild_id, interaction.user.id, display_name(interaction), concept, count),
        )

    @start.autocomplete("concept")
    async def start_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._concepts(interaction, current)

    @app_commands.command(name="channel", description=texts.CMD_QUIZ_CHANNEL)
    @app_commands.describe(concept=texts.OPT_QUIZ_CONCEPT, seconds=texts.OPT_QUIZ_SECONDS)
    @organizer_only()
    async def channel(
        self,
        interaction: discord.Interaction,
        concept: app_commands.Range[str, 1, 100] | None = None,
        seconds: app_commands.Range[int, CHANNEL_SECONDS[0], CHANNEL_SECONDS[1]] = DEFAULT_CHANNEL_SECONDS,
    ) -> None:
        guild_id = guild_id_of(interaction)
        client = interaction.client
        closer = closer_of(interaction)
        channel_id = interaction.channel_id
        quizzes = self.app.quizzes

        async def work() -> Reply:
            if channel_id is None:
                raise UserFacingError(texts.GUILD_ONLY)
            quiz = await quizzes.start_channel(guild_id, channel_id, concept, seconds)
            channel = client.get_partial_messageable(channel_id, guild_id=guild_id)
            try:
                message = await channel.send(**render(quiz.reply, command_ids=command_ids_of(client)).kwargs())
            except discord.HTTPException as exc:
                await quizzes.cancel_channel(guild_id, quiz.session_id)
                raise UserFacingError(texts.QUIZ_CHANNEL_CANNOT_POST) from exc
            await quizzes.attach_message(guild_id, quiz.session_id, message.id)
            closer.arm(guild_id, quiz.session_id, quiz.closes_at)
            return Reply(body=texts.QUIZ_CHANNEL_POSTED.format(seconds=seconds), tone=Tone.SUCCESS)

        await handle(interaction, work)

    @channel.autocomplete("concept")
    async def channel_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._concepts(interaction, current)
