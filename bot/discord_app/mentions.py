"""Member references in neutral replies -> Discord mentions.

Inside an embed's description and field values `<@id>` shows the member's current name and pings no one;
titles and footers render no markdown, so there the reference becomes a plain `@id`.
(Belongs beside `with_commands` in render.py; kept apart here so that file stays untouched this round.)
"""

from __future__ import annotations

from dataclasses import replace

from bot.services.reply import MEMBER_REFERENCE, Field, Reply, render_members


def mention(user_id: int) -> str:
    return f"<@{user_id}>"


def plain(user_id: int) -> str:
    return f"@{user_id}"


def with_member_mentions(reply: Reply) -> Reply:
    texts = [reply.title or "", reply.body, reply.footer or "", *(f.name + f.value for f in reply.fields)]
    if not any(MEMBER_REFERENCE.search(text) for text in texts):
        return reply
    return replace(
        reply,
        title=render_members(reply.title, plain) if reply.title else reply.title,
        body=render_members(reply.body, mention),
        fields=tuple(
            Field(render_members(f.name, plain), render_members(f.value, mention), f.inline) for f in reply.fields
        ),
        footer=render_members(reply.footer, plain) if reply.footer else reply.footer,
    )
