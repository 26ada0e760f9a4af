"""Neutral replies as plain terminal text: no markdown marks, commands in their typed form, wrapped to
the terminal's width, coloured only when a `Style` says so. Buttons become numbered actions."""

from __future__ import annotations

from pathlib import Path

from bot.console import texts
from bot.console.terminal import Style, display_width, strip_markdown, wrap
from bot.services.reply import Button, Reply, Tone, render_commands, typed_command

RULE_WIDTH = 60
TONE_PREFIX = {Tone.INFO: "", Tone.SUCCESS: "✅ ", Tone.WARNING: "⚠️ ", Tone.ERROR: "❌ "}
TONE_COLOUR = {Tone.INFO: "cyan", Tone.SUCCESS: "green", Tone.WARNING: "yellow", Tone.ERROR: "red"}
PLAIN = Style(enabled=False)


def clean(text: str) -> str:
    """Service text as a terminal shows it: commands typed, markdown marks gone."""
    return strip_markdown(render_commands(text, typed_command))


def button_line(buttons: list[tuple[int, Button]], style: Style) -> str:
    shown = []
    for number, button in buttons:
        label = clean(button.label)
        shown.append(
            style.dim(f"[{number}] {label} (비활성)") if button.disabled else f"[{style.bold(str(number))}] {label}"
        )
    return "   ".join(shown)


def render_reply(
    reply: Reply,
    *,
    width: int = 0,
    style: Style = PLAIN,
    course_folder: Path | None = None,
    button_start: int = 1,
) -> str:
    """`width` 0 leaves lines unwrapped (a file, a pipe to another program)."""
    rule = style.dim("─" * (min(width, RULE_WIDTH) if width else RULE_WIDTH))
    out: list[str] = []
    if reply.title:
        title = wrap(f"■ {clean(reply.title)}", width)
        out += [rule, style.bold(style.colour(TONE_COLOUR[reply.tone], title)), rule]
        if reply.body:
            out.append(wrap(clean(reply.body), width))
    elif reply.body:
        text = wrap(TONE_PREFIX[reply.tone] + clean(reply.body), width)
        out.append(style.colour(TONE_COLOUR[reply.tone], text) if reply.tone is not Tone.INFO else text)
    inline_done = False
    for item in reply.fields:
        name, value = clean(item.name), clean(item.value)
        if item.inline and "\n" not in value and display_width(f"{name}: {value}") <= (width or 200):
            if not inline_done:
                out.append("")
                inline_done = True
            out.append(wrap(f"{name}: {value}", width).replace(name, style.bold(name), 1))
            continue
        inline_done = False
        out += ["", style.bold(f"[{name}]"), wrap(value, width)]
    if reply.image:
        local = course_folder / reply.image if course_folder is not None else None
        if reply.image.startswith(("http://", "https://")) or (local is not None and local.is_file()):
            out += ["", texts.IMAGE.format(path=reply.image if local is None or not local.is_file() else local)]
    numbered = [
        [(button_start + offset, button) for offset, button in enumerate(row, start=sum(map(len, reply.buttons[:i])))]
        for i, row in enumerate(reply.buttons)
    ]
    if numbered:
        out.append("")
        out += [button_line(row, style) for row in numbered]
    if reply.footer:
        out += ["", style.dim(wrap(f"— {clean(reply.footer)}", width))]
    return "\n".join(out)
