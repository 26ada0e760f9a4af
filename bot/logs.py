"""Logging set-up: text or JSON lines, with secrets removed from every line.

Tokens can reach a log line in several ways: discord.py's gateway logs raw events at DEBUG (each
interaction carries a token), its HTTP logger logs request URLs (interaction callbacks and webhooks
hold the token in the path), and exceptions may quote either. The formatter scrubs the finished line,
so no handler, library or traceback can let one through.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

REDACTED = "[redacted]"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(/(?:webhooks|interactions)/\d+/)[A-Za-z0-9_.:-]+"), rf"\1{REDACTED}"),
    (re.compile(r"""(["']token["']\s*:\s*["'])[^"']+(["'])"""), rf"\1{REDACTED}\2"),
    (re.compile(r"(\bBot\s+)[A-Za-z0-9_.-]{20,}"), rf"\1{REDACTED}"),
    # The shape of a bot token: base64 user id, timestamp, HMAC.
    (re.compile(r"\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}\b"), REDACTED),
)


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = sorted({s for s in secrets if len(s) >= 8}, key=len, reverse=True)

    def add(self, secret: str) -> None:
        if len(secret) >= 8 and secret not in self._secrets:
            self._secrets = sorted([*self._secrets, secret], key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text


class RedactingFormatter(logging.Formatter):
    def __init__(self, redactor: Redactor, as_json: bool) -> None:
        super().__init__("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
        self.redactor = redactor
        self.as_json = as_json

    def format(self, record: logging.LogRecord) -> str:
        if not self.as_json:
            return self.redactor(super().format(record))
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            entry.update(extra)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return self.redactor(json.dumps(entry, ensure_ascii=False, default=str))


REDACTOR = Redactor()


def setup_logging(level: str, fmt: str, *, http_debug: bool = False, stream: TextIO | None = None) -> Redactor:
    """Configure the root logger once. discord.http stays at INFO unless http_debug is asked for."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter(REDACTOR, as_json=fmt == "json"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.getLogger("discord.http").setLevel(level if http_debug else max(logging.INFO, logging.getLevelName(level)))
    return REDACTOR
