"""Answering interactions: one path for every command and button.

`handle` runs the work, defers when it takes longer than DEFER_AFTER seconds (Discord allows 3 s
for the first answer), sends the replies whether or not the interaction was answered already, turns
errors into short Korean messages and writes one log line per interaction.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

import discord

from bot.discord_app import texts
from bot.discord_app.render import render
from bot.discord_app.sync import command_ids_of
from bot.services.errors import UserFacingError
from bot.services.reply import Reply, Tone

log = logging.getLogger("studybot.interactions")
DEFER_AFTER = 1.5

Work = Callable[[], Awaitable[Reply | Sequence[Reply]]]


def new_error_id() -> str:
    return secrets.token_hex(4)


def interaction_name(interaction: discord.Interaction) -> str:
    if interaction.command is not None:
        return f"/{interaction.command.qualified_name}"
    data: dict[str, object] = dict(interaction.data or {})
    custom_id = data.get("custom_id")
    if isinstance(custom_id, str):  # our custom ids hold actions and numbers, never secrets
        return f"{interaction.type.name} {custom_id[:60]}"
    return interaction.type.name


async def send_replies(
    interaction: discord.Interaction, replies: Sequence[Reply], course_folder: Path | None = None
) -> None:
    for reply in replies:
        rendered = render(reply, course_folder, command_ids_of(interaction.client))
        if not interaction.response.is_done():
            await interaction.response.send_message(ephemeral=reply.ephemeral, **rendered.kwargs())
        else:
            await interaction.followup.send(ephemeral=reply.ephemeral, **rendered.kwargs())


async def send_error(interaction: discord.Interaction, message: str, tone: Tone = Tone.WARNING) -> None:
    """An ephemeral message, whatever state the interaction is in; a failure here is only logged."""
    try:
        await send_replies(interaction, [Reply(body=message, tone=tone, ephemeral=True)])
    except discord.HTTPException as exc:
        log.warning("could not send an error message: %s", exc)


def log_interaction(interaction: discord.Interaction, started: float, outcome: str) -> None:
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info(
        "%s guild=%s user=%s %.0fms %s",
        interaction_name(interaction),
        interaction.guild_id,
        interaction.user.id,
        elapsed_ms,
        outcome,
        extra={
            "fields": {
                "interaction": interaction_name(interaction),
                "guild_id": interaction.guild_id,
                "user_id": interaction.user.id,
                "latency_ms": round(elapsed_ms),
                "outcome": outcome,
            }
        },
    )


def started_at(interaction: discord.Interaction) -> float:
    value = interaction.extras.setdefault("started", time.perf_counter())
    return float(value)


async def report_unexpected(interaction: discord.Interaction, error: BaseException) -> str:
    error_id = new_error_id()
    log.error("unexpected error %s in %s", error_id, interaction_name(interaction), exc_info=error)
    await send_error(interaction, texts.UNEXPECTED_ERROR.format(error_id=error_id), Tone.ERROR)
    return error_id


async def handle(
    interaction: discord.Interaction, work: Work, *, ephemeral: bool = True, course_folder: Path | None = None
) -> None:
    started = started_at(interaction)
    outcome = "ok"
    task = asyncio.ensure_future(work())
    try:
        done, _ = await asyncio.wait({task}, timeout=DEFER_AFTER)
        deferred = not done and not interaction.response.is_done()
        if deferred:
            await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        result = await task
        replies = [result] if isinstance(result, Reply) else list(result)
        if deferred and replies and replies[0].ephemeral != ephemeral:
            # After a defer Discord keeps the deferred visibility for the first answer: a programming error.
            log.warning("%s: reply visibility differs from the deferral's", interaction_name(interaction))
        await send_replies(interaction, replies, course_folder)
    except UserFacingError as exc:
        outcome = "refused"
        await send_error(interaction, exc.message)
    except Exception as exc:
        outcome = f"error {await report_unexpected(interaction, exc)}"
    finally:
        if not task.done():
            task.cancel()
        log_interaction(interaction, started, outcome)
