"""Discord's global rate limit, optional (off unless a test or benchmark turns it on).

Discord allows a bot 50 requests per second across all routes; interaction callbacks and webhook
(interaction token) routes are exempt. Over the limit it answers 429 with a JSON body
`{"message", "retry_after", "global": true}` and the headers `Retry-After`, `X-RateLimit-Global: true`,
`X-RateLimit-Scope: global`, and `Via` (discord.py retries a 429 only when `Via` is present: otherwise it
takes it for a Cloudflare ban). The limit is counted in fixed windows of `window` seconds (1 s for Discord's figure), the first opening at
the first request: `per_second × window` requests pass in a window, and a request over it is told to retry
when the window ends, so that waiting `retry_after` really lets it through (every request told to wait
wakes into a fresh window). 1,000 requests at 50/s therefore take 20 windows: the last passes after 19 s.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from aiohttp import web

EXEMPT_PREFIXES = ("/interactions/", "/webhooks/")


class GlobalRateLimit:
    def __init__(
        self, per_second: float = 50.0, *, window: float = 1.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_window = max(1, round(per_second * window))
        self.window = window
        self.clock = clock
        self.window_start: float | None = None
        self.in_window = 0
        self.passed = 0  # requests let through (not exempt)
        self.limited = 0  # 429s answered

    def applies_to(self, path: str) -> bool:
        return not path.startswith(EXEMPT_PREFIXES)

    def take(self) -> float:
        """0.0 when the request may go ahead (counted in this window), else the seconds until the window ends."""
        now = self.clock()
        if self.window_start is None or now >= self.window_start + self.window:
            self.window_start, self.in_window = now, 0
        if self.in_window < self.per_window:
            self.in_window += 1
            self.passed += 1
            return 0.0
        self.limited += 1
        return max(0.001, self.window_start + self.window - now)

    @staticmethod
    def response(retry_after: float) -> web.Response:
        body = {"message": "You are being rate limited.", "retry_after": round(retry_after, 3), "global": True}
        headers = {
            "Content-Type": "application/json",
            "Retry-After": f"{retry_after:.3f}",
            "X-RateLimit-Global": "true",
            "X-RateLimit-Scope": "global",
            "Via": "1.1 google",
        }
        return web.Response(body=json.dumps(body).encode(), status=429, headers=headers)
