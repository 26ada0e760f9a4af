"""INTERACTION_CREATE payloads, and the handle a test uses to read what the bot answered."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

from .messages import MessageStore, StoredMessage, UploadedFile
from .util import Changes, new_id
from .world import Channel, Guild, Member, Role, User, World

PING = 1
APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

# callback (response) types
CHANNEL_MESSAGE = 4
DEFERRED_CHANNEL_MESSAGE = 5
DEFERRED_UPDATE_MESSAGE = 6
UPDATE_MESSAGE = 7
AUTOCOMPLETE_RESULT = 8
MODAL = 9

SELECT_TYPES = (3, 5, 6, 7, 8)
TEXT_INPUT = 4
ACTION_ROW = 1
LABEL = 18
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class InteractionHandle:
    """One interaction the fake sent; collects the bot's callbacks, followups and edits."""

    def __init__(self, payload: dict[str, Any], *, name: str, message: StoredMessage | None = None) -> None:
        self.payload = payload
        self.name = name
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.guild_id = int(payload["guild_id"]) if payload.get("guild_id") else None
        self.channel_id = int(payload["channel_id"])
        self.message = message  # the message a clicked component sits on
        self.callbacks: list[dict[str, Any]] = []  # {"type", "data", "files"} as the bot sent them
        self.original: StoredMessage | None = None  # what /messages/@original refers to
        self._followups: list[StoredMessage] = []
        self._touched: list[StoredMessage] = []
        self.changes = Changes()

    def __repr__(self) -> str:
        return f"<InteractionHandle {self.name} id={self.id} callbacks={[c['type'] for c in self.callbacks]}>"

    # -- updated by the REST side --------------------------------------------------------------
    @property
    def response_type(self) -> int | None:
        return self.callbacks[0]["type"] if self.callbacks else None

    def add_callback(self, type: int, data: dict[str, Any] | None, files: list[UploadedFile]) -> None:
        self.callbacks.append({"type": type, "data": copy.deepcopy(data), "files": files})
        self.changes.notify()

    def add_followup(self, msg: StoredMessage) -> None:
        self._followups.append(msg)
        self.touch(msg)

    def touch(self, msg: StoredMessage) -> None:
        if msg in self._touched:
            self._touched.remove(msg)
        self._touched.append(msg)
        self.changes.notify()

    def owns(self, msg: StoredMessage) -> bool:
        return msg is self.original or msg in self._followups

    # -- what tests read -----------------------------------------------------------------------
    @property
    def followups(self) -> list[dict[str, Any]]:
        """Followup messages (current state) in the order they were sent."""
        return [m.public() for m in self._followups]

    def original_message(self) -> dict[str, Any] | None:
        """The current state of what /messages/@original refers to (None before a message callback)."""
        return self.original.public() if self.original is not None else None

    def _visible(self) -> StoredMessage | None:
        for msg in reversed(self._touched):
            if not msg.deleted and not msg.loading:
                return msg
        return None

    def _describe(self) -> str:
        kinds = [c["type"] for c in self.callbacks]
        return f"{self.name}: callbacks={kinds}, followups={len(self._followups)}"

    async def reply(self, timeout: float = 5.0, *, settle: float = 0.05) -> dict[str, Any]:
        """The latest visible state of the response: the message most recently created or edited through
        this interaction (callback 4/7, PATCH @original after 5/6, a followup or its edit), skipping
        "thinking" placeholders and deleted messages. Waits `settle` seconds of quiet so a quick
        edit after the first answer is seen too. Returns the message dict plus `files` (bytes)."""
        try:
            await self.changes.wait_for(self._visible, timeout, "a reply")
        except TimeoutError:
            raise TimeoutError(f"no visible reply within {timeout}s to {self._describe()}") from None
        await self.changes.quiet_for(settle, limit=max(settle * 20, 0.5))
        msg = self._visible()
        assert msg is not None
        return msg.public()

    async def callback(self, timeout: float = 5.0) -> dict[str, Any]:
        """The first callback the bot sent ({"type", "data", "files"})."""
        await self.changes.wait_for(lambda: self.callbacks or None, timeout, f"a callback to {self.name}")
        return self.callbacks[0]

    async def _callback_of(self, type: int, timeout: float) -> dict[str, Any]:
        def check() -> dict[str, Any] | None:
            return next((c for c in self.callbacks if c["type"] == type), None)

        try:
            return await self.changes.wait_for(check, timeout, f"callback type {type}")
        except TimeoutError:
            raise TimeoutError(f"no callback of type {type} within {timeout}s: {self._describe()}") from None

    async def autocomplete_choices(self, timeout: float = 5.0) -> list[dict[str, Any]]:
        cb = await self._callback_of(AUTOCOMPLETE_RESULT, timeout)
        return list((cb["data"] or {}).get("choices", []))

    async def modal(self, timeout: float = 5.0) -> dict[str, Any]:
        """The modal the bot opened: {"custom_id", "title", "components"}."""
        cb = await self._callback_of(MODAL, timeout)
        return dict(cb["data"] or {})

    async def wait_followups(self, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        await self.changes.wait_for(
            lambda: True if len(self._followups) >= count else None, timeout, f"{count} followups to {self.name}"
        )
        return self.followups


Interaction = InteractionHandle


# -- payload building ------------------------------------------------------------------------------
def interaction_payload(
    world: World,
    *,
    type: int,
    guild: Guild,
    member: Member,
    channel: Channel,
    data: dict[str, Any],
    message: dict[str, Any] | None = None,
) -> dict[str, Any]:
    perms = guild.permissions_for(member)
    try:
        app_perms = guild.permissions_for(world.bot_member(guild))
    except KeyError:
        app_perms = world.bot_permissions
    channel_payload = channel.payload()
    channel_payload["permissions"] = str(perms)
    member_payload = member.payload()
    member_payload["permissions"] = str(perms)
    payload: dict[str, Any] = {
        "id": str(new_id()),
        "application_id": str(world.application_id),
        "type": type,
        "data": data,
        "guild": {"id": str(guild.id), "locale": guild.locale, "features": []},
        "guild_id": str(guild.id),
        "channel": channel_payload,
        "channel_id": str(channel.id),
        "member": member_payload,
        "token": "fake-" + secrets.token_urlsafe(48),
        "version": 1,
        "app_permissions": str(app_perms),
        "locale": "ko",
        "guild_locale": guild.locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    }
    if message is not None:
        payload["message"] = message
    return payload


class OptionBuilder:
    """Turns `{"name": value}` into typed interaction options, checked against the synced schema."""

    def __init__(self, world: World, guild: Guild, member: Member, channel: Channel, store: MessageStore) -> None:
        self.world, self.guild, self.member, self.channel, self.store = world, guild, member, channel, store
        self.resolved: dict[str, dict[str, Any]] = {}

    def command_data(
        self,
        cmd: dict[str, Any],
        subcommand: str | None,
        options: Mapping[str, Any],
        focused: str | None = None,
    ) -> dict[str, Any]:
        schema: list[dict[str, Any]] = cmd.get("options") or []
        chain: list[dict[str, Any]] = []
        for part in (subcommand or "").split():
            found = next((o for o in schema if o["name"] == part and o["type"] in (1, 2)), None)
            if found is None:
                subs = [o["name"] for o in schema if o["type"] in (1, 2)]
                raise ValueError(f"/{cmd['name']} has no subcommand {part!r} (has {subs})")
            chain.append(found)
            schema = found.get("options") or []
        if any(o["type"] in (1, 2) for o in schema):
            subs = [o["name"] for o in schema if o["type"] in (1, 2)]
            raise ValueError(f"/{cmd['name']} {subcommand or ''} needs a subcommand: one of {subs}")
        built = self.options(schema, options, focused)
        for parent in reversed(chain):
            built = [{"type": parent["type"], "name": parent["name"], "options": built}]
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": cmd.get("type", 1), "options": built}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        if self.resolved:
            data["resolved"] = self.resolved
        return data

    def options(
        self, schema: list[dict[str, Any]], given: Mapping[str, Any], focused: str | None
    ) -> list[dict[str, Any]]:
        by_name = {o["name"]: o for o in schema}
        out: list[dict[str, Any]] = []
        for name, value in given.items():
            opt = by_name.get(name)
            if opt is None:
                raise ValueError(f"unknown option {name!r}; the synced command has {sorted(by_name)}")
            if name == focused:
                out.append({"type": opt["type"], "name": name, "value": value, "focused": True})
            else:
                out.append({"type": opt["type"], "name": name, "value": self.convert(opt, value)})
        if focused is None:
            missing = [o["name"] for o in schema if o.get("required") and o["name"] not in given]
            if missing:
                raise ValueError(f"required options missing: {missing}")
        elif focused not in given:
            raise ValueError(f"the focused option {focused!r} needs a value in options")
        return out

    def convert(self, opt: dict[str, Any], value: Any) -> Any:
        kind = opt["type"]
        if kind == 3:
            out: Any = str(value)
            self._check_length(opt, out)
        elif kind == 4:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"option {opt['name']!r} takes an integer, got {value!r}")
            out = value
            self._check_range(opt, out)
        elif kind == 5:
            out = bool(value)
        elif kind == 10:
            out = float(value)
            self._check_range(opt, out)
        elif kind == 6:
            out = self._user(value)
        elif kind == 7:
            out = self._channel(value)
        elif kind == 8:
            out = self._role(value)
        elif kind == 9:
            out = self._role(value) if isinstance(value, Role) else self._user(value)
        elif kind == 11:
            out = self._attachment(value)
        else:
            raise ValueError(f"option type {kind} is not supported by the fake")
        choices = opt.get("choices")
        if choices and out not in [c["value"] for c in choices]:
            raise ValueError(f"{value!r} is not a choice of {opt['name']!r}: {[c['value'] for c in choices]}")
        return out

    @staticmethod
    def _check_length(opt: dict[str, Any], value: str) -> None:
        lo, hi = opt.get("min_length"), opt.get("max_length")
        if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
            raise ValueError(f"{value!r} length out of [{lo}, {hi}] for {opt['name']!r}")

    @staticmethod
    def _check_range(opt: dict[str, Any], value: float) -> None:
        lo, hi = opt.get("min_value"), opt.get("max_value")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise ValueError(f"{value!r} out of [{lo}, {hi}] for {opt['name']!r}")

    def _user(self, value: Any) -> str:
        if isinstance(value, Member):
            member: Member | None = value
        elif isinstance(value, User):
            member = next((m for m in self.guild.members if m.id == value.id), None)
        else:
            member = self.guild.member(value)
        user = member.user if member else value
        users = self.resolved.setdefault("users", {})
        users[str(user.id)] = user.payload()
        if member is not None:
            data = member.payload(with_user=False)
            data["permissions"] = str(self.guild.permissions_for(member))
            self.resolved.setdefault("members", {})[str(user.id)] = data
        return str(user.id)

    def _channel(self, value: Any) -> str:
        channel = value if isinstance(value, Channel) else self.guild.channel(value)
        data = channel.payload()
        data["permissions"] = str(self.guild.permissions_for(self.member))
        self.resolved.setdefault("channels", {})[str(channel.id)] = data
        return str(channel.id)

    def _role(self, value: Any) -> str:
        role = value if isinstance(value, Role) else self.guild.role(value)
        self.resolved.setdefault("roles", {})[str(role.id)] = role.payload()
        return str(role.id)

    def _attachment(self, value: Any) -> str:
        if not isinstance(value, UploadedFile):
            raise ValueError("attachment options take an UploadedFile(filename, data)")
        data = self.store.attachment_payload(value, self.channel.id)
        self.resolved.setdefault("attachments", {})[data["id"]] = data
        return str(data["id"])


def walk_components(components: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for comp in components:
        yield comp
        yield from walk_components(comp.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                yield from walk_components([comp[key]])


def component_data(message: dict[str, Any], custom_id: str, values: list[str] | None) -> dict[str, Any]:
    comps = list(walk_components(message.get("components") or []))
    comp = next((c for c in comps if c.get("custom_id") == custom_id), None)
    if comp is None:
        ids = [c["custom_id"] for c in comps if c.get("custom_id")]
        raise ValueError(f"no component {custom_id!r} on message {message['id']}; it has {ids}")
    if comp.get("disabled"):
        raise ValueError(f"component {custom_id!r} is disabled; a user cannot use it")
    data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
    if comp["type"] in SELECT_TYPES:
        data["values"] = list(values or [])
    elif values is not None:
        raise ValueError(f"component {custom_id!r} is a button; it takes no values")
    return data


def modal_submit_components(
    layout: list[dict[str, Any]] | None, values: Mapping[str, str | list[str]], *, check_limits: bool = True
) -> list[dict[str, Any]]:
    """Submitted components shaped like the modal the bot opened (rows of text inputs or labels).
    `values` keys may be a component's custom_id or its label. `check_limits=False` skips the length
    limits Discord's own client enforces, like a modified client would."""
    if layout is None:
        return [
            {"type": ACTION_ROW, "components": [{"type": TEXT_INPUT, "custom_id": k, "value": v}]}
            for k, v in values.items()
        ]
    used: set[str] = set()

    def submitted(comp: dict[str, Any], label: str | None) -> dict[str, Any]:
        cid = comp["custom_id"]
        key = cid if cid in values else (label if label in values else None)
        if key is not None:
            used.add(key)
        value = values[key] if key is not None else None
        if comp["type"] == TEXT_INPUT:
            text = str(value) if value is not None else (comp.get("value") or "")
            if comp.get("required", True) and not text:
                raise ValueError(f"text input {label or cid!r} is required")
            lo, hi = comp.get("min_length"), comp.get("max_length")
            too_short_or_long = (lo is not None and len(text) < lo) or (hi is not None and len(text) > hi)
            if check_limits and text and too_short_or_long:
                raise ValueError(f"text input {label or cid!r}: length of {text!r} out of [{lo}, {hi}]")
            return {"type": TEXT_INPUT, "custom_id": cid, "value": text}
        listed = [] if value is None else ([value] if isinstance(value, str) else list(value))
        return {"type": comp["type"], "custom_id": cid, "values": listed}

    out: list[dict[str, Any]] = []
    for comp in layout:
        if comp["type"] == ACTION_ROW:
            row = [submitted(c, c.get("label")) for c in comp.get("components", []) if c.get("custom_id")]
            out.append({"type": ACTION_ROW, "components": row})
        elif comp["type"] == LABEL and comp.get("component", {}).get("custom_id"):
            out.append({"type": LABEL, "component": submitted(comp["component"], comp.get("label"))})
    unknown = set(values) - used
    if unknown:
        raise ValueError(f"modal has no fields {sorted(unknown)}")
    return out
