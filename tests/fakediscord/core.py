"""Shared state of one fake Discord: the world, tokens, messages, commands, interactions and the call log."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from .calls import CallLog
from .commands import CommandRegistry
from .gateway import DIRECT_MESSAGES, GUILD_MESSAGES, Gateway
from .interactions import InteractionHandle
from .messages import MessageStore, StoredMessage
from .ratelimit import GlobalRateLimit
from .routing import InjectedFailure
from .util import Changes
from .world import World

# GATEWAY_MESSAGE_CONTENT_LIMITED | APPLICATION_COMMAND_BADGE
DEFAULT_APPLICATION_FLAGS = (1 << 19) | (1 << 23)


class FakeCore:
    def __init__(self, world: World, tokens: set[str]) -> None:
        self.world = world
        self.tokens = tokens
        self.application_flags = DEFAULT_APPLICATION_FLAGS
        self.store = MessageStore()
        self.commands = CommandRegistry(world.application_id)
        self.calls = CallLog()
        self.changes = Changes()  # gateway activity
        self.handles: dict[int, InteractionHandle] = {}
        self.handles_by_token: dict[str, InteractionHandle] = {}
        self.gateway = Gateway(self)
        self.http_base = ""  # http://127.0.0.1:PORT, set on start
        self.echo_message_events = True  # MESSAGE_CREATE/UPDATE/DELETE for the bot's channel messages
        self.members_by_intent = False  # True: GUILD_CREATE lists only the bot unless GUILD_MEMBERS intent
        self.failures: list[InjectedFailure] = []  # see FakeDiscord.fail_requests / stall_requests
        self.stalls_released = asyncio.Event()  # set on stop: stalled calls may then end
        self.global_limit: GlobalRateLimit | None = None  # Discord's 50 requests/s; see FakeDiscord.limit_global_rate
        self.nonce_window_seconds = 300.0  # enforce_nonce: a repeat within this window returns the first message

    @property
    def api_base(self) -> str:
        return f"{self.http_base}/api/v10"

    @property
    def gateway_url(self) -> str:
        return self.http_base.replace("http://", "ws://", 1) + "/gateway"

    def bot_user_payload(self) -> dict[str, Any]:
        data = self.world.bot_user.payload()
        data.update(verified=True, mfa_enabled=False, email=None, locale="ko", bio="")
        return data

    def register(self, handle: InteractionHandle) -> None:
        self.handles[handle.id] = handle
        self.handles_by_token[handle.token] = handle

    async def message_event(self, event: str, msg: StoredMessage) -> None:
        """MESSAGE_CREATE/UPDATE/DELETE for messages visible in a channel, as Discord echoes them."""
        if not self.echo_message_events or msg.flags & 64:
            return
        guild_id = msg.data.get("guild_id")
        intent = GUILD_MESSAGES if guild_id else DIRECT_MESSAGES
        if event == "MESSAGE_DELETE":
            data: dict[str, Any] = {"id": msg.data["id"], "channel_id": msg.data["channel_id"]}
            if guild_id:
                data["guild_id"] = guild_id
        else:
            data = dict(msg.data)
            if guild_id and "member" not in data:
                with contextlib.suppress(KeyError):
                    guild = self.world.get_guild(int(guild_id))
                    data["member"] = guild.member(int(data["author"]["id"])).payload(with_user=False)
        await self.gateway.dispatch(event, data, intent=intent)
