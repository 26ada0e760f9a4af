"""The week's kept totals (migration 0007): filled once when a week's leaderboard is first asked, then kept by
triggers through every scoring change, including a mission revoked, and started again for a new week or zone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.store import Database
from tests.services import evidence_samples as samples
from tests.store.support import FakeClock, docker_course, services_for

GUILD, ORGANIZER = 10, 999


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2024, 10, 23, 3, 0, tzinfo=ZoneInfo("UTC")))  # a Wednesday, 12:00 in Seoul


@pytest.fixture
async def db(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "studybot.db", clock=clock)
    yield database
    await database.close()


async def kept(db: Database) -> list[tuple[int, int]]:
    rows = await db.read(
        lambda c: c.execute(
            "SELECT user_id, points FROM member_week_points WHERE guild_id = ? ORDER BY user_id", (GUILD,)
        ).fetchall()
    )
    return [(row[0], row[1]) for row in rows]


async def test_a_revoked_mission_leaves_the_weeks_totals_and_a_new_week_starts_afresh(
    db: Database, clock: FakeClock
) -> None:
    course = docker_course()
    services = services_for(db, course)
    progress, missions = services.progress, services.missions
    await progress.record_read(GUILD, 1, "민수", course.concepts[0].id)
    await progress.record_read(GUILD, 2, "지현", course.concepts[0].id)
    board = await progress.leaderboard(GUILD, "week")
    assert "민수 — 10점" in (board.body or "") and "지현 — 10점" in (board.body or "")
    assert await kept(db) == [(1, 10), (2, 10)]

    outcome = await missions.confirm(GUILD, 2, "지현", None, samples.LINUX)
    assert outcome.confirmed
    assert await kept(db) == [(1, 10), (2, 30)]  # kept by the trigger, no refill
    board = await progress.leaderboard(GUILD, "week")
    assert (board.body or "").startswith("🥇 지현 — 30점")

    await missions.revoke(GUILD, ORGANIZER, 2, None, "다시 확인해 주세요")
    assert await kept(db) == [(1, 10), (2, 10)]
    board = await progress.leaderboard(GUILD, "week")
    assert (board.body or "").startswith("🥇 민수 — 10점")  # same points: who got there first

    clock.advance(minutes=7 * 24 * 60)  # the next week: nobody has scored yet
    board = await progress.leaderboard(GUILD, "week")
    assert "아직 점수를 얻은 멤버가 없어요" in (board.body or "")
    assert await kept(db) == []
