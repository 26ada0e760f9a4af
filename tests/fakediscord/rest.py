"""REST routes: login, command sync, channels and messages, users/DMs, guilds, attachment downloads."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import validate
from .calls import Call
from .messages import StoredMessage
from .routing import HttpError, Reply, Router, not_found, snowflake
from .util import DISCORD_EPOCH_MS, new_id
from .world import DM_CHANNEL, READ_MESSAGE_HISTORY, SEND_MESSAGES, VIEW_CHANNEL, Channel, Guild

if TYPE_CHECKING:
    from .core import FakeCore

UNKNOWN_CHANNEL, UNKNOWN_GUILD, UNKNOWN_MEMBER, UNKNOWN_MESSAGE = 10003, 10004, 10007, 10008
UNKNOWN_USER, UNKNOWN_COMMAND, UNKNOWN_ROLE = 10013, 10063, 10011
MISSING_ACCESS, CANNOT_EDIT_OTHERS, MISSING_PERMISSIONS = 50001, 50005, 50013
CANNOT_MESSAGE_USER = 50007


def invalid_body(exc: validate.Invalid) -> HttpError:
    return HttpError(400, "Invalid Form Body", 50035, body=exc.payload(), unexpected=f"invalid form body: {exc}")


class RestRoutes:
    def __init__(self, core: FakeCore, router: Router) -> None:
        self.core = core
        add = router.add
        add("GET", "/users/@me", self.get_me)
        add("GET", "/oauth2/applications/@me", self.get_application)
        add("GET", "/gateway", self.get_gateway, auth=False)
        add("GET", "/gateway/bot", self.get_gateway_bot)
        for base in ("/applications/{app}/commands", "/applications/{app}/guilds/{guild}/commands"):
            add("PUT", base, self.put_commands)
            add("GET", base, self.get_commands)
            add("POST", base, self.post_command)
            add("GET", base + "/{command}", self.get_command)
            add("PATCH", base + "/{command}", self.patch_command)
            add("DELETE", base + "/{command}", self.delete_command)
        add("GET", "/channels/{channel}", self.get_channel)
        add("POST", "/channels/{channel}/messages", self.post_message)
        add("GET", "/channels/{channel}/messages", self.get_messages)
        add("GET", "/channels/{channel}/messages/{message}", self.get_message)
        add("PATCH", "/channels/{channel}/messages/{message}", self.patch_message)
        add("DELETE", "/channels/{channel}/messages/{message}", self.delete_message)
        add("PUT", "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", self.no_content)
        add("DELETE", "/channels/{channel}/messages/{message}/reactions/{emoji}/@me", self.no_content)
        add("POST", "/channels/{channel}/typing", self.no_content)
        add("POST", "/users/@me/channels", self.create_dm)
        add("GET", "/users/{user}", self.get_user)
        add("GET", "/guilds/{guild}", self.get_guild)
        add("GET", "/guilds/{guild}/channels", self.get_guild_channels)
        add("GET", "/guilds/{guild}/roles", self.get_guild_roles)
        add("GET", "/guilds/{guild}/members", self.list_members)
        add("GET", "/guilds/{guild}/members/{user}", self.get_member)
        add("PUT", "/guilds/{guild}/members/{user}/roles/{role}", self.add_member_role)
        add("DELETE", "/guilds/{guild}/members/{user}/roles/{role}", self.remove_member_role)
        add("GET", "/attachments/{channel}/{attachment}/{filename}", self.get_attachment, auth=False, api=False)

    # -- login / gateway ---------------------------------------------------------------------
    async def get_me(self, call: Call) -> Reply:
        return 200, self.core.bot_user_payload()

    async def get_application(self, call: Call) -> Reply:
        world = self.core.world
        bot = world.bot_user.payload()
        owner = {**bot, "id": str(world.guild.owner_id if world.guilds else 0), "username": "owner", "bot": False}
        return 200, {
            "id": str(world.application_id),
            "name": world.bot_user.username,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "hook": True,
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "bot": bot,
            "owner": owner,
            "team": None,
            "verify_key": "0" * 64,
            "flags": self.core.application_flags,
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
            "approximate_guild_count": len(world.guilds),
            "integration_types_config": {"0": {}},
        }

    async def get_gateway(self, call: Call) -> Reply:
        return 200, {"url": self.core.gateway_url}

    async def get_gateway_bot(self, call: Call) -> Reply:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return 200, {"url": self.core.gateway_url, "shards": 1, "session_start_limit": limit}

    # -- application commands ----------------------------------------------------------------
    def _scope(self, app: str, guild: str | None) -> int | None:
        if app != str(self.core.world.application_id):
            raise HttpError(403, "Missing Access", MISSING_ACCESS, unexpected=f"wrong application id {app}")
        if guild is None:
            return None
        gid = snowflake(guild, "Guild", UNKNOWN_GUILD)
        self._guild(gid)
        return gid

    async def put_commands(self, call: Call, app: str, guild: str | None = None) -> Reply:
        scope = self._scope(app, guild)
        bodies = call.json or []
        try:
            validate.commands(bodies)
        except validate.Invalid as exc:
            raise invalid_body(exc) from None
        return 200, self.core.commands.replace(scope, bodies)

    async def get_commands(self, call: Call, app: str, guild: str | None = None) -> Reply:
        return 200, self.core.commands.in_scope(self._scope(app, guild))

    async def post_command(self, call: Call, app: str, guild: str | None = None) -> Reply:
        scope = self._scope(app, guild)
        try:
            validate.commands([call.json or {}])
        except validate.Invalid as exc:
            raise invalid_body(exc) from None
        return 201, self.core.commands.upsert(scope, call.json or {})

    def _command(self, app: str, guild: str | None, command: str) -> tuple[int | None, dict[str, Any]]:
        scope = self._scope(app, guild)
        found = self.core.commands.get(scope, snowflake(command, "application command", UNKNOWN_COMMAND))
        if found is None:
            raise not_found("application command", UNKNOWN_COMMAND)
        return scope, found

    async def get_command(self, call: Call, app: str, command: str, guild: str | None = None) -> Reply:
        return 200, self._command(app, guild, command)[1]

    async def patch_command(self, call: Call, app: str, command: str, guild: str | None = None) -> Reply:
        scope, found = self._command(app, guild, command)
        return 200, self.core.commands.upsert(scope, {**found, **(call.json or {})})

    async def delete_command(self, call: Call, app: str, command: str, guild: str | None = None) -> Reply:
        scope, found = self._command(app, guild, command)
        self.core.commands.delete(scope, int(found["id"]))
        return 204, None

    # -- channels and messages ---------------------------------------------------------------
    def _guild(self, guild_id: int) -> Guild:
        try:
            return self.core.world.get_guild(guild_id)
        except KeyError:
            raise not_found("Guild", UNKNOWN_GUILD) from None

    def _channel(self, channel: str) -> tuple[Guild | None, Channel]:
        found = self.core.world.find_channel(snowflake(channel, "Channel", UNKNOWN_CHANNEL))
        if found is None:
            raise not_found("Channel", UNKNOWN_CHANNEL)
        return found

    def _message(self, channel: str, message: str) -> StoredMessage:
        _, ch = self._channel(channel)
        msg = self.core.store.get(snowflake(message, "Message", UNKNOWN_MESSAGE))
        if msg is None or msg.channel_id != ch.id:
            raise not_found("Message", UNKNOWN_MESSAGE)
        return msg

    async def get_channel(self, call: Call, channel: str) -> Reply:
        return 200, self._channel(channel)[1].payload()

    def _bot_permissions(self, guild: Guild | None, ch: Channel) -> int | None:
        """The bot's permissions in a guild channel (overwrites applied); None for a DM."""
        if guild is None:
            return None
        try:
            member = self.core.world.bot_member(guild)
        except KeyError:
            raise HttpError(403, "Missing Access", MISSING_ACCESS) from None
        return guild.permissions_in(ch, member)

    def _require(self, perms: int | None, needed: int) -> None:
        if perms is None:
            return
        if not perms & VIEW_CHANNEL:
            raise HttpError(403, "Missing Access", MISSING_ACCESS)
        if needed and not perms & needed:
            raise HttpError(403, "Missing Permissions", MISSING_PERMISSIONS)

    def _same_nonce(self, ch: Channel, nonce: Any) -> StoredMessage | None:
        """Discord's enforce_nonce: the bot's message in this channel with this nonce, if recent enough."""
        now_ms = time.time() * 1000
        for msg in reversed(self.core.store.channel_history(ch.id)):
            age = (now_ms - ((msg.id >> 22) + DISCORD_EPOCH_MS)) / 1000
            if age > self.core.nonce_window_seconds:
                break
            same_author = int(msg.data["author"]["id"]) == self.core.world.bot_user.id
            if same_author and str(msg.data.get("nonce")) == str(nonce):
                return msg
        return None

    async def post_message(self, call: Call, channel: str) -> Reply:
        guild, ch = self._channel(channel)
        if ch.type == DM_CHANNEL and not all(user.accepts_dms for user in ch.recipients):
            raise HttpError(403, "Cannot send messages to this user", CANNOT_MESSAGE_USER)
        self._require(self._bot_permissions(guild, ch), SEND_MESSAGES)
        body = call.json or {}
        try:
            validate.message(body, has_files=bool(call.files), creating=True)
        except validate.Invalid as exc:
            raise invalid_body(exc) from None
        if body.get("enforce_nonce") and body.get("nonce") is not None:
            earlier = self._same_nonce(ch, body["nonce"])
            if earlier is not None:
                return 200, earlier.data
        msg = self.core.store.create(
            channel_id=ch.id,
            guild_id=guild.id if guild else None,
            author=self.core.world.bot_user,
            body=body,
            files=call.files,
        )
        await self.core.message_event("MESSAGE_CREATE", msg)
        return 200, msg.data

    async def get_messages(self, call: Call, channel: str) -> Reply:
        guild, ch = self._channel(channel)
        perms = self._bot_permissions(guild, ch)
        self._require(perms, 0)
        if perms is not None and not perms & READ_MESSAGE_HISTORY:
            return 200, []  # Discord answers an empty list without Read Message History
        history = self.core.store.channel_history(ch.id)
        query = call.query
        if "before" in query:
            history = [m for m in history if m.id < int(query["before"])]
        if "after" in query:
            history = [m for m in history if m.id > int(query["after"])]
        limit = max(1, min(int(query.get("limit", 50)), 100))
        newest_first = list(reversed(history))
        if "after" in query:  # the oldest `limit` after the id, still returned newest first
            return 200, [m.data for m in list(reversed(history[:limit]))]
        return 200, [m.data for m in newest_first[:limit]]

    async def get_message(self, call: Call, channel: str, message: str) -> Reply:
        return 200, self._message(channel, message).data

    async def patch_message(self, call: Call, channel: str, message: str) -> Reply:
        msg = self._message(channel, message)
        if int(msg.data["author"]["id"]) != self.core.world.bot_user.id:
            raise HttpError(403, "Cannot edit a message authored by another user", CANNOT_EDIT_OTHERS)
        body = call.json or {}
        try:
            validate.message(body, has_files=bool(call.files), creating=False)
        except validate.Invalid as exc:
            raise invalid_body(exc) from None
        self.core.store.edit(msg, body, call.files)
        await self.core.message_event("MESSAGE_UPDATE", msg)
        self._touch_owner(msg)
        return 200, msg.data

    async def delete_message(self, call: Call, channel: str, message: str) -> Reply:
        msg = self._message(channel, message)
        self.core.store.delete(msg)
        await self.core.message_event("MESSAGE_DELETE", msg)
        self._touch_owner(msg)
        return 204, None

    def _touch_owner(self, msg: StoredMessage) -> None:
        """An interaction response edited through the channel route still counts as that reply's state."""
        if msg.interaction_id is not None and msg.interaction_id in self.core.handles:
            self.core.handles[msg.interaction_id].touch(msg)

    async def no_content(self, call: Call, channel: str, **_: str) -> Reply:
        self._channel(channel)
        return 204, None

    # -- users / DMs -------------------------------------------------------------------------
    async def create_dm(self, call: Call) -> Reply:
        world = self.core.world
        recipient = int((call.json or {}).get("recipient_id", 0))
        user = world.find_user(recipient)
        if user is None:
            raise not_found("User", UNKNOWN_USER)
        for ch in world.dm_channels:
            if ch.recipients and ch.recipients[0].id == user.id:
                return 200, ch.payload()
        ch = Channel(id=new_id(), name="", guild_id=None, type=DM_CHANNEL, recipients=[user])
        world.dm_channels.append(ch)
        return 200, ch.payload()

    async def get_user(self, call: Call, user: str) -> Reply:
        found = self.core.world.find_user(snowflake(user, "User", UNKNOWN_USER))
        if found is None:
            raise not_found("User", UNKNOWN_USER)
        return 200, found.payload()

    # -- guilds ------------------------------------------------------------------------------
    async def get_guild(self, call: Call, guild: str) -> Reply:
        g = self._guild(snowflake(guild, "Guild", UNKNOWN_GUILD))
        data = g.payload()
        for key in ("channels", "members", "threads", "presences", "voice_states", "member_count", "joined_at"):
            data.pop(key, None)
        data["approximate_member_count"] = len(g.members)
        return 200, data

    async def get_guild_channels(self, call: Call, guild: str) -> Reply:
        g = self._guild(snowflake(guild, "Guild", UNKNOWN_GUILD))
        return 200, [c.payload() for c in g.channels]

    async def get_guild_roles(self, call: Call, guild: str) -> Reply:
        g = self._guild(snowflake(guild, "Guild", UNKNOWN_GUILD))
        return 200, [r.payload() for r in g.roles]

    async def list_members(self, call: Call, guild: str) -> Reply:
        g = self._guild(snowflake(guild, "Guild", UNKNOWN_GUILD))
        after = int(call.query.get("after", 0))
        limit = max(1, min(int(call.query.get("limit", 1)), 1000))
        members = sorted((m for m in g.members if m.id > after), key=lambda m: m.id)
        return 200, [m.payload() for m in members[:limit]]

    def _member(self, guild: str, user: str) -> tuple[Guild, Any]:
        g = self._guild(snowflake(guild, "Guild", UNKNOWN_GUILD))
        try:
            return g, g.member(snowflake(user, "Member", UNKNOWN_MEMBER))
        except KeyError:
            raise not_found("Member", UNKNOWN_MEMBER) from None

    async def get_member(self, call: Call, guild: str, user: str) -> Reply:
        return 200, self._member(guild, user)[1].payload()

    async def _change_role(self, guild: str, user: str, role: str, add: bool) -> Reply:
        g, member = self._member(guild, user)
        try:
            role_id = g.role(snowflake(role, "Role", UNKNOWN_ROLE)).id
        except KeyError:
            raise not_found("Role", UNKNOWN_ROLE) from None
        if add and role_id not in member.roles:
            member.roles.append(role_id)
        elif not add and role_id in member.roles:
            member.roles.remove(role_id)
        data = {**member.payload(), "guild_id": str(g.id)}
        await self.core.gateway.dispatch("GUILD_MEMBER_UPDATE", data, intent=1 << 1)
        return 204, None

    async def add_member_role(self, call: Call, guild: str, user: str, role: str) -> Reply:
        return await self._change_role(guild, user, role, add=True)

    async def remove_member_role(self, call: Call, guild: str, user: str, role: str) -> Reply:
        return await self._change_role(guild, user, role, add=False)

    # -- CDN ---------------------------------------------------------------------------------
    async def get_attachment(self, call: Call, channel: str, attachment: str, filename: str) -> Reply:
        file = self.core.store.attachments.get(int(attachment)) if attachment.isdigit() else None
        if file is None:
            raise HttpError(404, "Not Found", unexpected="unknown attachment url")
        ctype = file.content_type or "application/octet-stream"
        return 200, web.Response(body=file.data, headers={"Content-Type": ctype})
