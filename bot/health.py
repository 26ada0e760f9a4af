"""Heartbeat file: the running bot writes it while connected; `studybot health` reads it."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

HEARTBEAT_SECONDS = 30.0
STALE_AFTER_SECONDS = 90.0


def write_heartbeat(path: Path, now: float | None = None) -> None:
    """Atomic write (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(f"{now if now is not None else time.time():.3f}\n", encoding="ascii")
    temporary.replace(path)


def clear_heartbeat(path: Path) -> None:
    path.unlink(missing_ok=True)


@dataclass(frozen=True)
class HealthVerdict:
    healthy: bool
    reason: str


def read_health(path: Path, now: float | None = None, stale_after: float = STALE_AFTER_SECONDS) -> HealthVerdict:
    now = time.time() if now is None else now
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return HealthVerdict(False, f"no heartbeat file at {path}: the bot is not running or not connected yet")
    except OSError as exc:
        return HealthVerdict(False, f"cannot read {path}: {exc.strerror}")
    try:
        stamp = float(text)
    except ValueError:
        return HealthVerdict(False, f"{path} does not hold a timestamp")
    age = now - stamp
    if age > stale_after:
        return HealthVerdict(False, f"last heartbeat {age:.0f}s ago (limit {stale_after:.0f}s): not connected")
    return HealthVerdict(True, f"healthy: last heartbeat {max(age, 0):.0f}s ago")
