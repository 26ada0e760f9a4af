"""Leaderboard, /progress, /study report and /study export on one big server: the SQL read path (migration
0006) against the read path it replaced (bench/legacy: reload the history, recompute with the core),
measured side by side in one run on the same database.

    .venv/bin/python bench/bench_progress.py [--members 2000] [--answers 50] [--rounds 5]

The history is written through the store's write path (ProgressRepo.add_read, Database.create_quiz_session
and add_attempt, MissionService.confirm), spread over 60 days, many writes in flight at once (group commit).
For each call: median and worst wall time over the rounds, and the worst event-loop lag seen meanwhile (a
5 ms ticker; CPU work on the loop shows up there).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.legacy.export import ExportService as LegacyExport
from bench.legacy.progress import ProgressService as LegacyProgress
from bot.config import default_content_dir
from bot.core.course import Course
from bot.core.loader import load_named_course
from bot.services.export import ExportService
from bot.services.missions import MissionService
from bot.services.progress import ProgressService
from bot.store import Database
from bot.store.missions import MissionRecords
from bot.store.progress_repo import ProgressRepo

GUILD = 1
NOW = datetime(2024, 12, 4, 12, 0, tzinfo=UTC)  # a Wednesday
LINUX_EVIDENCE = (
    "$ docker --version\nDocker version 27.3.1, build ce12230\n$ docker run hello-world\n"
    "Hello from Docker!\nThis message shows that your installation appears to be working correctly.\n"
)


async def generate(db: Database, course: Course, members: int, answers: int) -> None:
    rng = random.Random(12)
    repo = ProgressRepo(db)
    questions = [q.id for q in course.questions]
    start = NOW - timedelta(days=60)

    async def member(user: int) -> None:
        name = f"멤버{user:05d}"
        moment = start + timedelta(minutes=rng.randint(0, 600))
        for concept in rng.sample(course.concepts, min(len(course.concepts), rng.randint(1, 8))):
            moment += timedelta(hours=rng.randint(1, 30))
            await repo.add_read(GUILD, user, name, concept.id, min(moment, NOW))
        left = answers
        moment = start + timedelta(minutes=rng.randint(0, 600))
        while left > 0:
            picked = rng.sample(questions, min(10, left))
            moment = min(moment + timedelta(hours=rng.randint(2, 40)), NOW)
            session = await db.create_quiz_session(GUILD, picked, user_id=user, display_name=name, at=moment)
            for qid in picked:
                moment = min(moment + timedelta(seconds=20), NOW)
                await db.add_attempt(GUILD, user, name, session.session_id, qid, "답", rng.random() < 0.65, at=moment)
            left -= len(picked)

    users = list(range(1, members + 1))
    for chunk in range(0, len(users), 200):  # 200 members writing at once
        await asyncio.gather(*(member(u) for u in users[chunk : chunk + 200]))
    missions = MissionService(db, course, MissionRecords(db))
    for user in users[::3]:
        await missions.confirm(GUILD, user, f"멤버{user:05d}", None, LINUX_EVIDENCE)


class LagMonitor:
    """The worst delay of a 5 ms sleep on the event loop while running."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, time.perf_counter() - before - 0.005)

    def __enter__(self) -> LagMonitor:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    def __exit__(self, *_: Any) -> None:
        assert self._task is not None
        self._task.cancel()


async def measure(call: Callable[[], Awaitable[Any]], rounds: int) -> tuple[float, float, float]:
    times = []
    with LagMonitor() as lag:
        for _ in range(rounds):
            started = time.perf_counter()
            await call()
            times.append(time.perf_counter() - started)
            await asyncio.sleep(0.01)  # let the ticker see the loop again
    return statistics.median(times) * 1000, max(times) * 1000, lag.worst * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--answers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", type=Path, help="keep the generated database here and reuse it next time")
    args = parser.parse_args()
    load = load_named_course(default_content_dir(), "docker-basics")
    assert load.course is not None
    course = load.course
    with tempfile.TemporaryDirectory() as folder:
        path = args.db or Path(folder) / "bench.db"
        reuse = path.exists()
        db = await Database.open(path, clock=lambda: NOW)
        if not reuse:
            started = time.perf_counter()
            await generate(db, course, args.members, args.answers)
            took = time.perf_counter() - started
            print(
                f"{args.members} members x {args.answers} answers written in {took:.1f} s through the write path"
                f" ({args.members * args.answers / took:,.0f} answers/s)"
            )
            await db.close()  # a checkpoint, as a running bot's database would have had
            db = await Database.open(path, clock=lambda: NOW)
        print(f"database {path.stat().st_size / 1e6:.0f} MB")
        caller = args.members // 2
        new = ProgressService(db, course, clock=lambda: NOW)
        old = LegacyProgress(db, course, clock=lambda: NOW)
        new_export = ExportService(db, course, clock=lambda: NOW, progress=new)
        old_export = LegacyExport(db, course, clock=lambda: NOW, progress=old)
        calls: list[tuple[str, Callable[[], Awaitable[Any]], Callable[[], Awaitable[Any]]]] = [
            (
                "/leaderboard week",
                lambda: old.leaderboard(GUILD, "week"),
                lambda: new.leaderboard(GUILD, "week", caller),
            ),
            ("/leaderboard all", lambda: old.leaderboard(GUILD, "all"), lambda: new.leaderboard(GUILD, "all", caller)),
            ("/progress", lambda: old.member_summary(GUILD, caller), lambda: new.member_summary(GUILD, caller)),
            ("/study report", lambda: old.group_report(GUILD), lambda: new.group_report(GUILD)),
            ("/study export", lambda: old_export.export_csv(GUILD), lambda: new_export.export_csv(GUILD)),
        ]
        print(
            f"\n{'call':<20}{'before: median / worst / loop lag (ms)':>42}{'after: median / worst / loop lag (ms)':>42}"
        )
        for name, before, after in calls:
            # The new path first, so the old one's garbage (millions of objects) cannot slow it down.
            a = await measure(after, args.rounds)
            gc.collect()
            b = await measure(before, args.rounds)
            gc.collect()
            print(f"{name:<20}{b[0]:>18.1f} /{b[1]:>8.1f} /{b[2]:>8.1f}{a[0]:>24.1f} /{a[1]:>8.1f} /{a[2]:>8.1f}")
        await db.close()


if __name__ == "__main__":
    asyncio.run(main())
