"""`FakeDiscord`: the aiohttp server plus the helpers tests drive it with."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any

from aiohttp import web

from . import interactions as it
from .calls import Call
from .core import FakeCore
from .messages import StoredMessage, UploadedFile
from .ratelimit import GlobalRateLimit
from .rest import RestRoutes
from .rest_interactions import InteractionRoutes
from .routing import InjectedFailure, Router
from .util import backdated_id
from .world import Channel, Guild, Member, World

DEFAULT_TOKEN = "fake-bot-token"

GuildRef = Guild | str | int | None
MemberRef = Member | str | int
ChannelRef = Channel | str | int | None
MessageRef = dict[str, Any] | StoredMessage | int | str


class FakeDiscord:
    """A local Discord (REST + gateway) on 127.0.0.1 and a random port, for the real discord.py client.

    ::

        fake = FakeDiscord()                      # World.default(), token "fake-bot-token"
        await fake.start()
        ...  # point discord.py at fake.api_base / fake.gateway_url, run the client
        handle = await fake.send_slash_command(None, "minsu", "concept", "today")
        reply = await handle.reply()
        await fake.stop()
    """

    def __init__(
        self, world: World | None = None, *, tokens: Iterable[str] = (DEFAULT_TOKEN,), members_by_intent: bool = False
    ) -> None:
        self.world = world or World.default()
        self.tokens = set(tokens)
        self.core = FakeCore(self.world, self.tokens)
        self.core.members_by_intent = members_by_intent
        self._runner: web.AppRunner | None = None
        self.port = 0
        # Seconds before "now" at which each interaction sent is created (its id's timestamp): tests of the
        # 3-second answer window set it instead of sleeping.
        self.interaction_age = 0.0

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def token(self) -> str:
        """A valid bot token (the first one given)."""
        return next(iter(sorted(self.tokens)))

    async def start(self) -> FakeDiscord:
        router = Router(self.core)
        RestRoutes(self.core, router)
        InteractionRoutes(self.core, router)
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.core.gateway.handle)
        app.router.add_route("*", "/{tail:.*}", router.handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        self.core.http_base = f"http://127.0.0.1:{self.port}"
        self.core.store.base_url = self.core.http_base
        return self

    async def stop(self) -> None:
        self.core.stalls_released.set()
        await self.core.gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    @property
    def api_base(self) -> str:
        """e.g. "http://127.0.0.1:PORT/api/v10" (for discord.http.Route.BASE / STUDYBOT_DISCORD_API_BASE)."""
        return self.core.api_base

    @property
    def gateway_url(self) -> str:
        """e.g. "ws://127.0.0.1:PORT/gateway" (for DiscordWebSocket.DEFAULT_GATEWAY / STUDYBOT_DISCORD_GATEWAY)."""
        return self.core.gateway_url

    def env(self) -> dict[str, str]:
        """Environment for a bot run as a subprocess."""
        return {
            "STUDYBOT_DISCORD_API_BASE": self.api_base,
            "STUDYBOT_DISCORD_GATEWAY": self.gateway_url,
            "DISCORD_TOKEN": self.token,
        }

    # -- what the bot did --------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        return self.core.calls.calls

    @property
    def unexpected_calls(self) -> list[Call]:
        return self.core.calls.unexpected

    def find_calls(self, method: str | None, path_regex: str) -> list[Call]:
        return self.core.calls.find(method, path_regex)

    async def wait_for_call(self, method: str | None, path_regex: str, timeout: float = 5.0, *, start: int = 0) -> Call:
        """The first finished call (index >= start) whose method matches and whose path (relative to the
        API base, e.g. "/channels/1/messages") matches `path_regex` (re.search); waits for it."""
        return await self.core.calls.wait_for(method, path_regex, timeout, start=start)

    @property
    def identify_payloads(self) -> list[dict[str, Any]]:
        return self.core.gateway.identify_payloads

    async def wait_for_identify(self, timeout: float = 5.0) -> dict[str, Any]:
        gw = self.core.gateway
        await self.core.changes.wait_for(lambda: True if gw.ready_sessions else None, timeout, "a READY session")
        return gw.identify_payloads[-1]

    def channel_messages(self, channel: Channel | int, guild: GuildRef = None) -> list[dict[str, Any]]:
        """Messages visible in a channel, oldest first (each with `files` = UploadedFile list)."""
        channel_id = channel.id if isinstance(channel, Channel) else self._channel(guild, channel).id
        return [m.public() for m in self.core.store.channel_history(channel_id)]

    def message(self, message_id: int) -> dict[str, Any]:
        msg = self.core.store.by_id[int(message_id)]
        return msg.public()

    def synced_commands(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        """Commands the bot synced globally (None) or to a guild, with the ids the fake assigned."""
        return self.core.commands.in_scope(guild_id)

    def attachment(self, attachment_id: int | str) -> UploadedFile:
        return self.core.store.attachments[int(attachment_id)]

    # -- faults and changes a test makes --------------------------------------------------------
    def fail_requests(
        self, method: str, path_regex: str, status: int, *, code: int = 0, message: str = "", times: int = 1
    ) -> InjectedFailure:
        """The next `times` calls `method` + path (re.search, relative to the API base) get `status` with a
        Discord error body ({"message", "code"}). Not "unexpected": the test asked for it."""
        failure = InjectedFailure(
            method.upper(), re.compile(path_regex), status, code, message or f"{status}: injected", times
        )
        self.core.failures.append(failure)
        return failure

    def stall_requests(self, method: str, path_regex: str, *, after_handling: bool, times: int = 1) -> InjectedFailure:
        """The next matching calls never get an answer: before anything happens (after_handling=False) or
        after the fake did what was asked (True: e.g. the message exists but the bot never hears so)."""
        failure = InjectedFailure(method.upper(), re.compile(path_regex), 0, 0, "", times, stall_after=after_handling)
        self.core.failures.append(failure)
        return failure

    def limit_global_rate(self, per_second: float = 50.0, *, window: float = 1.0) -> GlobalRateLimit:
        """From now on, enforce Discord's global rate limit (429 + retry_after beyond `per_second`
        requests per second, counted per `window` seconds; interaction callbacks exempt). Its counters
        say how often it limited."""
        self.core.global_limit = GlobalRateLimit(per_second, window=window)
        return self.core.global_limit

    async def delete_channel(self, channel: Channel, guild: GuildRef = None) -> None:
        """Remove a channel (later calls to it get 404 Unknown Channel) and dispatch CHANNEL_DELETE."""
        g = self._guild(guild)
        g.channels.remove(channel)
        await self.core.gateway.dispatch("CHANNEL_DELETE", channel.payload())

    # -- resolving test arguments --------------------------------------------------------------
    def _guild(self, guild: GuildRef) -> Guild:
        return self.world.get_guild(guild)

    def _member(self, guild: Guild, member: MemberRef) -> Member:
        return member if isinstance(member, Member) else guild.member(member)

    def _channel(self, guild: GuildRef, channel: ChannelRef) -> Channel:
        if isinstance(channel, Channel):
            return channel
        if isinstance(channel, int):
            found = self.world.find_channel(channel)
            if found is not None:
                return found[1]
        g = self._guild(guild)
        return g.channel(channel) if channel is not None else g.text_channels()[0]

    def _stored(self, message: MessageRef) -> StoredMessage:
        if isinstance(message, StoredMessage):
            message_id = message.id
        elif isinstance(message, dict):
            message_id = int(message["id"])
        else:
            message_id = int(message)
        msg = self.core.store.get(message_id)
        if msg is None:
            raise KeyError(f"no (undeleted) message {message_id}")
        return msg

    async def _send(self, handle: it.InteractionHandle) -> it.InteractionHandle:
        if self.interaction_age:
            handle.id = backdated_id(self.interaction_age)
            handle.payload["id"] = str(handle.id)
        self.core.register(handle)
        if await self.core.gateway.dispatch("INTERACTION_CREATE", handle.payload) == 0:
            raise RuntimeError("no READY gateway session: start the client and wait for on_ready first")
        return handle

    def _command(self, guild: Guild, name: str) -> dict[str, Any]:
        cmd = self.core.commands.find(name, guild.id)
        if cmd is None:
            raise LookupError(f"/{name} was not synced (synced: {self.core.commands.names()})")
        return cmd

    # -- user actions --------------------------------------------------------------------------
    async def send_slash_command(
        self,
        guild: GuildRef,
        member: MemberRef,
        name: str,
        subcommand: str | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        channel: ChannelRef = None,
    ) -> it.InteractionHandle:
        """INTERACTION_CREATE type 2 for `/name [subcommand] options...` (the command id comes from
        what the bot synced; "group sub" names a nested subcommand). Option values: str/int/float/
        bool, a Member/username for users, a Channel/name for channels, a Role/name for roles, an
        UploadedFile for attachments."""
        g = self._guild(guild)
        m, ch = self._member(g, member), self._channel(g, channel)
        builder = it.OptionBuilder(self.world, g, m, ch, self.core.store)
        data = builder.command_data(self._command(g, name), subcommand, options or {})
        payload = it.interaction_payload(
            self.world, type=it.APPLICATION_COMMAND, guild=g, member=m, channel=ch, data=data
        )
        return await self._send(it.InteractionHandle(payload, name=f"/{name} {subcommand or ''}".strip()))

    async def send_autocomplete(
        self,
        guild: GuildRef,
        member: MemberRef,
        name: str,
        subcommand: str | None = None,
        options: Mapping[str, Any] | None = None,
        *,
        focused: str | None = None,
        channel: ChannelRef = None,
    ) -> it.InteractionHandle:
        """INTERACTION_CREATE type 4; `focused` (default: the last option given) is marked focused."""
        g = self._guild(guild)
        m, ch = self._member(g, member), self._channel(g, channel)
        opts = dict(options or {})
        if not opts:
            raise ValueError("autocomplete needs at least the focused option's current text")
        focus = focused or list(opts)[-1]
        builder = it.OptionBuilder(self.world, g, m, ch, self.core.store)
        data = builder.command_data(self._command(g, name), subcommand, opts, focused=focus)
        payload = it.interaction_payload(self.world, type=it.AUTOCOMPLETE, guild=g, member=m, channel=ch, data=data)
        return await self._send(it.InteractionHandle(payload, name=f"autocomplete /{name} {focus}"))

    async def click_button(
        self, guild: GuildRef, member: MemberRef, message: MessageRef, custom_id: str
    ) -> it.InteractionHandle:
        """INTERACTION_CREATE type 3 (component_type from the message) for a component on `message`."""
        return await self._component(guild, member, message, custom_id, None)

    async def select_option(
        self, guild: GuildRef, member: MemberRef, message: MessageRef, custom_id: str, values: list[str]
    ) -> it.InteractionHandle:
        return await self._component(guild, member, message, custom_id, values)

    async def _component(
        self, guild: GuildRef, member: MemberRef, message: MessageRef, custom_id: str, values: list[str] | None
    ) -> it.InteractionHandle:
        msg = self._stored(message)
        if guild is None and msg.data.get("guild_id"):
            guild = int(msg.data["guild_id"])
        g = self._guild(guild)
        m, ch = self._member(g, member), self._channel(g, msg.channel_id)
        data = it.component_data(msg.data, custom_id, values)
        payload = it.interaction_payload(
            self.world,
            type=it.MESSAGE_COMPONENT,
            guild=g,
            member=m,
            channel=ch,
            data=data,
            message=copy.deepcopy(msg.data),
        )
        return await self._send(it.InteractionHandle(payload, name=f"component {custom_id}", message=msg))

    async def submit_modal(
        self,
        guild: GuildRef,
        member: MemberRef,
        custom_id: str,
        values: Mapping[str, str | list[str]],
        message: MessageRef | None = None,
        *,
        channel: ChannelRef = None,
        unchecked: bool = False,
    ) -> it.InteractionHandle:
        """INTERACTION_CREATE type 5. `values` maps a field's custom_id (or its label) to the text; the
        components mirror the layout of the last modal with this custom_id the bot opened. `unchecked`:
        skip the input limits Discord's client enforces (to test the bot's own checks)."""
        msg = self._stored(message) if message is not None else None
        g = self._guild(guild)
        m = self._member(g, member)
        ch = self._channel(g, msg.channel_id if msg is not None else channel)
        layout = self._modal_layout(custom_id)
        components = it.modal_submit_components(layout, values, check_limits=not unchecked)
        data = {"custom_id": custom_id, "components": components}
        payload = it.interaction_payload(
            self.world,
            type=it.MODAL_SUBMIT,
            guild=g,
            member=m,
            channel=ch,
            data=data,
            message=copy.deepcopy(msg.data) if msg is not None else None,
        )
        return await self._send(it.InteractionHandle(payload, name=f"modal {custom_id}", message=msg))

    def _modal_layout(self, custom_id: str) -> list[dict[str, Any]] | None:
        for handle in reversed(list(self.core.handles.values())):
            for cb in handle.callbacks:
                if cb["type"] == it.MODAL and (cb["data"] or {}).get("custom_id") == custom_id:
                    return list(cb["data"].get("components") or [])
        return None

    async def send_user_message(
        self,
        guild: GuildRef,
        member: MemberRef,
        content: str,
        *,
        channel: ChannelRef = None,
        files: Iterable[UploadedFile] = (),
    ) -> dict[str, Any]:
        """A member posts in a channel: stored, and MESSAGE_CREATE is dispatched (GUILD_MESSAGES intent)."""
        g = self._guild(guild)
        m, ch = self._member(g, member), self._channel(g, channel)
        msg = self.core.store.create(
            channel_id=ch.id,
            guild_id=g.id,
            author=m.user,
            body={"content": content},
            files=dict(enumerate(files)),
            member=m.payload(with_user=False),
        )
        await self.core.gateway.dispatch("MESSAGE_CREATE", dict(msg.data), intent=1 << 9)
        return msg.public()

    async def add_member_live(self, guild: GuildRef, username: str, display_name: str | None = None) -> Member:
        """Add a member and dispatch GUILD_MEMBER_ADD (GUILD_MEMBERS intent)."""
        g = self._guild(guild)
        member = g.add_member(username, display_name)
        data = {**member.payload(), "guild_id": str(g.id)}
        await self.core.gateway.dispatch("GUILD_MEMBER_ADD", data, intent=1 << 1)
        return member


def uploaded(filename: str, data: bytes | str, content_type: str | None = None) -> UploadedFile:
    """A file a fake user attaches (attachment option or message)."""
    raw = data.encode() if isinstance(data, str) else data
    return UploadedFile(filename=filename, data=raw, content_type=content_type)
