"""Helpers for the /mission tests: read embeds and buttons, and paste evidence through the form."""

from __future__ import annotations

import re
from typing import Any

from tests.fakediscord import FakeDiscord

MODAL = re.compile(r"mission:evidence:0:\d+")
MENTION = re.compile(r"<@(\d+)>")


def mentions(text: str) -> list[int]:
    return [int(x) for x in MENTION.findall(text)]


def embed(reply: dict[str, Any]) -> dict[str, Any]:
    assert reply["embeds"], reply
    card: dict[str, Any] = reply["embeds"][0]
    return card


def check_embed_limits(card: dict[str, Any]) -> None:
    """Discord's limits for one embed."""
    assert len(card.get("description") or "") <= 4096
    assert len(card.get("fields", [])) <= 25
    total = len(card.get("title") or "") + len(card.get("description") or "")
    total += sum(len(f["name"]) + len(f["value"]) for f in card.get("fields", []))
    total += len((card.get("footer") or {}).get("text") or "")
    assert total <= 6000


def field_names(reply: dict[str, Any]) -> list[str]:
    return [f["name"] for f in embed(reply)["fields"]]


def buttons(message: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return [
        (c["custom_id"], c["label"], bool(c.get("disabled")))
        for row in message.get("components", [])
        for c in row["components"]
    ]


async def paste(fake: FakeDiscord, who: Any, text: str, guild: Any = None) -> dict[str, Any]:
    """/mission confirm, then the modal submitted with `text`; the bot's answer to the modal."""
    return await (await submit(fake, who, await open_form(fake, who, guild), text, guild)).reply()


async def open_form(fake: FakeDiscord, who: Any, guild: Any = None) -> str:
    """/mission confirm; the custom id of the form (modal) the bot opened."""
    modal = await (await fake.send_slash_command(guild, who, "mission", "confirm")).modal()
    assert MODAL.fullmatch(modal["custom_id"]), modal
    return str(modal["custom_id"])


async def submit(fake: FakeDiscord, who: Any, form: str, text: str, guild: Any = None, **kw: Any) -> Any:
    return await fake.submit_modal(guild, who, form, {"evidence": text}, **kw)
