"""The fake Discord as a standalone process, for tests that run the bot somewhere else (a container).

    python -m tests.fakediscord --port-file F --token T [--calls-file F]

Serves `World.default()` on 127.0.0.1 and a free port, accepting only the token T. Once listening it
writes the port file (atomically; JSON): the Discord `port`, `api_base`, `gateway` (for
STUDYBOT_DISCORD_API_BASE / STUDYBOT_DISCORD_GATEWAY), the `control` URL, `application_id`,
`guild_id` and `pid`. `--calls-file` gets one JSON line per finished REST call and per gateway
IDENTIFY, as they happen (tokens are never written). SIGTERM or SIGINT stops it; the exit code is 0,
or 3 when the bot made unexpected calls (unknown route, double acknowledgement, invalid body ...).

The control server (its own port, 127.0.0.1 only) answers JSON:
    GET  /state                      identifies, ready sessions, command syncs, synced command names,
                                     every call, unexpected calls
    GET  /wait?method=PUT&path=RE&count=N&timeout=S
                                     waits until N finished calls match (path relative to the API base)
    GET  /wait-identify?count=N&timeout=S
                                     waits until N IDENTIFY frames arrived and a session is READY
    POST /slash {"member": "minsu", "command": "concept", "subcommand": "today", "options": {},
                 "timeout": 10}      sends the slash command, returns the bot's visible reply
Waits answer 408 on timeout; a failed slash command answers 409 with {"error": ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from aiohttp import web

from .calls import Call
from .messages import UploadedFile
from .server import FakeDiscord
from .world import World

CALLS_POLL_SECONDS = 0.1


def _jsonable(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        return {"filename": value.filename, "size": len(value.data), "content_type": value.content_type}
    if isinstance(value, bytes):
        return {"bytes": len(value)}
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_jsonable)


def _call_record(call: Call) -> dict[str, Any]:
    return {
        "kind": "rest",
        "index": call.index,
        "method": call.method,
        "path": call.path,
        "query": call.query,
        "status": call.status,
        "unexpected": call.unexpected,
    }


class Control:
    """The JSON control API and the calls file around one running FakeDiscord."""

    def __init__(self, fake: FakeDiscord, calls_file: Path | None) -> None:
        self.fake = fake
        self.calls_file = calls_file
        self._written_calls = 0
        self._written_identifies = 0

    # -- calls file ----------------------------------------------------------------------------
    def flush_calls(self) -> None:
        if self.calls_file is None:
            return
        lines: list[str] = []
        calls = self.fake.calls
        while self._written_calls < len(calls) and calls[self._written_calls].status:
            lines.append(_dumps(_call_record(calls[self._written_calls])))
            self._written_calls += 1
        identifies = self.fake.identify_payloads
        while self._written_identifies < len(identifies):
            payload = identifies[self._written_identifies]
            self._written_identifies += 1
            accepted = payload.get("token") in self.fake.tokens
            lines.append(
                _dumps(
                    {
                        "kind": "gateway",
                        "op": "IDENTIFY",
                        "number": self._written_identifies,
                        "intents": payload.get("intents"),
                        "accepted": accepted,
                    }
                )
            )
        if lines:
            with self.calls_file.open("a", encoding="utf-8") as out:
                out.write("".join(line + "\n" for line in lines))

    async def keep_flushing(self) -> None:
        while True:
            self.flush_calls()
            await asyncio.sleep(CALLS_POLL_SECONDS)

    # -- HTTP ----------------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/state", self.state)
        app.router.add_get("/wait", self.wait)
        app.router.add_get("/wait-identify", self.wait_identify)
        app.router.add_post("/slash", self.slash)
        return app

    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        return web.Response(text=_dumps(data), status=status, content_type="application/json")

    async def state(self, request: web.Request) -> web.Response:
        fake = self.fake
        syncs = fake.find_calls("PUT", r"^/applications/\d+(/guilds/\d+)?/commands$")
        scopes = sorted(fake.core.commands.synced, key=lambda s: -1 if s is None else s)
        return self._json(
            {
                "identifies": len(fake.identify_payloads),
                "ready_sessions": len(fake.core.gateway.ready_sessions),
                "command_syncs": [str(c) for c in syncs],
                "synced_commands": {
                    ("global" if scope is None else str(scope)): [c["name"] for c in fake.synced_commands(scope)]
                    for scope in scopes
                },
                "calls": [str(c) for c in fake.calls],
                "unexpected": [str(c) for c in fake.unexpected_calls],
            }
        )

    @staticmethod
    def _timeout(request: web.Request, default: float = 10.0) -> float:
        return min(float(request.query.get("timeout", default)), 600.0)

    async def wait(self, request: web.Request) -> web.Response:
        method = request.query.get("method")
        path = request.query.get("path", "")
        count = int(request.query.get("count", 1))
        timeout = self._timeout(request)
        calls = self.fake.core.calls

        def enough() -> list[Call] | None:
            found = calls.find(method, path)
            return found if len(found) >= count else None

        try:
            found = await calls.changes.wait_for(enough, timeout, f"{count} x {method} {path}")
        except TimeoutError as exc:
            return self._json({"error": str(exc), "found": [str(c) for c in calls.find(method, path)]}, 408)
        return self._json({"found": [str(c) for c in found]})

    async def wait_identify(self, request: web.Request) -> web.Response:
        count = int(request.query.get("count", 1))
        timeout = self._timeout(request)
        fake = self.fake

        def enough() -> bool | None:
            ready = fake.core.gateway.ready_sessions
            return True if len(fake.identify_payloads) >= count and ready else None

        try:
            await fake.core.changes.wait_for(enough, timeout, f"{count} IDENTIFY and a READY session")
        except TimeoutError as exc:
            return self._json({"error": str(exc), "identifies": len(fake.identify_payloads)}, 408)
        return self._json(
            {"identifies": len(fake.identify_payloads), "ready_sessions": len(fake.core.gateway.ready_sessions)}
        )

    async def slash(self, request: web.Request) -> web.Response:
        body = await request.json()
        timeout = min(float(body.get("timeout", 10.0)), 600.0)
        try:
            handle = await self.fake.send_slash_command(
                body.get("guild"),
                body.get("member", "minsu"),
                body["command"],
                body.get("subcommand"),
                body.get("options") or {},
                channel=body.get("channel"),
            )
            reply = await handle.reply(timeout)
        except (KeyError, LookupError, RuntimeError, TimeoutError, ValueError) as exc:
            return self._json({"error": f"{type(exc).__name__}: {exc}"}, 409)
        return self._json({"reply": reply, "callbacks": [c["type"] for c in handle.callbacks]})


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


async def serve(args: argparse.Namespace) -> int:
    fake = FakeDiscord(World.default(), tokens=(args.token,), members_by_intent=True)
    await fake.start()
    control = Control(fake, args.calls_file)
    runner = web.AppRunner(control.app(), access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    control_port = int(runner.addresses[0][1])
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    flusher = asyncio.create_task(control.keep_flushing())
    info = {
        "port": fake.port,
        "api_base": fake.api_base,
        "gateway": fake.gateway_url,
        "control": f"http://127.0.0.1:{control_port}",
        "application_id": fake.world.application_id,
        "guild_id": fake.world.guild.id,
        "pid": os.getpid(),
    }
    _write_atomically(args.port_file, json.dumps(info) + "\n")
    print(f"fake Discord: {fake.api_base} (control {info['control']})", file=sys.stderr, flush=True)
    try:
        await stop.wait()
    finally:
        flusher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flusher
        control.flush_calls()
        await runner.cleanup()
        await fake.stop()
    if fake.unexpected_calls:
        listed = "\n  ".join(str(c) for c in fake.unexpected_calls)
        print(f"fake Discord: the bot made unexpected calls:\n  {listed}", file=sys.stderr)
        return 3
    print("fake Discord: stopped", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fakediscord", description="a standalone fake Discord")
    parser.add_argument("--port-file", type=Path, required=True, help="JSON with the ports and ids, once listening")
    parser.add_argument("--token", required=True, help="the only bot token the fake accepts")
    parser.add_argument("--calls-file", type=Path, help="JSON lines: each REST call and gateway IDENTIFY")
    args = parser.parse_args(argv)
    return asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
