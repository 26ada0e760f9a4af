from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import Services
from bot.core.course import Course
from bot.services.daily_posts import DailyPostService, PublishedMessage
from bot.services.export import ExportService
from bot.services.missions import MissionService
from bot.services.progress import ProgressService
from bot.services.quizzes import QuizService
from bot.store import Database
from tests.store.support import FakeClock, docker_course, seoul, services_for


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
def services(db: Database, course: Course) -> Services:
    built = services_for(db, course)
    built.daily_posts.attach(RecordingPublisher())
    return built


@pytest.fixture
def progress(services: Services) -> ProgressService:
    return services.progress


@pytest.fixture
def missions(services: Services) -> MissionService:
    return services.missions


@pytest.fixture
def exporter(services: Services) -> ExportService:
    return services.exports


@pytest.fixture
def daily_posts(services: Services) -> DailyPostService:
    return services.daily_posts


@pytest.fixture
def quizzes(services: Services) -> QuizService:
    return services.quizzes
