"""EXPLAIN QUERY PLAN of every statement the leaderboard, /progress, the report and the export run: each
table is reached through an index (no full scan), nothing sorts or groups a server's history in a temporary
b-tree. The one sort allowed is the ranking's ORDER BY over per-member totals (one row per member, not per
event). The statements are the ones the services really run, captured with SQLite's trace callback."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.course import Course
from bot.services.progress import ProgressService
from bot.store import Database, engine
from bot.store.progress_repo import _FILL_WEEK
from tests.services import evidence_samples as samples
from tests.store.support import FakeClock, docker_course, services_for

GUILD, OTHER = 10, 20
# Plan lines that read no stored table: the course-id list, a constant row, and the ranking's own CTEs.
SCANS_OF_NO_TABLE = ("SCAN json_each", "SCAN CONSTANT ROW", "SCAN totals", "SCAN r", "SCAN (subquery-")


async def fill(db: Database, course: Course, clock: FakeClock) -> ProgressService:
    rng = random.Random(5)
    progress = services_for(db, course).progress
    for guild in (GUILD, OTHER):
        for user in range(1, 25):
            name = f"멤버{user}"
            await progress.record_read(guild, user, name, rng.choice(course.concepts).id)
            session = await db.quizzes.create_quiz_session(
                guild, [q.id for q in course.questions[:6]], user_id=user, display_name=name
            )
            for question in course.questions[:6]:
                clock.advance(minutes=rng.randint(1, 300))
                await db.quizzes.add_attempt(
                    guild, user, name, session.session_id, question.id, "답", rng.random() < 0.6
                )
        await services_for(db, course).missions.confirm(guild, 3, "멤버3", None, samples.LINUX)
    return progress


@pytest.fixture
async def db(tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Database]:
    # One reader connection, so that the trace callback set on it sees every statement the services run.
    monkeypatch.setattr(engine, "READERS", 1)
    database = await Database.open(tmp_path / "studybot.db", clock=clock)
    yield database
    await database.close()


async def test_progress_paths_read_through_indexes_only(db: Database, clock: FakeClock) -> None:
    course = docker_course()
    progress = await fill(db, course, clock)
    exporter = services_for(db, course).exports
    statements: list[str] = []

    def trace(conn: sqlite3.Connection) -> None:
        conn.set_trace_callback(statements.append)

    await db.read(trace)
    try:
        for period in ("week", "month", "all"):
            await progress.leaderboard(GUILD, period, user_id=24)
        await progress.member_summary(GUILD, 24)
        await progress.group_report(GUILD)
        await exporter.export_csv(GUILD)
    finally:
        await db.read(lambda conn: conn.set_trace_callback(None))

    queries = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    assert len(queries) >= 15
    for query in queries:
        plan = [row[3] for row in await db.read(lambda c, q=query: c.execute("EXPLAIN QUERY PLAN " + q).fetchall())]
        where = f"\n{' '.join(query.split())[:200]}\n  " + "\n  ".join(plan)
        assert any(line.startswith("SEARCH") for line in plan), where
        assert all(line.startswith(SCANS_OF_NO_TABLE) for line in plan if line.startswith("SCAN")), where
        assert not any("TEMP B-TREE FOR GROUP BY" in line or "DISTINCT" in line for line in plan), where
        if any("TEMP B-TREE" in line for line in plan):
            assert "row_number() OVER" in query, where  # only the ranking of per-member totals sorts
        assert f"guild_id = {GUILD}" in query, where  # every statement is scoped to this server


async def test_the_weeks_fill_seeks_each_members_events_of_the_week(db: Database) -> None:
    """The one write a weekly ranking may make (a new week, or the server's zone changed): each member's events
    of the week through score_events_member, bounded on both sides; no scan, no sort."""
    select = _FILL_WEEK[_FILL_WEEK.index("SELECT") :]
    params = {"guild_id": GUILD, "since": "2024-10-20", "until": "2024-10-27"}
    plan = [row[3] for row in await db.read(lambda c: c.execute("EXPLAIN QUERY PLAN " + select, params).fetchall())]
    assert plan == [
        "SEARCH p USING PRIMARY KEY (guild_id=?)",
        "SEARCH e USING COVERING INDEX score_events_member (guild_id=? AND user_id=? AND at>? AND at<?)",
    ], plan
