from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.course import Course
from bot.services.concepts import ConceptService
from bot.services.daily_posts import DailyPostService, PublishedMessage
from bot.services.export import ExportService
from bot.services.missions import MissionService
from bot.services.progress import ProgressService
from bot.services.quizzes import QuizService
from bot.store import Database
from bot.store.missions import MissionRecords
from bot.store.posts import PostLedger
from bot.store.quizzes import QuizQueries
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


class RecordingPublisher:
    """Stands in for a chat platform: every post is "sent" and gets the next message id."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send(self, channel_id: int, replies: object, nonce: str) -> int:
        self.sent.append((channel_id, nonce))
        return 1000 + len(self.sent)

    async def recent_messages(self, channel_id: int, since: object) -> list[PublishedMessage]:
        return []


@pytest.fixture
def daily_posts(db: Database, course: Course, progress: ProgressService) -> DailyPostService:
    return DailyPostService(course, PostLedger(db), db, progress, RecordingPublisher(), clock=db.clock)


@pytest.fixture
def quizzes(db: Database, course: Course, progress: ProgressService, daily_posts: DailyPostService) -> QuizService:
    queries = QuizQueries(db)
    return QuizService(course, db, queries, queries, ConceptService(course, progress, daily_posts), clock=db.clock)
