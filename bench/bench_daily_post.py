"""The daily post at scale: many servers due at the same minute, and the SQL figures of one post.

    .venv/bin/python bench/bench_daily_post.py [--guilds N] [--members M]

1. N servers all scheduled at 09:00 Asia/Seoul: `post_due` for every one of them, concurrently but at most
   8 at a time (as bot/scheduler.py runs them), through a publisher that answers at once. Reports the
   time for all servers (claim + render + mark sent; Discord's own latency excluded) and checks that a
   second round posts nothing.
2. One server with M members who each answered every question of the course once, among 10 such servers:
   the read count, mission progress and per-question statistics (the review-day rule) as the post and
   the review day compute them, with SQLite's query plan (each must use an index, never scan the table).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import default_content_dir
from bot.core.loader import load_named_course
from bot.services.daily_posts import DailyPostService, Outcome, PublishedMessage
from bot.services.progress import ProgressService
from bot.services.reply import Reply
from bot.store import Database
from bot.store.migrate import migrate
from bot.store.posts import PostLedger

NOW = datetime(2026, 12, 1, 0, 0, 5, tzinfo=UTC)  # 09:00:05 in Seoul


class InstantPublisher:
    def __init__(self) -> None:
        self.sent = 0

    async def send(self, channel_id: int, replies: Sequence[Reply], nonce: str) -> int:
        self.sent += 1
        return self.sent

    async def recent_messages(self, channel_id: int, since: datetime) -> list[PublishedMessage]:
        return []


async def many_servers(folder: Path, guilds: int) -> None:
    course = load_named_course(default_content_dir(), "docker-basics").course
    assert course is not None
    db = await Database.open(folder / "servers.db")
    try:
        for guild_id in range(1, guilds + 1):
            await db.update_guild(guild_id, channel_id=guild_id, post_time=clock_time(9), timezone="Asia/Seoul")
        publisher = InstantPublisher()
        service = DailyPostService(
            course, PostLedger(db), db, ProgressService(db, course), publisher, clock=lambda: NOW
        )
        slots = asyncio.Semaphore(8)

        async def one(guild_id: int) -> Outcome:
            async with slots:
                return (await service.post_due(guild_id, NOW)).outcome

        started = time.perf_counter()
        outcomes = await asyncio.gather(*(one(g) for g in range(1, guilds + 1)))
        elapsed = time.perf_counter() - started
        assert outcomes.count(Outcome.SENT) == guilds, outcomes
        again = await asyncio.gather(*(one(g) for g in range(1, guilds + 1)))
        assert again.count(Outcome.NOT_DUE) == guilds
        print(
            f"{guilds} servers due at the same minute: {elapsed:.2f} s ({guilds / elapsed:.0f} posts/s), "
            f"second round posted nothing"
        )
    finally:
        await db.close()


def figures(folder: Path, members: int) -> None:
    course = load_named_course(default_content_dir(), "docker-basics").course
    assert course is not None
    questions = [q.id for q in course.questions]
    conn = sqlite3.connect(folder / "figures.db", isolation_level=None)
    migrate(conn)
    now = NOW.isoformat()
    conn.execute("BEGIN")
    session = 0
    for guild_id in range(1, 11):
        conn.execute("INSERT INTO guilds (guild_id) VALUES (?)", (guild_id,))
        for user in range(members):
            conn.execute("INSERT INTO members VALUES (?, ?, ?, ?)", (guild_id, user, f"m{user}", now))
            conn.execute("INSERT INTO concept_reads VALUES (?, ?, ?, ?)", (guild_id, user, course.concepts[0].id, now))
            session += 1
            conn.execute(
                "INSERT INTO quiz_sessions (session_id, guild_id, kind, user_id, created_at)"
                " VALUES (?, ?, 'personal', ?, ?)",
                (session, guild_id, user, now),
            )
            conn.executemany(
                "INSERT INTO quiz_items VALUES (?, ?, ?)", [(session, i, q) for i, q in enumerate(questions)]
            )
            conn.executemany(
                "INSERT INTO quiz_attempts (guild_id, session_id, question_id, user_id, answer, correct, answered_at)"
                " VALUES (?, ?, ?, ?, 'x', ?, ?)",
                [(guild_id, session, q, user, (user + i) % 3 != 0, now) for i, q in enumerate(questions)],
            )
    conn.execute("COMMIT")
    total = conn.execute("SELECT count(*) FROM quiz_attempts").fetchone()[0]
    print(f"{total:,} answers in 10 servers, {members} members each")
    queries = {
        "read count": (
            "SELECT count(*) FROM concept_reads WHERE guild_id = ? AND concept_id = ?",
            (5, course.concepts[0].id),
        ),
        "mission progress": (
            "SELECT count(*) FROM mission_confirmations WHERE guild_id = ? AND mission_id = ? AND status = 'confirmed'",
            (5, "docker-install"),
        ),
        "per-question stats": (
            "SELECT question_id, count(*), sum(correct) FROM quiz_attempts WHERE guild_id = ? GROUP BY question_id",
            (5,),
        ),
    }
    for name, (sql, params) in queries.items():
        plan = " / ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
        started = time.perf_counter()
        for _ in range(20):
            conn.execute(sql, params).fetchall()
        ms = (time.perf_counter() - started) / 20 * 1000
        print(f"  {name}: {ms:.2f} ms  [{plan}]")
        assert "USING" in plan and "SCAN quiz_attempts" not in plan.replace("USING COVERING INDEX", "")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--guilds", type=int, default=500)
    parser.add_argument("--members", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(many_servers(Path(tmp), args.guilds))
        figures(Path(tmp), args.members)


if __name__ == "__main__":
    main()
