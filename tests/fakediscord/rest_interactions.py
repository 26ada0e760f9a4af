"""Interaction callbacks, followups (`/webhooks/{app}/{token}`) and @original / followup message routes."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from . import interactions as it
from . import validate
from .calls import Call
from .messages import CHAT_INPUT_COMMAND, DEFAULT, EPHEMERAL, LOADING, StoredMessage
from .rest import invalid_body
from .routing import HttpError, Reply, Router, not_found
from .util import snowflake_ms

if TYPE_CHECKING:
    from .core import FakeCore

UNKNOWN_INTERACTION, UNKNOWN_WEBHOOK, UNKNOWN_MESSAGE = 10062, 10015, 10008
ALREADY_ACKNOWLEDGED = 40060
# Discord accepts the first callback only within 3 s of the interaction's creation (its id's timestamp);
# later it answers 404 10062 "Unknown interaction" and the member sees "This interaction failed".
RESPONSE_WINDOW_S = 3.0

# which callback types each interaction type accepts
ALLOWED: dict[int, set[int]] = {
    it.APPLICATION_COMMAND: {it.CHANNEL_MESSAGE, it.DEFERRED_CHANNEL_MESSAGE, it.MODAL},
    it.MESSAGE_COMPONENT: {
        it.CHANNEL_MESSAGE,
        it.DEFERRED_CHANNEL_MESSAGE,
        it.DEFERRED_UPDATE_MESSAGE,
        it.UPDATE_MESSAGE,
        it.MODAL,
    },
    it.AUTOCOMPLETE: {it.AUTOCOMPLETE_RESULT},
    it.MODAL_SUBMIT: {
        it.CHANNEL_MESSAGE,
        it.DEFERRED_CHANNEL_MESSAGE,
        it.DEFERRED_UPDATE_MESSAGE,
        it.UPDATE_MESSAGE,
    },
}


class InteractionRoutes:
    def __init__(self, core: FakeCore, router: Router) -> None:
        self.core = core
        router.add("POST", "/interactions/{interaction}/{token}/callback", self.callback, auth=False)
        router.add("POST", "/webhooks/{app}/{token}", self.followup, auth=False)
        for method, handler in (("GET", self.get_msg), ("PATCH", self.patch_msg), ("DELETE", self.delete_msg)):
            router.add(method, "/webhooks/{app}/{token}/messages/{message}", handler, auth=False)

    # -- helpers -------------------------------------------------------------------------------
    def _create(self, handle: it.InteractionHandle, body: dict[str, Any], call: Call, extra: int = 0) -> StoredMessage:
        guild = self.core.world.get_guild(handle.guild_id) if handle.guild_id else None
        flags = int(body.get("flags") or 0) | extra
        return self.core.store.create(
            channel_id=handle.channel_id,
            guild_id=guild.id if guild else None,
            author=self.core.world.bot_user,
            body=body,
            files=call.files,
            message_type=CHAT_INPUT_COMMAND if handle.type == it.APPLICATION_COMMAND else DEFAULT,
            extra_flags=extra,
            webhook_id=self.core.world.application_id,
            interaction_id=handle.id,
            in_channel=not flags & EPHEMERAL,
        )

    def _check_message(self, body: dict[str, Any], call: Call, *, creating: bool) -> None:
        try:
            validate.message(body, has_files=bool(call.files), creating=creating)
        except validate.Invalid as exc:
            raise invalid_body(exc) from None

    def _handle_for_webhook(self, app: str, token: str) -> it.InteractionHandle:
        handle = self.core.handles_by_token.get(token)
        if handle is None or app != str(self.core.world.application_id):
            raise not_found("Webhook", UNKNOWN_WEBHOOK, unexpected="webhook for an unknown interaction token")
        if not handle.callbacks or handle.response_type in (it.MODAL, it.AUTOCOMPLETE_RESULT):
            raise not_found("Webhook", UNKNOWN_WEBHOOK, unexpected="followup/edit before acknowledging the interaction")
        return handle

    def _target(self, handle: it.InteractionHandle, message: str) -> StoredMessage:
        if message == "@original":
            msg = handle.original
        else:
            msg = self.core.store.get(int(message)) if message.isdigit() else None
            if msg is not None and not handle.owns(msg):
                msg = None
        if msg is None or msg.deleted:
            raise not_found("Message", UNKNOWN_MESSAGE, unexpected=f"no message {message} for this interaction")
        return msg

    # -- POST /interactions/{id}/{token}/callback ----------------------------------------------
    async def callback(self, call: Call, interaction: str, token: str) -> Reply:
        handle = self.core.handles.get(int(interaction)) if interaction.isdigit() else None
        if handle is None or handle.token != token:
            raise not_found("interaction", UNKNOWN_INTERACTION, unexpected="callback for an unknown interaction")
        age = time.time() - snowflake_ms(handle.id) / 1000
        if not handle.callbacks and age > RESPONSE_WINDOW_S:
            raise not_found(
                "interaction",
                UNKNOWN_INTERACTION,
                unexpected=f"first callback to {handle.name} {age:.1f}s after its creation (Discord allows 3 s)",
            )
        if handle.callbacks:
            raise HttpError(
                400,
                "Interaction has already been acknowledged.",
                ALREADY_ACKNOWLEDGED,
                unexpected=f"second callback to {handle.name}",
            )
        body = call.json or {}
        kind = int(body.get("type", 0))
        data: dict[str, Any] = body.get("data") or {}
        if kind not in ALLOWED.get(handle.type, set()) or (
            kind in (it.DEFERRED_UPDATE_MESSAGE, it.UPDATE_MESSAGE) and handle.message is None
        ):
            raise HttpError(
                400,
                "Interaction callback type not allowed here",
                50035,
                unexpected=f"callback type {kind} to interaction type {handle.type}",
            )
        msg = await self._apply_callback(handle, kind, data, call)
        handle.add_callback(kind, data, list(call.files.values()))
        if call.query.get("with_response") not in ("1", "true", "True"):
            return 204, None
        info: dict[str, Any] = {
            "id": str(handle.id),
            "type": handle.type,
            "response_message_loading": kind == it.DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": bool(msg is not None and msg.flags & EPHEMERAL),
        }
        resource: dict[str, Any] = {"type": kind}
        if msg is not None:
            info["response_message_id"] = str(msg.id)
            if kind != it.DEFERRED_UPDATE_MESSAGE:
                resource["message"] = msg.data
        return 200, {"interaction": info, "resource": resource}

    async def _apply_callback(
        self, handle: it.InteractionHandle, kind: int, data: dict[str, Any], call: Call
    ) -> StoredMessage | None:
        try:
            if kind == it.CHANNEL_MESSAGE:
                validate.message(data, has_files=bool(call.files), creating=True)
            elif kind == it.MODAL:
                validate.modal(data)
            elif kind == it.AUTOCOMPLETE_RESULT:
                validate.choices(data)
            elif kind == it.UPDATE_MESSAGE:
                validate.message(data, has_files=bool(call.files), creating=False)
        except validate.Invalid as exc:
            raise invalid_body(exc) from None
        if kind == it.CHANNEL_MESSAGE:
            msg = self._create(handle, data, call)
            handle.original = msg
            handle.touch(msg)
            await self.core.message_event("MESSAGE_CREATE", msg)
            return msg
        if kind == it.DEFERRED_CHANNEL_MESSAGE:
            flags = int(data.get("flags") or 0) & EPHEMERAL
            msg = self._create(handle, {"content": "", "flags": flags}, call, extra=LOADING)
            handle.original = msg
            await self.core.message_event("MESSAGE_CREATE", msg)
            return msg
        if kind in (it.DEFERRED_UPDATE_MESSAGE, it.UPDATE_MESSAGE):
            target = handle.message
            assert target is not None
            handle.original = target
            if kind == it.UPDATE_MESSAGE:
                self.core.store.edit(target, data, call.files)
                handle.touch(target)
                await self.core.message_event("MESSAGE_UPDATE", target)
            return target
        return None

    # -- followups -----------------------------------------------------------------------------
    async def followup(self, call: Call, app: str, token: str) -> Reply:
        handle = self._handle_for_webhook(app, token)
        body = call.json or {}
        self._check_message(body, call, creating=True)
        original = handle.original
        if handle.response_type == it.DEFERRED_CHANNEL_MESSAGE and original is not None and original.loading:
            # Discord: the first followup after a "thinking" defer fills in that placeholder message
            self.core.store.finish_loading(original, body, call.files)
            msg = original
            await self.core.message_event("MESSAGE_UPDATE", msg)
        else:
            msg = self._create(handle, body, call)
            await self.core.message_event("MESSAGE_CREATE", msg)
        handle.add_followup(msg)
        if call.query.get("wait") in ("1", "true", "True"):
            return 200, msg.data
        return 204, None

    async def get_msg(self, call: Call, app: str, token: str, message: str) -> Reply:
        handle = self._handle_for_webhook(app, token)
        return 200, self._target(handle, message).data

    async def patch_msg(self, call: Call, app: str, token: str, message: str) -> Reply:
        handle = self._handle_for_webhook(app, token)
        msg = self._target(handle, message)
        body = call.json or {}
        self._check_message(body, call, creating=False)
        if msg.loading:
            self.core.store.finish_loading(msg, body, call.files)
        else:
            self.core.store.edit(msg, body, call.files)
        handle.touch(msg)
        await self.core.message_event("MESSAGE_UPDATE", msg)
        return 200, msg.data

    async def delete_msg(self, call: Call, app: str, token: str, message: str) -> Reply:
        handle = self._handle_for_webhook(app, token)
        msg = self._target(handle, message)
        self.core.store.delete(msg)
        handle.changes.notify()
        await self.core.message_event("MESSAGE_DELETE", msg)
        return 204, None
