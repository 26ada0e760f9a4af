"""Small shared helpers: snowflake ids, timestamps and a change notifier."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import time
from collections.abc import Callable
from typing import TypeVar

DISCORD_EPOCH_MS = 1420070400000

T = TypeVar("T")

_counter = itertools.count()
_last_id = 0


def new_id() -> int:
    """A unique, increasing snowflake whose timestamp part is "now" (so `created_at` looks right)."""
    global _last_id
    now_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    candidate = (now_ms << 22) | (next(_counter) & 0xFFF)
    _last_id = max(candidate, _last_id + 1)
    return _last_id


def snowflake_ms(snowflake: int) -> int:
    """The creation time of a snowflake id, in Unix milliseconds."""
    return (snowflake >> 22) + DISCORD_EPOCH_MS


def backdated_id(seconds_ago: float) -> int:
    """A unique snowflake whose timestamp is `seconds_ago` in the past (an interaction created earlier)."""
    when_ms = int((time.time() - seconds_ago) * 1000) - DISCORD_EPOCH_MS
    return (when_ms << 22) | (next(_counter) & 0xFFF)


def iso_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


class Changes:
    """Wake up waiters whenever something changed; `wait_for` polls a predicate after each change."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, check: Callable[[], T | None], timeout: float, what: str) -> T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result is not None:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"fake Discord: timed out after {timeout}s waiting for {what}")
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue

    async def quiet_for(self, seconds: float, limit: float) -> None:
        """Return once nothing changed for `seconds` (or after `limit` seconds in total)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return
            event = self._event
            try:
                await asyncio.wait_for(event.wait(), min(seconds, remaining))
            except TimeoutError:
                return
