from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Database
from tests.store.support import FakeClock, seoul


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(seoul(2024, 12, 2, 9))


@pytest.fixture
async def db(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "data" / "studybot.db", clock=clock)
    yield database
    await database.close()
