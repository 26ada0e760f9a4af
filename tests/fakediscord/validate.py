"""Discord's documented size limits, checked so a bot bug that real Discord would reject fails here too.

Each check raises `Invalid(field, text)`; the REST side answers 400 `Invalid Form Body` (code 50035) and
marks the call unexpected.
"""

from __future__ import annotations

import re
from typing import Any

COMPONENTS_V2 = 1 << 15
NAME_RE = re.compile(r"^[-_\w]{1,32}$")
LINK, PREMIUM = 5, 6


class Invalid(Exception):
    def __init__(self, field: str, text: str) -> None:
        super().__init__(f"{field}: {text}")
        self.field = field
        self.text = text

    def payload(self) -> dict[str, Any]:
        return {
            "message": "Invalid Form Body",
            "code": 50035,
            "errors": {self.field: {"_errors": [{"code": "FAKE_DISCORD_INVALID", "message": self.text}]}},
        }


def _max(field: str, value: Any, limit: int) -> None:
    if value is not None and len(value) > limit:
        raise Invalid(field, f"Must be {limit} or fewer in length (got {len(value)}).")


def _between(field: str, value: Any, lo: int, hi: int) -> None:
    if value is None or not lo <= len(value) <= hi:
        raise Invalid(field, f"Must be between {lo} and {hi} in length (got {value!r}).")


def message(body: dict[str, Any], *, has_files: bool, creating: bool) -> None:
    content = body.get("content")
    embeds = body.get("embeds") or []
    components = body.get("components") or []
    _max("content", content, 2000)
    if len(embeds) > 10:
        raise Invalid("embeds", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        total += _embed(f"embeds.{i}", embed)
    if total > 6000:
        raise Invalid("embeds", f"Embed size exceeds maximum size of 6000 (got {total}).")
    flags = int(body.get("flags") or 0)
    if flags & COMPONENTS_V2:
        if content or embeds:
            raise Invalid("content", "Components V2 messages cannot have content or embeds.")
    else:
        _classic_components(components)
    _unique_custom_ids(components)
    if creating and not (content or embeds or components or has_files or body.get("sticker_ids") or body.get("poll")):
        raise Invalid("content", "Cannot send an empty message")


def _embed(field: str, embed: dict[str, Any]) -> int:
    _max(f"{field}.title", embed.get("title"), 256)
    _max(f"{field}.description", embed.get("description"), 4096)
    fields = embed.get("fields") or []
    if len(fields) > 25:
        raise Invalid(f"{field}.fields", "Must be 25 or fewer in length.")
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    for i, f in enumerate(fields):
        _between(f"{field}.fields.{i}.name", f.get("name"), 1, 256)
        _between(f"{field}.fields.{i}.value", f.get("value"), 1, 1024)
        size += len(f["name"]) + len(f["value"])
    footer = (embed.get("footer") or {}).get("text")
    author = (embed.get("author") or {}).get("name")
    _max(f"{field}.footer.text", footer, 2048)
    _max(f"{field}.author.name", author, 256)
    return size + len(footer or "") + len(author or "")


def _classic_components(rows: list[dict[str, Any]]) -> None:
    if len(rows) > 5:
        raise Invalid("components", "Must be 5 or fewer in length.")
    for i, row in enumerate(rows):
        field = f"components.{i}"
        if row.get("type") != 1:
            raise Invalid(field, "Top-level components must be action rows without the Components V2 flag.")
        children = row.get("components") or []
        if not 1 <= len(children) <= 5:
            raise Invalid(f"{field}.components", "An action row holds 1 to 5 components.")
        selects = [c for c in children if c.get("type") != 2]
        if selects and len(children) != 1:
            raise Invalid(f"{field}.components", "A select menu must be alone in its action row.")
        for j, comp in enumerate(children):
            _component(f"{field}.components.{j}", comp)


def _component(field: str, comp: dict[str, Any]) -> None:
    kind = comp.get("type")
    _max(f"{field}.custom_id", comp.get("custom_id"), 100)
    if kind == 2:
        _max(f"{field}.label", comp.get("label"), 80)
        style = comp.get("style")
        if style == LINK and not comp.get("url"):
            raise Invalid(f"{field}.url", "Link buttons need a url.")
        if style not in (LINK, PREMIUM) and not comp.get("custom_id"):
            raise Invalid(f"{field}.custom_id", "Buttons need a custom_id.")
    elif kind == 3:
        options = comp.get("options") or []
        if not 1 <= len(options) <= 25:
            raise Invalid(f"{field}.options", "A select menu has 1 to 25 options.")
        for k, opt in enumerate(options):
            _between(f"{field}.options.{k}.label", opt.get("label"), 1, 100)
            _between(f"{field}.options.{k}.value", opt.get("value"), 1, 100)
            _max(f"{field}.options.{k}.description", opt.get("description"), 100)
    if kind in (3, 5, 6, 7, 8):
        _max(f"{field}.placeholder", comp.get("placeholder"), 150)


def _unique_custom_ids(components: list[dict[str, Any]]) -> None:
    seen: set[str] = set()

    def walk(comps: list[dict[str, Any]]) -> None:
        for comp in comps:
            cid = comp.get("custom_id")
            if cid is not None:
                if cid in seen:
                    raise Invalid("components", f"Component custom id cannot be duplicated ({cid!r}).")
                seen.add(cid)
            walk(comp.get("components") or [])
            for key in ("accessory", "component"):
                if isinstance(comp.get(key), dict):
                    walk([comp[key]])

    walk(components)


def modal(data: dict[str, Any]) -> None:
    _between("data.title", data.get("title"), 1, 45)
    _between("data.custom_id", data.get("custom_id"), 1, 100)
    comps = data.get("components") or []
    if not 1 <= len(comps) <= 5:
        raise Invalid("data.components", "A modal has 1 to 5 components.")
    for i, comp in enumerate(comps):
        field = f"data.components.{i}"
        if comp.get("type") == 18:
            _between(f"{field}.label", comp.get("label"), 1, 45)
            inner = [comp.get("component") or {}]
        else:
            inner = comp.get("components") or []
        for j, child in enumerate(inner):
            if child.get("type") == 4:
                _text_input(f"{field}.components.{j}", child)
    _unique_custom_ids(comps)


def _text_input(field: str, comp: dict[str, Any]) -> None:
    _between(f"{field}.custom_id", comp.get("custom_id"), 1, 100)
    _max(f"{field}.label", comp.get("label"), 45)
    _max(f"{field}.placeholder", comp.get("placeholder"), 100)
    _max(f"{field}.value", comp.get("value"), 4000)
    if comp.get("style") not in (1, 2):
        raise Invalid(f"{field}.style", "Text input style must be 1 or 2.")


def choices(data: dict[str, Any]) -> None:
    items = data.get("choices") or []
    if len(items) > 25:
        raise Invalid("data.choices", "Must be 25 or fewer in length.")
    for i, choice in enumerate(items):
        _between(f"data.choices.{i}.name", choice.get("name"), 1, 100)
        if isinstance(choice.get("value"), str):
            _max(f"data.choices.{i}.value", choice["value"], 100)


def commands(bodies: list[dict[str, Any]]) -> None:
    if len(bodies) > 100:
        raise Invalid("commands", "Must be 100 or fewer in length.")
    seen: set[tuple[str, int]] = set()
    for i, cmd in enumerate(bodies):
        key = (cmd.get("name", ""), cmd.get("type", 1))
        if key in seen:
            raise Invalid(f"{i}.name", f"Application command names must be unique ({key[0]!r}).")
        seen.add(key)
        _command(str(i), cmd, chat_input=cmd.get("type", 1) == 1)


def _name(field: str, name: Any) -> None:
    if not isinstance(name, str) or not NAME_RE.match(name) or name != name.lower():
        raise Invalid(field, f"Invalid command or option name {name!r} (1-32 lowercase letters, digits, - or _).")


def _command(field: str, cmd: dict[str, Any], *, chat_input: bool) -> None:
    if not chat_input:
        _between(f"{field}.name", cmd.get("name"), 1, 32)
        return
    _name(f"{field}.name", cmd.get("name"))
    _between(f"{field}.description", cmd.get("description"), 1, 100)
    _options(f"{field}.options", cmd.get("options") or [])


def _options(field: str, options: list[dict[str, Any]]) -> None:
    if len(options) > 25:
        raise Invalid(field, "Must be 25 or fewer in length.")
    optional_seen = False
    for i, opt in enumerate(options):
        sub = f"{field}.{i}"
        _name(f"{sub}.name", opt.get("name"))
        _between(f"{sub}.description", opt.get("description"), 1, 100)
        if opt.get("type") in (1, 2):
            _options(f"{sub}.options", opt.get("options") or [])
            continue
        if opt.get("required"):
            if optional_seen:
                raise Invalid(sub, "Required options must be placed before non-required options.")
        else:
            optional_seen = True
        opt_choices = opt.get("choices") or []
        if len(opt_choices) > 25:
            raise Invalid(f"{sub}.choices", "Must be 25 or fewer in length.")
        for k, choice in enumerate(opt_choices):
            _between(f"{sub}.choices.{k}.name", choice.get("name"), 1, 100)
