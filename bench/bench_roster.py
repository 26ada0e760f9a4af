"""The mission roster on a large server: one page (counts + a LIMIT/OFFSET page) against loading every
member and confirmation into Python (what the roster did before it was paged).

    .venv/bin/python bench/bench_roster.py [--members N] [--rounds R]

Members are written straight to the database (one transaction), a third confirmed and a tenth pending.
Reported: the median time of the first, a middle and the last page, and of the full load, over R rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.services.mission_roster import ROSTER_PAGE_SIZE, MissionRoster
from bot.store import Database, utc_now
from bot.store.missions import MissionRecords
from bot.store.records import to_db
from tests.store.support import docker_course

GUILD = 1


async def fill(db: Database, members: int) -> None:
    now = to_db(utc_now())

    def op(conn: Any) -> None:
        conn.execute("INSERT INTO guilds (guild_id) VALUES (?)", (GUILD,))
        conn.executemany(
            "INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)",
            ((GUILD, user, f"멤버 {user}", now) for user in range(1, members + 1)),
        )
        statuses = ((user, "confirmed" if user % 3 == 0 else "pending") for user in range(1, members + 1))
        conn.executemany(
            "INSERT INTO mission_confirmations (guild_id, user_id, mission_id, status, evidence, updated_at)"
            " VALUES (?, ?, 'docker-install', ?, 'x', ?)",
            ((GUILD, user, status, now) for user, status in statuses if user % 3 == 0 or user % 10 == 0),
        )

    await db.write(op)


async def timed(work: Callable[[], Awaitable[Any]], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        await work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


async def main(members: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.db")
        try:
            await fill(db, members)
            missions = MissionRoster(docker_course(), MissionRecords(db), db)
            last = (members - 1) // ROSTER_PAGE_SIZE

            async def load_all() -> None:
                await db.list_members(GUILD)
                await db.list_confirmations(GUILD)

            results = {
                "page 1": await timed(lambda: missions.roster(GUILD, 0, 0), rounds),
                f"page {last // 2 + 1}": await timed(lambda: missions.roster(GUILD, 0, last // 2), rounds),
                f"page {last + 1} (last)": await timed(lambda: missions.roster(GUILD, 0, last), rounds),
                "load every member (old way)": await timed(load_all, rounds),
            }
        finally:
            await db.close()
    print(f"{members:,} members, {ROSTER_PAGE_SIZE} a page, median of {rounds} rounds")
    for name, ms in results.items():
        print(f"  {name:<30} {ms:8.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.rounds))
