"""Discord's global rate limit, optional (off unless a test or benchmark turns it on).

Discord allows a bot 50 requests per second across all routes; interaction callbacks and webhook
(interaction token) routes are exempt. Over the limit it answers 429 with a JSON body
`{"message", "retry_after", "global": true}` and the headers `Retry-After`, `X-RateLimit-Global: true`,
`X-RateLimit-Scope: global`, and `Via` (discord.py retries a 429 only when `Via` is present: otherwise it
takes it for a Cloudflare ban). The limiter is a token bucket of `per_second` tokens refilled
continuously, so a steady `per_second` requests per second pass and the 1,000th request of a burst
passes after about (1,000 − 50) / 50 s.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from aiohttp import web

EXEMPT_PREFIXES = ("/interactions/", "/webhooks/")


class GlobalRateLimit:
    def __init__(self, per_second: float = 50.0, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_second = per_second
        self.clock = clock
        self.tokens = per_second
        self.updated = clock()
        self.passed = 0  # requests let through (not exempt)
        self.limited = 0  # 429s answered

    def applies_to(self, path: str) -> bool:
        return not path.startswith(EXEMPT_PREFIXES)

    def take(self) -> float:
        """0.0 when the request may go ahead (a token taken), else the seconds until one is free."""
        now = self.clock()
        self.tokens = min(self.per_second, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            self.passed += 1
            return 0.0
        self.limited += 1
        return (1.0 - self.tokens) / self.per_second

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
