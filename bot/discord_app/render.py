"""Neutral replies -> discord.py message arguments (embed, view, files). Nothing else happens here."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import discord

from bot.services.reply import ButtonStyle, Field, Reply, Tone, render_commands, render_members, typed_command

CONTENT_LIMIT = 2000
COLOURS = {
    Tone.INFO: discord.Colour.blurple(),
    Tone.SUCCESS: discord.Colour.green(),
    Tone.WARNING: discord.Colour.gold(),
    Tone.ERROR: discord.Colour.red(),
}
STYLES = {
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.SECONDARY: discord.ButtonStyle.secondary,
    ButtonStyle.SUCCESS: discord.ButtonStyle.success,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}
TONE_PREFIX = {Tone.INFO: "", Tone.SUCCESS: "✅ ", Tone.WARNING: "⚠️ ", Tone.ERROR: "❌ "}


@dataclass
class Rendered:
    content: str | None = None
    embed: discord.Embed | None = None
    view: discord.ui.View | None = None
    files: list[discord.File] = field(default_factory=list)

    def kwargs(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.content is not None:
            out["content"] = self.content
        if self.embed is not None:
            out["embed"] = self.embed
        if self.view is not None:
            out["view"] = self.view
        if self.files:
            out["files"] = self.files
        return out


def with_commands(reply: Reply, command_ids: Mapping[str, int] | None = None) -> Reply:
    """Command references become clickable mentions (`</name:id>`) where Discord renders markdown and the
    command's id is known (from the synced tree); titles and footers show no markdown, so the typed form."""
    ids = command_ids or {}

    def mention(name: str) -> str:
        command_id = ids.get(name.split(" ")[0])
        return f"</{name}:{command_id}>" if command_id else f"`{typed_command(name)}`"

    def plain(text: str) -> str:
        return render_commands(text, typed_command)

    def marked(text: str) -> str:
        return render_commands(render_members(text, lambda user_id, _: f"<@{user_id}>"), mention)

    return replace(
        reply,
        title=plain(reply.title) if reply.title else reply.title,
        body=marked(reply.body),
        fields=tuple(Field(plain(f.name), marked(f.value), f.inline) for f in reply.fields),
        footer=plain(reply.footer) if reply.footer else reply.footer,
    )


def is_plain(reply: Reply) -> bool:
    """A short message without title, fields or image reads better as plain text than as a card."""
    text = TONE_PREFIX[reply.tone] + reply.body
    return not reply.title and not reply.fields and not reply.image and len(text) <= CONTENT_LIMIT


def buttons_view(reply: Reply) -> discord.ui.View | None:
    if not reply.buttons:
        return None
    view = discord.ui.View(timeout=None)
    for row_number, row in enumerate(reply.buttons):
        for button in row:
            view.add_item(
                discord.ui.Button(
                    custom_id=button.action,
                    label=button.label,
                    style=STYLES[button.style],
                    disabled=button.disabled,
                    row=row_number,
                )
            )
    # A layout only: clicks are routed by the DynamicItem templates registered at start (so they survive a
    # restart). Stopped, the view is not kept by discord.py for every message it is sent or edited with.
    view.stop()
    return view


def render(reply: Reply, course_folder: Path | None = None, command_ids: Mapping[str, int] | None = None) -> Rendered:
    reply = with_commands(reply, command_ids)
    out = Rendered(view=buttons_view(reply))
    out.files = [
        discord.File(io.BytesIO(f.data), filename=f.filename, description=f.description or None) for f in reply.files
    ]
    if is_plain(reply):
        out.content = TONE_PREFIX[reply.tone] + reply.body if reply.body else None
        if out.content is None and not out.files and out.view is None:
            out.content = "-"
        return out
    embed = discord.Embed(title=reply.title, description=reply.body or None, colour=COLOURS[reply.tone])
    for item in reply.fields:
        embed.add_field(name=item.name, value=item.value, inline=item.inline)
    if reply.footer:
        embed.set_footer(text=reply.footer[:2048])
    if reply.image:
        if reply.image.startswith(("http://", "https://")):
            embed.set_image(url=reply.image)
        elif course_folder is not None and (course_folder / reply.image).is_file():
            name = Path(reply.image).name
            out.files.append(discord.File(course_folder / reply.image, filename=name))
            embed.set_image(url=f"attachment://{name}")
    out.embed = embed
    return out
