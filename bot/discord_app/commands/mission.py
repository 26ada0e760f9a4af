"""/mission info | confirm | status (members) and roster | verify | revoke (organizers)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.discord_app import texts
from bot.discord_app.checks import organizer_only
from bot.discord_app.context import guild_id_of
from bot.discord_app.mission_buttons import roster_reply
from bot.discord_app.mission_form import EvidenceModal
from bot.discord_app.mission_roles import change_role, grant_on_confirm, with_field
from bot.discord_app.render import render
from bot.discord_app.respond import handle, log_interaction, started_at
from bot.services.errors import NotAllowed, UserFacingError
from bot.services.missions import MissionOutcome
from bot.services.reply import Reply
from bot.store.rows import MAX_REASON_LENGTH

if TYPE_CHECKING:
    from bot.app import App

GUILD_ONLY = app_commands.AppCommandContext(guild=True)


def _not_a_bot(member: discord.Member) -> None:
    if member.bot:
        raise NotAllowed(texts.MISSION_NOT_A_BOT)


class MissionCommands(app_commands.Group):
    """Members confirm the course's mission; organizers see and decide. Organizer commands check the
    caller themselves (Manage Server or the organizer role), as /study does."""

    def __init__(self, app: App) -> None:
        super().__init__(name="mission", description=texts.GROUP_MISSION, guild_only=True, allowed_contexts=GUILD_ONLY)
        self.app = app

    @app_commands.command(name="info", description=texts.CMD_MISSION_INFO)
    async def info(self, interaction: discord.Interaction) -> None:
        guild_id_of(interaction)

        async def work() -> Reply:
            return self.app.missions.info()

        await handle(interaction, work)

    @app_commands.command(name="confirm", description=texts.CMD_MISSION_CONFIRM)
    async def confirm(self, interaction: discord.Interaction) -> None:
        guild_id_of(interaction)
        try:
            mission = self.app.missions.mission_at(0)  # the course, in memory: no database read
        except UserFacingError as exc:
            refusal = exc

            async def refuse() -> Reply:
                raise refusal

            await handle(interaction, refuse)
            return
        # The form is the answer and cannot be deferred, so it opens at once, before any database read (a
        # slow read would make Discord show "interaction failed"). The submission does every check, so an
        # already confirmed member is told so when they send the form.
        await interaction.response.send_modal(EvidenceModal(0, mission, interaction.id))
        log_interaction(interaction, started_at(interaction), "ok")

    @app_commands.command(name="status", description=texts.CMD_MISSION_STATUS)
    async def status(self, interaction: discord.Interaction) -> None:
        guild_id = guild_id_of(interaction)
        await handle(interaction, lambda: self.app.missions.status(guild_id, interaction.user.id))

    @app_commands.command(name="roster", description=texts.CMD_MISSION_ROSTER)
    @organizer_only()
    async def roster(self, interaction: discord.Interaction) -> None:
        await handle(interaction, lambda: roster_reply(interaction, 0, 0))

    @app_commands.command(name="verify", description=texts.CMD_MISSION_VERIFY)
    @app_commands.describe(member=texts.OPT_MISSION_MEMBER)
    @organizer_only()
    async def verify(self, interaction: discord.Interaction, member: discord.Member) -> None:
        guild_id = guild_id_of(interaction)

        async def work() -> Reply:
            _not_a_bot(member)
            outcome = await self.app.missions.verify(
                guild_id, interaction.user.id, member.id, None, display_name=member.display_name
            )
            return await grant_on_confirm(interaction, outcome, member)

        await handle(interaction, work)

    @app_commands.command(name="revoke", description=texts.CMD_MISSION_REVOKE)
    @app_commands.describe(member=texts.OPT_MISSION_MEMBER, reason=texts.OPT_MISSION_REASON)
    @organizer_only()
    async def revoke(
        self,
        interaction: discord.Interaction,
        member: discord.Member,
        reason: app_commands.Range[str, 1, MAX_REASON_LENGTH],
    ) -> None:
        guild_id = guild_id_of(interaction)

        async def work() -> Reply:
            _not_a_bot(member)
            outcome = await self.app.missions.revoke(
                guild_id, interaction.user.id, member.id, None, reason, display_name=member.display_name
            )
            reply = with_field(outcome.reply, texts.MISSION_NOTICE_FIELD, await self._tell_member(outcome, member))
            role_name = outcome.mission.confirmed_role
            if role_name and discord.utils.get(member.roles, name=role_name) is not None:
                _, line = await change_role(interaction, member, role_name, grant=False)
                reply = with_field(reply, texts.MISSION_ROLE_FIELD, line)
            return reply

        await handle(interaction, work)

    async def _tell_member(self, outcome: MissionOutcome, member: discord.Member) -> str:
        """By DM when the member accepts DMs from the bot; otherwise the stored notice waits for their
        next use of the bot (see respond.deliver_notices)."""
        notice = self.app.missions.revocation_notice(outcome.mission, outcome.reason or "", member.guild.name)
        try:
            await member.send(**render(notice).kwargs())  # a DM: guild commands cannot be clicked there
        except discord.HTTPException:
            return texts.MISSION_REVOKE_DM_FAILED
        await self.app.missions.notice_delivered(member.guild.id, member.id, outcome.mission.id)
        return texts.MISSION_REVOKE_DM_SENT
