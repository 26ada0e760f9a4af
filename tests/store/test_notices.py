"""Mission notices are asked for on every interaction; the repository answers "none" without a query while it
knows none is pending, and must never lose one: added before or after, by this process or a previous one."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.store import Database, engine
from bot.store.missions import MissionRecords

GUILD = 10
AT = datetime(2024, 10, 20, 8, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Database]:
    monkeypatch.setattr(engine, "READERS", 1)  # the trace callback then sees every read
    database = await Database.open(tmp_path / "studybot.db")
    yield database
    await database.close()


async def queries_of(db: Database, repo: MissionRecords, user_id: int) -> tuple[list[str], list[str]]:
    statements: list[str] = []
    await db.read(lambda c: c.set_trace_callback(statements.append))
    try:
        taken = [n.mission_id for n in await repo.take_notices(GUILD, user_id)]
    finally:
        await db.read(lambda c: c.set_trace_callback(None))
    return taken, [s for s in statements if "mission_notices" in s]


async def test_notices_are_handed_out_once_and_none_costs_no_query(db: Database) -> None:
    repo = db.missions
    for user in (1, 2):
        await db.progress.add_read(GUILD, user, f"멤버{user}", "c1")
    assert await repo.take_notices(GUILD, 1) == []  # learns that none is pending
    assert await queries_of(db, repo, 1) == ([], [])  # then asks nothing
    await repo.add_notice(GUILD, 1, "docker-install", "다시 확인해 주세요", at=AT)
    await repo.add_notice(GUILD, 2, "docker-install", "사진이 안 보여요", at=AT)
    assert [n.mission_id for n in await repo.take_notices(GUILD, 1)] == ["docker-install"]
    assert await repo.take_notices(GUILD, 1) == []
    assert [n.reason for n in await repo.take_notices(GUILD, 2)] == ["사진이 안 보여요"]
    assert await queries_of(db, repo, 2) == ([], [])  # none left anywhere: no query again


async def test_a_notice_left_by_a_previous_run_is_delivered(tmp_path: Path) -> None:
    first = await Database.open(tmp_path / "studybot.db")
    await first.progress.add_read(GUILD, 1, "민수", "c1")
    await first.missions.add_notice(GUILD, 1, "docker-install", "다시 확인해 주세요", at=AT)
    await first.close()
    again = await Database.open(tmp_path / "studybot.db")
    try:
        assert [n.mission_id for n in await again.missions.take_notices(GUILD, 1)] == ["docker-install"]
        assert await again.missions.take_notices(GUILD, 1) == []
    finally:
        await again.close()
    rows = sqlite3.connect(tmp_path / "studybot.db").execute("SELECT count(*) FROM mission_notices").fetchone()
    assert rows == (0,)
