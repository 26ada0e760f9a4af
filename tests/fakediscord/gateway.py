"""The gateway websocket: HELLO, heartbeat ACKs, IDENTIFY -> READY + GUILD_CREATE, RESUME, member chunks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .core import FakeCore
    from .world import Guild

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE_STATE, RESUME = 0, 1, 2, 3, 4, 6
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11
HEARTBEAT_INTERVAL_MS = 41250

GUILD_MEMBERS = 1 << 1
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12


class Session:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.session_id = secrets.token_hex(16)
        self.seq = 0
        self.identify: dict[str, Any] | None = None
        self.ready = False
        self._lock = asyncio.Lock()

    @property
    def intents(self) -> int:
        return int((self.identify or {}).get("intents", 0))

    async def send(self, op: int, d: Any, t: str | None = None) -> None:
        async with self._lock:
            frame: dict[str, Any] = {"op": op, "d": d, "s": None, "t": t}
            if op == DISPATCH:
                self.seq += 1
                frame["s"] = self.seq
            if not self.ws.closed:
                await self.ws.send_str(json.dumps(frame, ensure_ascii=False))


class Gateway:
    def __init__(self, core: FakeCore) -> None:
        self.core = core
        self.sessions: list[Session] = []
        self.identify_payloads: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []  # every frame the client sent

    @property
    def ready_sessions(self) -> list[Session]:
        return [s for s in self.sessions if s.ready and not s.ws.closed]

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        session = Session(ws)
        self.sessions.append(session)
        await session.send(HELLO, {"heartbeat_interval": HEARTBEAT_INTERVAL_MS, "_trace": ["fake-discord"]})
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_frame(session, json.loads(msg.data))
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            session.ready = False
            if session in self.sessions:
                self.sessions.remove(session)
        return ws

    async def _on_frame(self, session: Session, frame: dict[str, Any]) -> None:
        self.received.append(frame)
        op, d = frame.get("op"), frame.get("d")
        if op == HEARTBEAT:
            await session.send(HEARTBEAT_ACK, None)
        elif op == IDENTIFY:
            await self._identify(session, d or {})
        elif op == RESUME:
            await self._resume(session, d or {})
        elif op == REQUEST_MEMBERS:
            await self._request_members(session, d or {})
        elif op in (PRESENCE, VOICE_STATE):
            pass
        else:
            log.warning("fake gateway: unknown op %s", op)
        self.core.changes.notify()

    async def _identify(self, session: Session, d: dict[str, Any]) -> None:
        self.identify_payloads.append(d)
        if d.get("token") not in self.core.tokens:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        session.identify = d
        world = self.core.world
        ready: dict[str, Any] = {
            "v": 10,
            "user": self.core.bot_user_payload(),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in world.guilds],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.core.gateway_url,
            "application": {"id": str(world.application_id), "flags": self.core.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "auth": {},
            "_trace": ["fake-discord"],
        }
        if d.get("shard") is not None:
            ready["shard"] = d["shard"]
        await session.send(DISPATCH, ready, "READY")
        for guild in world.guilds:
            await session.send(DISPATCH, self.guild_create(guild, session.intents), "GUILD_CREATE")
        session.ready = True

    def guild_create(self, guild: Guild, intents: int) -> dict[str, Any]:
        """All members by default (member_count == len(members)). With `core.members_by_intent`, a
        client without the GUILD_MEMBERS intent gets only the bot's own member, as real Discord does."""
        payload = guild.payload()
        if self.core.members_by_intent and not intents & GUILD_MEMBERS:
            me = str(self.core.world.bot_user.id)
            payload["members"] = [m for m in payload["members"] if m["user"]["id"] == me]
        return payload

    async def _resume(self, session: Session, d: dict[str, Any]) -> None:
        old = next((s for s in self.sessions if s.session_id == d.get("session_id") and s is not session), None)
        if old is None or d.get("token") not in self.core.tokens:
            await session.send(INVALID_SESSION, False)
            return
        session.session_id, session.seq, session.identify = old.session_id, old.seq, old.identify
        await session.send(DISPATCH, {"_trace": ["fake-discord"]}, "RESUMED")
        session.ready = True

    async def _request_members(self, session: Session, d: dict[str, Any]) -> None:
        guild_ids = d.get("guild_id")
        ids: list[Any] = guild_ids if isinstance(guild_ids, list) else [guild_ids]
        for gid in ids:
            try:
                guild = self.core.world.get_guild(int(gid))
            except (KeyError, TypeError, ValueError):
                continue
            members = guild.members
            query = d.get("query")
            if query:
                members = [m for m in members if m.user.username.startswith(query) or m.display_name.startswith(query)]
            user_ids = d.get("user_ids")
            if user_ids is not None:
                wanted = {int(u) for u in (user_ids if isinstance(user_ids, list) else [user_ids])}
                members = [m for m in members if m.id in wanted]
            if d.get("limit"):
                members = members[: int(d["limit"])]
            chunk: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [m.payload() for m in members],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if d.get("nonce") is not None:
                chunk["nonce"] = d["nonce"]
            if d.get("presences"):
                chunk["presences"] = []
            await session.send(DISPATCH, chunk, "GUILD_MEMBERS_CHUNK")

    async def dispatch(self, event: str, data: dict[str, Any], *, intent: int | None = None) -> int:
        """Send an event to every READY session (that asked for `intent`); returns how many got it."""
        sent = 0
        for session in self.ready_sessions:
            if intent is None or session.intents & intent:
                await session.send(DISPATCH, data, event)
                sent += 1
        return sent

    async def close(self) -> None:
        for session in list(self.sessions):
            with contextlib.suppress(Exception):
                await session.ws.close(code=1001, message=b"fake Discord stopping")
        self.sessions.clear()
