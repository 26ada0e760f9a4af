"""Request plumbing for the REST side: routing, body parsing, call recording, Discord-style errors."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from .calls import Call
from .messages import UploadedFile

if TYPE_CHECKING:
    from .core import FakeCore

API_PREFIX = "/api/v10"

Reply = tuple[int, Any]  # (status, JSON-able body or None for an empty 204)
Handler = Callable[..., Awaitable[Reply]]


class HttpError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        code: int = 0,
        *,
        unexpected: str | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = body or {"message": message, "code": code}
        self.unexpected = unexpected


def not_found(what: str, code: int, *, unexpected: str | None = None) -> HttpError:
    return HttpError(404, f"Unknown {what}", code, unexpected=unexpected)


def json_response(data: Any, status: int = 200) -> web.Response:
    # exactly "application/json": with "; charset=utf-8" discord.py would treat the body as text
    body = json.dumps(data, ensure_ascii=False).encode()
    return web.Response(body=body, status=status, headers={"Content-Type": "application/json"})


@dataclass
class InjectedFailure:
    """A failure a test asked for: the next `times` matching calls get this status (see FakeDiscord.fail_requests)."""

    method: str
    pattern: re.Pattern[str]
    status: int  # 0: no error, the call stalls instead (see `stall_after`)
    code: int
    message: str
    times: int
    stall_after: bool = False  # with status 0: handle the call first, then never answer (a lost response)


@dataclass
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool
    api: bool


class Router:
    def __init__(self, core: FakeCore) -> None:
        self.core = core
        self.routes: list[Route] = []

    def add(self, method: str, template: str, handler: Handler, *, auth: bool = True, api: bool = True) -> None:
        """`template` is relative to /api/v10 (or to the server root when api=False)."""
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
        self.routes.append(Route(method, re.compile(f"^{regex}$"), handler, auth, api))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith(API_PREFIX):
            path = path[len(API_PREFIX) :]
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("authorization", "content-type")}
        call = self.core.calls.new(request.method, path, dict(request.query), headers)
        limit = self.core.global_limit
        if limit is not None and limit.applies_to(path):
            retry_after = limit.take()
            if retry_after:
                call.status, call.response = 429, {"retry_after": retry_after, "global": True}
                self.core.calls.finished()
                return limit.response(retry_after)
        try:
            await read_body(request, call)
            stall = self._injected_failure(call)
            if stall is not None and not stall.stall_after:
                await self.core.stalls_released.wait()  # the request never reaches Discord
            status, data = await self._dispatch(request, call)
            if stall is not None:
                call.status, call.response = status, data
                self.core.calls.finished()
                await self.core.stalls_released.wait()  # Discord did it, but the answer is lost
        except HttpError as exc:
            status, data = exc.status, exc.body
            call.unexpected = exc.unexpected
        call.status, call.response = status, data
        self.core.calls.finished()
        if isinstance(data, web.StreamResponse):
            return data
        if data is None:
            return web.Response(status=status)
        return json_response(data, status)

    def _injected_failure(self, call: Call) -> InjectedFailure | None:
        for failure in self.core.failures:
            if failure.times > 0 and failure.method == call.method and failure.pattern.search(call.path):
                failure.times -= 1
                if failure.status == 0:
                    return failure
                raise HttpError(failure.status, failure.message, failure.code)
        return None

    async def _dispatch(self, request: web.Request, call: Call) -> Reply:
        is_api = request.path.startswith(API_PREFIX + "/")
        method_mismatch = False
        for route in self.routes:
            if route.api != is_api:
                continue
            match = route.pattern.match(call.path)
            if match is None:
                continue
            if route.method != request.method:
                method_mismatch = True
                continue
            if route.auth:
                self.check_token(call)
            return await route.handler(call, **match.groupdict())
        if method_mismatch:
            raise HttpError(405, "405: Method Not Allowed", unexpected="method not implemented by the fake")
        raise HttpError(404, "404: Not Found", unexpected="unknown route")

    def check_token(self, call: Call) -> None:
        auth = call.headers.get("Authorization", "")
        if not auth.startswith("Bot ") or auth[4:] not in self.core.tokens:
            raise HttpError(401, "401: Unauthorized", 0)


async def read_body(request: web.Request, call: Call) -> None:
    ctype = request.content_type
    if ctype == "application/json":
        text = await request.text()
        call.json = json.loads(text) if text else None
    elif ctype.startswith("multipart/"):
        reader = await request.multipart()
        while True:
            part = await reader.next()
            if part is None:
                break
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            data = await part.read()
            name = part.name
            match = re.fullmatch(r"files\[(\d+)\]", name)
            if name == "payload_json":
                call.json = json.loads(data)
            elif match or part.filename:
                index = int(match.group(1)) if match else len(call.files)
                ctype_part = part.headers.get("Content-Type")
                call.files[index] = UploadedFile(
                    filename=part.filename or name, data=bytes(data), content_type=ctype_part
                )
            else:
                call.form[name] = data.decode("utf-8", "replace")
    elif request.can_read_body:
        raw = await request.read()
        if raw:
            call.form["_raw"] = raw.decode("utf-8", "replace")


def snowflake(value: str, what: str, code: int) -> int:
    if not value.isdigit():
        raise not_found(what, code)
    return int(value)
