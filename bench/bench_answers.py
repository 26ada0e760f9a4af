"""Answer recording: the progress service against raw sqlite3, side by side in one run.

    /work/venv/bin/python bench/bench_answers.py [--answers N] [--rounds R]

Raw baseline: one sqlite3 connection on the same schema with the same PRAGMAs (WAL, synchronous=NORMAL,
foreign_keys=ON), each answer one single-row INSERT in its own transaction (autocommit), in a loop.
Service: QuizService.answer_channel (a click on a channel quiz), each answer by a different member (so it also
upserts the member and checks the session), measured two ways:
  - sequential: one answer at a time, each awaited before the next (latency-bound);
  - concurrent: many members answering at once (a busy channel quiz), the load the target is about.
The target: the concurrent service rate is at least 50% of the raw rate. Rounds alternate raw and
service runs; the median of each is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.config import default_content_dir
from bot.core.loader import load_named_course
from bot.services.concepts import ConceptService
from bot.services.progress import ProgressService
from bot.services.quizzes import QuizService
from bot.store import Database
from bot.store.migrate import migrate
from bot.store.quizzes import QuizQueries

GUILD = 1
QUESTION = "lxc-origin"
QUESTION_CONCEPT = "컨테이너-기술이란-무엇입니까"  # its least-answered channel question is QUESTION
TARGET_RATIO = 0.5


def raw_rate(folder: Path, answers: int) -> float:
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    now = datetime.now(UTC).isoformat()
    conn.execute("BEGIN")
    conn.execute("INSERT INTO guilds (guild_id) VALUES (?)", (GUILD,))
    conn.executemany(
        "INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)",
        [(GUILD, user, f"멤버{user}", now) for user in range(answers)],
    )
    conn.execute(
        "INSERT INTO quiz_sessions (session_id, guild_id, kind, channel_id, created_at, closes_at)"
        " VALUES (1, ?, 'channel', 10, ?, ?)",
        (GUILD, now, now),
    )
    conn.execute("INSERT INTO quiz_items (session_id, position, question_id) VALUES (1, 0, ?)", (QUESTION,))
    conn.execute("COMMIT")
    sql = (
        "INSERT INTO quiz_attempts (guild_id, session_id, question_id, user_id, answer, correct, answered_at)"
        " VALUES (?, 1, ?, ?, 'LXC', 1, ?)"
    )
    start = time.perf_counter()
    for user in range(answers):
        conn.execute(sql, (GUILD, QUESTION, user, now))
    elapsed = time.perf_counter() - start
    assert conn.execute("SELECT count(*) FROM quiz_attempts").fetchone()[0] == answers
    conn.close()
    return answers / elapsed


async def service_rate(folder: Path, name: str, answers: int, in_flight: int) -> float:
    load = load_named_course(default_content_dir(), "docker-basics")
    assert load.course is not None
    db = await Database.open(folder / f"{name}.db")
    try:
        course = load.course
        queries = QuizQueries(db)
        concepts = ConceptService(course, ProgressService(db, course), db)
        quizzes = QuizService(course, db, queries, queries, concepts, clock=db.clock)
        quiz = await quizzes.start_channel(GUILD, 10, QUESTION_CONCEPT, 600)
        # a channel quiz is open for at most 10 minutes; the benchmark needs it open a little longer
        await db.write(
            lambda c: c.execute(
                "UPDATE quiz_sessions SET closes_at = ? WHERE session_id = ?",
                ((datetime.now(UTC) + timedelta(days=1)).isoformat(), quiz.session_id),
            )
        )
        users = iter(range(answers))

        async def member_loop() -> None:
            for user in users:
                await quizzes.answer_channel(GUILD, user, f"멤버{user}", quiz.session_id, "A")  # A. LXC

        start = time.perf_counter()
        await asyncio.gather(*(member_loop() for _ in range(in_flight)))
        elapsed = time.perf_counter() - start
        assert len(await db.session_attempts(GUILD, quiz.session_id)) == answers
        return answers / elapsed
    finally:
        await db.close()


def median_of(runs: list[float]) -> float:
    return statistics.median(runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=4000, help="answers per run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--in-flight", type=int, default=32, help="members answering at once (concurrent run)")
    args = parser.parse_args()
    raw: list[float] = []
    sequential: list[float] = []
    concurrent: list[float] = []
    runs: list[tuple[list[float], Callable[[Path], float | Coroutine[Any, Any, float]]]] = [
        (raw, lambda folder: raw_rate(folder, args.answers)),
        (sequential, lambda folder: service_rate(folder, "seq", args.answers, 1)),
        (concurrent, lambda folder: service_rate(folder, "conc", args.answers, args.in_flight)),
    ]
    for _ in range(args.rounds):
        for results, run in runs:
            with tempfile.TemporaryDirectory(prefix="studybot-bench-") as tmp:
                outcome = run(Path(tmp))
                results.append(asyncio.run(outcome) if asyncio.iscoroutine(outcome) else outcome)
    raw_median = median_of(raw)
    seq_median = median_of(sequential)
    conc_median = median_of(concurrent)
    print(
        f"answers per run: {args.answers}, rounds: {args.rounds}, sqlite {sqlite3.sqlite_version}, WAL + synchronous=NORMAL"
    )
    print(f"raw sqlite3 single-row INSERT transactions : {raw_median:9,.0f} /s")
    print(f"service answer_channel, sequential         : {seq_median:9,.0f} /s  (ratio {seq_median / raw_median:.2f})")
    print(
        f"service answer_channel, {args.in_flight} members at once : {conc_median:9,.0f} /s"
        f"  (ratio {conc_median / raw_median:.2f}, target >= {TARGET_RATIO:.2f})"
    )
    return 0 if conc_median / raw_median >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
