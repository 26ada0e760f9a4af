from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.course import Course
from bot.services.export import ExportService
from bot.services.missions import MissionService
from bot.services.progress import ProgressService
from bot.store import Database
from bot.store.missions import MissionRecords
from tests.store.support import FakeClock, docker_course, seoul


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(seoul(2024, 12, 2, 9))


@pytest.fixture
def course() -> Course:
    return docker_course()


@pytest.fixture
async def db(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "studybot.db", clock=clock)
    yield database
    await database.close()


@pytest.fixture
def progress(db: Database, course: Course) -> ProgressService:
    return ProgressService(db, course)


@pytest.fixture
def missions(db: Database, course: Course) -> MissionService:
    return MissionService(db, course, MissionRecords(db))


@pytest.fixture
def exporter(db: Database, course: Course) -> ExportService:
    return ExportService(db, course)
