"""The optional role a course grants on mission confirmation (`confirmed_role` in course.yaml).

Granted only when the bot can: the role exists, the bot has Manage Roles, and the role sits below the
bot's highest role. Otherwise nothing is attempted and the reason is returned, for the organizers (the
roster and the verify reply show it) and, shortly, for the member.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

import discord

from bot.discord_app import texts
from bot.services.missions import MissionOutcome
from bot.services.reply import Field, Reply

log = logging.getLogger("studybot.missions")


def usable_role(interaction: discord.Interaction, role_name: str) -> tuple[discord.Role | None, str | None]:
    """The role to grant, or None and why it cannot be granted."""
    guild = interaction.guild
    role = discord.utils.get(guild.roles, name=role_name) if guild is not None else None
    if guild is None or role is None:
        return None, texts.MISSION_ROLE_NOT_FOUND.format(role=role_name)
    if not interaction.app_permissions.manage_roles:
        return None, texts.MISSION_ROLE_NO_PERMISSION.format(role=role_name)
    me = guild.me
    if role.managed or role.is_default() or (me is not None and role >= me.top_role):
        return None, texts.MISSION_ROLE_TOO_HIGH.format(role=role_name)
    return role, None


async def change_role(
    interaction: discord.Interaction, target: discord.Member | discord.User, role_name: str, *, grant: bool
) -> tuple[bool, str]:
    """Grant (or remove) the confirmation role. Returns (done, the line to show)."""
    role, problem = usable_role(interaction, role_name)
    if role is None or problem is not None:
        log.warning(
            "mission role %r not %s in guild %s: %s",
            role_name,
            "granted" if grant else "removed",
            interaction.guild_id,
            problem,
        )
        return False, problem or ""
    if not isinstance(target, discord.Member):
        return False, texts.MISSION_ROLE_FAILED.format(role=role_name)
    try:
        if grant:
            await target.add_roles(role, reason="미션 확인")
        else:
            await target.remove_roles(role, reason="미션 확인 취소")
    except discord.HTTPException as exc:
        log.warning("mission role %r: Discord refused (%s %s)", role_name, exc.status, exc.code)
        return False, texts.MISSION_ROLE_FAILED.format(role=role_name)
    return True, (texts.MISSION_ROLE_GRANTED if grant else texts.MISSION_ROLE_REMOVED).format(role=role.name)


def with_field(reply: Reply, name: str, value: str) -> Reply:
    return replace(reply, fields=(*reply.fields, Field(name, value)))


async def grant_on_confirm(interaction: discord.Interaction, outcome: MissionOutcome, target: Any) -> Reply:
    """The reply, plus what happened to the confirmation role when the course has one."""
    role_name = outcome.mission.confirmed_role
    if not outcome.confirmed or not role_name:
        return outcome.reply
    done, line = await change_role(interaction, target, role_name, grant=True)
    if done or target is not interaction.user:
        return with_field(outcome.reply, texts.MISSION_ROLE_FIELD, line)  # the organizer sees the reason
    return with_field(outcome.reply, texts.MISSION_ROLE_FIELD, texts.MISSION_ROLE_LATER.format(role=role_name))


def role_warning(interaction: discord.Interaction, reply: Reply, role_name: str | None) -> Reply:
    """For organizers: why the confirmation role cannot be granted, if it cannot."""
    if not role_name:
        return reply
    _, problem = usable_role(interaction, role_name)
    return with_field(reply, texts.MISSION_ROLE_PROBLEM_FIELD, problem) if problem else reply
