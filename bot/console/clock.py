"""Simulated time: the clock the console injects into the database and so into every service.

It runs like a real clock from where the session starts, and `/clock` moves it forward. The time is
kept beside the database file, so a simulated week stays a week after a restart; it never starts
behind the real time."""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

_STEP = re.compile(r"(\d+)\s*(w|d|h|m)", re.IGNORECASE)
_STEPS = re.compile(r"^\+?\s*(?:\d+\s*[wdhm]\s*)+$", re.IGNORECASE)
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


class SimulatedClock:
    def __init__(self, start: datetime, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._start = start.astimezone(UTC)
        self._started = monotonic()

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._started)

    def move_to(self, moment: datetime) -> None:
        self._start = moment.astimezone(UTC)
        self._started = self._monotonic()

    # -- kept beside the database ----------------------------------------------------------------------

    @staticmethod
    def state_file(db_path: Path) -> Path:
        return db_path.with_name(db_path.name + ".clock")

    @classmethod
    def saved(cls, db_path: Path) -> datetime | None:
        """The simulated time the last session with this database ended at."""
        try:
            moment = datetime.fromisoformat(cls.state_file(db_path).read_text(encoding="utf-8").strip())
        except (OSError, ValueError):
            return None
        return moment if moment.tzinfo is not None else None

    @classmethod
    def resume(cls, db_path: Path, real_now: datetime | None = None) -> SimulatedClock:
        """Where the last session left the simulated time, or the real time if that is later."""
        now = real_now or datetime.now(UTC)
        saved = cls.saved(db_path)
        return cls(max(saved, now) if saved else now)

    def save(self, db_path: Path) -> None:
        # A read-only folder: the next session starts from the real time, nothing else is lost.
        with contextlib.suppress(OSError):
            self.state_file(db_path).write_text(self().isoformat(timespec="seconds") + "\n", encoding="utf-8")


def parse_target(text: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """Where `/clock TEXT` should move to: '+1d', '+2h30m', '1w'; 'YYYY-MM-DD [HH:MM]' in `zone`;
    'HH:MM' (today at that time, or tomorrow if it has passed). None if TEXT is none of these."""
    text = text.strip()
    if _STEPS.match(text):
        delta = timedelta()
        for amount, unit in _STEP.findall(text):
            delta += timedelta(**{_UNITS[unit.lower()]: int(amount)})
        return now + delta
    if text.startswith("-"):
        return now - timedelta(minutes=1)  # any step backwards: the caller refuses it
    local = now.astimezone(zone)
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}))?", text)
    try:
        if match:
            day = date.fromisoformat(match.group(1))
            hour, minute = _hh_mm(match.group(2) or "00:00")
            return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
        if re.fullmatch(r"\d{1,2}:\d{2}", text):
            hour, minute = _hh_mm(text)
            moment = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
            return moment if moment > local else moment + timedelta(days=1)
    except ValueError:
        return None
    return None


def _hh_mm(text: str) -> tuple[int, int]:
    hour, minute = (int(part) for part in text.split(":"))
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(text)
    return hour, minute
