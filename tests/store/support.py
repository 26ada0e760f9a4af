"""Shared test helpers for the store and the services: a fixed clock and the shipped course."""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import Services, build_services
from bot.core.course import Course
from bot.core.loader import load_named_course
from bot.store import Database

CONTENT = Path(__file__).resolve().parents[2] / "content"
SEOUL = ZoneInfo("Asia/Seoul")


class FakeClock:
    """A clock the test moves by hand; services and the database read the time only through it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def seoul(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


@functools.cache
def docker_course() -> Course:
    load = load_named_course(CONTENT, "docker-basics")
    assert load.course is not None, load.errors
    return load.course


def services_for(db: Database, course: Course) -> Services:
    """The services over `db`, wired as bot/app.py wires them (the same builder), on the database's clock."""
    return build_services(db, course, clock=db.clock, default_timezone=db.default_timezone)
