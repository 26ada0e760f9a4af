"""Answering interactions: one path for every command and button.

`handle` runs the work, defers when it takes longer than DEFER_AFTER seconds (Discord allows 3 s
for the first answer), sends the replies whether or not the interaction was answered already, turns
errors into short Korean messages and writes one log line per interaction. Its outcome says what
happened: `ok`, `refused` (a `UserFacingError`: bad input or a refused action, shown as it is) or
`error <id>` (a bug; the member sees the id, the log has the traceback).

Services refuse by raising `UserFacingError`; they never return an error reply. After the answer, any
notice owed to the member (an organizer revoked their mission and no DM reached them) follows.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import discord

from bot.discord_app import texts
from bot.discord_app.appref import app_of, has_app
from bot.discord_app.render import Rendered, render
from bot.discord_app.sync import command_ids_of
from bot.services.errors import UserFacingError
from bot.services.reply import Reply, Tone

log = logging.getLogger("studybot.interactions")
DEFER_AFTER = 1.5
ANSWER_WITHIN = 3.0  # Discord's limit for the first answer, counted from when the interaction was created
DEFER_MARGIN = 1.0  # time for the deferral itself to reach Discord

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


def _as_edit(rendered: Rendered) -> dict[str, Any]:
    """Arguments that replace a message whole: what the new reply lacks is cleared, not kept."""
    return {"content": rendered.content, "embed": rendered.embed, "view": rendered.view, "attachments": rendered.files}


async def send_replies(
    interaction: discord.Interaction,
    replies: Sequence[Reply],
    course_folder: Path | None = None,
    *,
    update: bool = False,
) -> None:
    """Send the replies; with `update` (a button on a message) the first one replaces that message."""
    for number, reply in enumerate(replies):
        rendered = render(reply, course_folder, command_ids_of(interaction.client))
        if update and number == 0:
            if not interaction.response.is_done():
                await interaction.response.edit_message(**_as_edit(rendered))
            else:
                await interaction.edit_original_response(**_as_edit(rendered))
        elif not interaction.response.is_done():
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


def utcnow() -> datetime:
    return discord.utils.utcnow()


def defer_after(interaction: discord.Interaction) -> float:
    """How long the work may run before we defer: DEFER_AFTER, less what the interaction spent reaching us
    (its age counts from its id's creation time, not from when the handler started)."""
    age = (utcnow() - interaction.created_at).total_seconds()
    return max(0.0, min(DEFER_AFTER, ANSWER_WITHIN - DEFER_MARGIN - age))


def started_at(interaction: discord.Interaction) -> float:
    value = interaction.extras.setdefault("started", time.perf_counter())
    return float(value)


async def report_unexpected(interaction: discord.Interaction, error: BaseException) -> str:
    error_id = new_error_id()
    log.error("unexpected error %s in %s", error_id, interaction_name(interaction), exc_info=error)
    await send_error(interaction, texts.UNEXPECTED_ERROR.format(error_id=error_id), Tone.ERROR)
    return error_id


async def deliver_notices(interaction: discord.Interaction) -> None:
    """Notices owed to this member in this server, as ephemeral followups; a failure here is only logged."""
    if interaction.guild_id is None or not has_app(interaction):
        return
    place = interaction.guild.name if interaction.guild is not None else "이 서버"
    try:
        notices = await app_of(interaction).missions.take_notices(interaction.guild_id, interaction.user.id, place)
        for notice in notices:
            await interaction.followup.send(
                ephemeral=True, **render(notice, command_ids=command_ids_of(interaction.client)).kwargs()
            )
    except Exception:
        log.exception("could not deliver the notices owed to user %s", interaction.user.id)


async def handle(
    interaction: discord.Interaction,
    work: Work,
    *,
    ephemeral: bool = True,
    course_folder: Path | None = None,
    update: bool = False,
) -> None:
    """Answer with what `work` returns. `update`: the interaction is a button click whose message the
    first reply replaces (refusals still come as a separate ephemeral message)."""
    started = started_at(interaction)
    outcome = "ok"
    task = asyncio.ensure_future(work())
    try:
        done, _ = await asyncio.wait({task}, timeout=defer_after(interaction))
        deferred = not done and not interaction.response.is_done()
        if deferred:
            if update:
                await interaction.response.defer()  # a deferred update: the message is edited later
            else:
                await interaction.response.defer(ephemeral=ephemeral, thinking=True)
        result = await task
        replies = [result] if isinstance(result, Reply) else list(result)
        if deferred and not update and replies and replies[0].ephemeral != ephemeral:
            # After a defer Discord keeps the deferred visibility for the first answer: a programming error.
            log.warning("%s: reply visibility differs from the deferral's", interaction_name(interaction))
        await send_replies(interaction, replies, course_folder, update=update)
    except UserFacingError as exc:
        outcome = "refused"
        await send_error(interaction, exc.message)
    except Exception as exc:
        outcome = f"error {await report_unexpected(interaction, exc)}"
    finally:
        if not task.done():
            task.cancel()
        log_interaction(interaction, started, outcome)
    if not outcome.startswith("error"):
        await deliver_notices(interaction)
