"""Leaderboard periods: boundaries in the server's own zone, the week from Monday 00:00, ties the same way."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.course import Course
from bot.services.progress import ProgressService
from bot.store import Database
from tests.store.support import FakeClock

GUILD = 10
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


async def test_periods_start_in_the_servers_zone_and_the_week_on_monday(
    progress: ProgressService, db: Database, course: Course, clock: FakeClock
) -> None:
    await db.guilds.update_guild(GUILD, timezone="America/Los_Angeles")
    concept = course.concepts[0].id
    clock.now = datetime(2024, 11, 30, 23, 59, tzinfo=LOS_ANGELES)  # Saturday in November (Sunday in Seoul)
    await progress.record_read(GUILD, 3, "서연", concept)
    clock.now = datetime(2024, 12, 1, 23, 59, tzinfo=LOS_ANGELES)  # Sunday (already Monday in Seoul)
    await progress.record_read(GUILD, 1, "민지", concept)
    clock.now = datetime(2024, 12, 2, 0, 1, tzinfo=LOS_ANGELES)  # Monday: a new week
    await progress.record_read(GUILD, 2, "준호", concept)

    week = await progress.leaderboard(GUILD, "week")
    assert week.body.splitlines() == ["🥇 준호 — 10점 (정답 0 · 개념 1)"]
    assert "12/02부터" in (week.footer or "")
    month = await progress.leaderboard(GUILD, "month")  # December 1st, 00:00 in Los Angeles
    assert month.body.splitlines() == ["🥇 민지 — 10점 (정답 0 · 개념 1)", "🥈 준호 — 10점 (정답 0 · 개념 1)"]
    everything = await progress.leaderboard(GUILD, "all", user_id=2)
    assert [line.split(" ")[1] for line in everything.body.splitlines()] == ["서연", "민지", "준호"]
    summary = {f.name: f.value for f in (await progress.member_summary(GUILD, 2)).fields}
    assert summary["⭐ 점수"] == "이번 주 10점 (1위) · 전체 10점 (3위)"  # the same places as the leaderboard
