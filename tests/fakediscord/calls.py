"""A log of every HTTP call the bot made to the fake."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from .messages import UploadedFile
from .util import Changes


@dataclass
class Call:
    index: int
    method: str
    path: str  # relative to the API base, e.g. "/channels/123/messages"
    query: dict[str, str]
    json: Any = None  # the JSON body, or the parsed `payload_json` of a multipart body
    files: dict[int, UploadedFile] = field(default_factory=dict)  # multipart `files[n]`
    form: dict[str, str] = field(default_factory=dict)  # other multipart text fields
    headers: dict[str, str] = field(default_factory=dict)
    time: float = field(default_factory=time.monotonic)
    status: int = 0
    response: Any = None
    unexpected: str | None = None  # why this call should fail the test (unknown route, double ack...)

    def __str__(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.query.items())
        text = f"{self.method} {self.path}{'?' + query if query else ''} -> {self.status}"
        return text + (f" [unexpected: {self.unexpected}]" if self.unexpected else "")


class CallLog:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.changes = Changes()

    def new(self, method: str, path: str, query: dict[str, str], headers: dict[str, str]) -> Call:
        call = Call(index=len(self.calls), method=method, path=path, query=query, headers=headers)
        self.calls.append(call)
        return call

    def finished(self) -> None:
        self.changes.notify()

    @property
    def unexpected(self) -> list[Call]:
        return [c for c in self.calls if c.unexpected]

    def find(self, method: str | None, path_regex: str, start: int = 0) -> list[Call]:
        pattern = re.compile(path_regex)
        return [
            c
            for c in self.calls[start:]
            if c.status and (method in (None, "*") or c.method == method.upper()) and pattern.search(c.path)
        ]

    async def wait_for(self, method: str | None, path_regex: str, timeout: float = 5.0, *, start: int = 0) -> Call:
        def check() -> Call | None:
            found = self.find(method, path_regex, start)
            return found[0] if found else None

        return await self.changes.wait_for(check, timeout, f"a call {method} {path_regex}")
