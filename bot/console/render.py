"""Neutral replies as plain terminal text."""

from __future__ import annotations

from bot.services.reply import Reply, render_commands, typed_command

RULE = "─" * 60


def render_reply(reply: Reply) -> str:
    out: list[str] = []
    if reply.title:
        out += [RULE, f"■ {reply.title}", RULE]
    if reply.body:
        out.append(reply.body)
    for field in reply.fields:
        out += ["", f"[{field.name}]", field.value]
    if reply.image:
        out += ["", f"(그림: {reply.image})"]
    for row in reply.buttons:
        out += ["", "  ".join(f"[ {b.label} ]" for b in row)]
    for attachment in reply.files:
        out += ["", f"(첨부: {attachment.filename}, {len(attachment.data)} bytes)"]
    if reply.footer:
        out += ["", f"— {reply.footer}"]
    return render_commands("\n".join(out), typed_command)
