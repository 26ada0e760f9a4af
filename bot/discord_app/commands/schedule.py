"""/schedule set | show | pause | resume | post-now (organizers; checked by the bot on every call)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.checks import organizer_only
from bot.discord_app.context import guild_id_of
from bot.discord_app.respond import handle
from bot.services.reply import Reply
from bot.services.schedules import zone_suggestions

if TYPE_CHECKING:
    from bot.app import App


def missing_permissions(channel: discord.TextChannel) -> list[str]:
    """The permissions the daily post needs that the bot lacks in `channel` (overwrites included)."""
    me = channel.guild.me
    if me is None:
        return []
    granted = channel.permissions_for(me)
    return [name for flag, name in texts.SCHEDULE_PERMISSION_NAMES.items() if not getattr(granted, flag)]


class ScheduleCommands(app_commands.Group):
    def __init__(self, app: App) -> None:
        super().__init__(name="schedule", description=texts.GROUP_SCHEDULE, guild_only=True)
        self.app = app

    @app_commands.command(name="set", description=texts.CMD_SCHEDULE_SET)
    @app_commands.describe(
        channel=texts.OPT_SCHEDULE_CHANNEL, time=texts.OPT_SCHEDULE_TIME, timezone=texts.OPT_SCHEDULE_TIMEZONE
    )
    @organizer_only()
    async def set_schedule(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: app_commands.Range[str, 1, 20],
        timezone: app_commands.Range[str, 1, 64] | None = None,
    ) -> None:
        async def work() -> Reply:
            return await self.app.schedules.set_schedule(
                guild_id_of(interaction),
                interaction.user.id,
                channel_id=channel.id,
                channel_name=channel.name,
                time_text=time,
                zone_text=timezone,
                missing_permissions=missing_permissions(channel),
            )

        await handle(interaction, work)

    @set_schedule.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=zone, value=zone) for zone in zone_suggestions(current)]

    @app_commands.command(name="show", description=texts.CMD_SCHEDULE_SHOW)
    @organizer_only()
    async def show(self, interaction: discord.Interaction) -> None:
        def label(channel_id: int) -> str:
            found = interaction.guild.get_channel(channel_id) if interaction.guild else None
            return found.mention if found else texts.SCHEDULE_CHANNEL_DELETED.format(channel_id=channel_id)

        async def work() -> Reply:
            return await self.app.schedules.show(guild_id_of(interaction), label)

        await handle(interaction, work)

    @app_commands.command(name="pause", description=texts.CMD_SCHEDULE_PAUSE)
    @organizer_only()
    async def pause(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            return await self.app.schedules.pause(guild_id_of(interaction), interaction.user.id)

        await handle(interaction, work)

    @app_commands.command(name="resume", description=texts.CMD_SCHEDULE_RESUME)
    @organizer_only()
    async def resume(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            return await self.app.schedules.resume(guild_id_of(interaction), interaction.user.id)

        await handle(interaction, work)

    @app_commands.command(name="post-now", description=texts.CMD_SCHEDULE_POST_NOW)
    @organizer_only()
    async def post_now(self, interaction: discord.Interaction) -> None:
        async def work() -> Reply:
            return await self.app.schedules.post_now(guild_id_of(interaction), interaction.user.id)

        await handle(interaction, work)
