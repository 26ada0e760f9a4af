"""Answering a click by editing the message it was made on (a quiz question becomes its feedback).

Like `respond.handle`, but the reply replaces the message's embed and buttons instead of adding a
message. Refusals (another member's quiz, a second click) go to the clicker alone, ephemerally, and
leave the message as it is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import discord

from bot.discord_app.render import Rendered, render
from bot.discord_app.respond import defer_after, log_interaction, report_unexpected, send_error, started_at
from bot.discord_app.sync import command_ids_of
from bot.services.errors import UserFacingError
from bot.services.reply import Reply


def edit_kwargs(rendered: Rendered) -> dict[str, Any]:
    """Everything of the message replaced: no embed, content or buttons of the old one survive."""
    out: dict[str, Any] = {"content": rendered.content, "embed": rendered.embed, "view": rendered.view}
    if rendered.files:
        out["attachments"] = rendered.files
    return out


async def update_message(
    interaction: discord.Interaction,
    work: Callable[[], Awaitable[Reply]],
    *,
    course_folder: Path | None = None,
) -> None:
    started = started_at(interaction)
    outcome = "ok"
    task = asyncio.ensure_future(work())
    try:
        done, _ = await asyncio.wait({task}, timeout=defer_after(interaction))
        if not done and not interaction.response.is_done():
            await interaction.response.defer()  # a click or a form: "update the message later", no new message
        reply = await task
        kwargs = edit_kwargs(render(reply, course_folder, command_ids_of(interaction.client)))
        if interaction.response.is_done():
            await interaction.edit_original_response(**kwargs)
        else:
            await interaction.response.edit_message(**kwargs)
    except UserFacingError as exc:
        outcome = "refused"
        await send_error(interaction, exc.message)
    except Exception as exc:
        outcome = f"error {await report_unexpected(interaction, exc)}"
    finally:
        if not task.done():
            task.cancel()
        log_interaction(interaction, started, outcome)
