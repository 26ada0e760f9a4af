"""(c) Answer recording: the store's write path against raw sqlite3 with the same settings.

Raw baseline: one sqlite3 connection on the same schema with the same PRAGMAs (WAL, synchronous=NORMAL,
foreign_keys=ON), each answer one single-row INSERT in its own transaction (autocommit), in a loop.

Measured, each in a fresh database, rounds alternating, medians reported:
  - engine, 32 members at once: `QuizService.answer_channel` on a channel quiz, each answer by another
    member (so it also upserts the member and checks the session) - the load the target is about;
  - engine, sequential: one answer at a time, each awaited before the next (latency-bound);
  - aiosqlite public API, 32 at once: the same statements and the same group commit, but every statement
    a separate `await conn.execute(...)` (aiosqlite has no public way to run a whole transaction on its
    thread). This row is why bot/store/engine.py owns its threads instead of using aiosqlite.
"""

from __future__ import annotations

import asyncio
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.bigserver import settings
from bench.measure import Row, median
from bot.app import App
from bot.store.migrate import migrate

GUILD = 1
QUESTION = "lxc-origin"
IN_FLIGHT = 32
PRAGMAS = ("PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON")

# The statements Database.add_attempt runs, for the aiosqlite comparison.
_ENSURE_GUILD = "INSERT INTO guilds (guild_id) VALUES (?) ON CONFLICT DO NOTHING"
_UPSERT_MEMBER = (
    "INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (guild_id, user_id) DO UPDATE SET display_name = excluded.display_name"
    " WHERE display_name IS NOT excluded.display_name"
)
_INSERT_ATTEMPT = (
    "INSERT INTO quiz_attempts (guild_id, session_id, question_id, user_id, answer, correct, answered_at)"
    " SELECT s.guild_id, s.session_id, i.question_id, :user_id, :answer, :correct, :now"
    " FROM quiz_sessions AS s JOIN quiz_items AS i ON i.session_id = s.session_id AND i.question_id = :question_id"
    " WHERE s.session_id = :session_id AND s.guild_id = :guild_id AND s.closed_at IS NULL"
    " AND (s.closes_at IS NULL OR s.closes_at > :now) AND (s.user_id IS NULL OR s.user_id = :user_id)"
    " ON CONFLICT (session_id, question_id, user_id) DO NOTHING RETURNING attempt_id"
)


def _seed(conn: sqlite3.Connection, members: int) -> None:
    now = datetime.now(UTC).isoformat()
    conn.execute("BEGIN")
    conn.execute("INSERT INTO guilds (guild_id) VALUES (?)", (GUILD,))
    conn.executemany(
        "INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)",
        [(GUILD, user, f"멤버{user}", now) for user in range(members)],
    )
    conn.execute(
        "INSERT INTO quiz_sessions (session_id, guild_id, kind, channel_id, created_at, closes_at)"
        " VALUES (1, ?, 'channel', 10, ?, ?)",
        (GUILD, now, (datetime.now(UTC) + timedelta(days=1)).isoformat()),
    )
    conn.execute("INSERT INTO quiz_items (session_id, position, question_id) VALUES (1, 0, ?)", (QUESTION,))
    conn.execute("COMMIT")


def raw_rate(folder: Path, answers: int) -> float:
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    migrate(conn)
    _seed(conn, answers)
    now = datetime.now(UTC).isoformat()
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


async def engine_rate(folder: Path, answers: int, in_flight: int) -> float:
    """What a click on a channel quiz does: `QuizService.answer_channel`, each answer by another member,
    on the services the bot builds (`App.build`)."""
    app = await App.build(settings(folder / "engine.db"))
    try:
        quizzes = app.quizzes
        # open for 10 minutes (the longest a channel quiz may be): far longer than the benchmark takes
        quiz = await quizzes.start_channel(GUILD, 10, app.course.questions[0].concept_id, 600)
        key = quiz.reply.buttons[0][0].label  # the first choice's letter (A) or O
        users = iter(range(answers))

        async def member_loop() -> None:
            for user in users:
                await quizzes.answer_channel(GUILD, user, f"멤버{user}", quiz.session_id, key)

        start = time.perf_counter()
        await asyncio.gather(*(member_loop() for _ in range(in_flight)))
        elapsed = time.perf_counter() - start
        assert sum((await quizzes.store.answer_counts(GUILD, quiz.session_id)).values()) == answers
        return answers / elapsed
    finally:
        await app.close()


async def aiosqlite_rate(folder: Path, answers: int, in_flight: int) -> float:
    """The engine's group commit rebuilt on aiosqlite's public API: one await per statement."""
    import aiosqlite

    path = folder / "aiosqlite.db"
    seed = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        seed.execute(pragma)
    migrate(seed)
    _seed(seed, 0)
    seed.close()
    conn = await aiosqlite.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    Op = Callable[[aiosqlite.Connection], Awaitable[Any]]
    pending: list[tuple[Op, asyncio.Future[Any]]] = []
    wake = asyncio.Event()
    done = False

    async def writer() -> None:
        nonlocal pending
        while pending or not done:
            if not pending:
                wake.clear()
                await wake.wait()
                continue
            batch, pending = pending[:500], pending[500:]
            await conn.execute("BEGIN IMMEDIATE")
            results = []
            for op, _ in batch:
                await conn.execute("SAVEPOINT op")
                results.append(await op(conn))
                await conn.execute("RELEASE op")
            await conn.execute("COMMIT")
            for (_, future), value in zip(batch, results, strict=True):
                future.set_result(value)

    async def write(op: Op) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        pending.append((op, future))
        wake.set()
        return await future

    def answer(user: int) -> Op:
        now = datetime.now(UTC).isoformat()
        params = {"guild_id": GUILD, "session_id": 1, "question_id": QUESTION, "user_id": user}
        params |= {"answer": "LXC", "correct": 1, "now": now}

        async def op(c: aiosqlite.Connection) -> bool:
            await c.execute(_ENSURE_GUILD, (GUILD,))
            await c.execute(_UPSERT_MEMBER, (GUILD, user, f"멤버{user}", now))
            cursor = await c.execute(_INSERT_ATTEMPT, params)
            return await cursor.fetchone() is not None

        return op

    task = asyncio.create_task(writer())
    users = iter(range(answers))

    async def member_loop() -> None:
        for user in users:
            assert await write(answer(user))

    start = time.perf_counter()
    await asyncio.gather(*(member_loop() for _ in range(in_flight)))
    elapsed = time.perf_counter() - start
    done = True
    wake.set()
    await task
    async with conn.execute("SELECT count(*) FROM quiz_attempts") as cursor:
        row = await cursor.fetchone()
    assert row is not None and row[0] == answers
    await conn.close()
    return answers / elapsed


def run(*, answers: int, rounds: int) -> list[Row]:
    try:
        import aiosqlite  # noqa: F401

        with_aiosqlite = True
    except ImportError:
        with_aiosqlite = False
    results: dict[str, list[float]] = {"raw": [], "engine": [], "sequential": [], "aiosqlite": []}
    for _ in range(rounds):
        runs: list[tuple[str, Callable[[Path], float]]] = [
            ("raw", lambda f: raw_rate(f, answers)),
            ("engine", lambda f: asyncio.run(engine_rate(f, answers, IN_FLIGHT))),
            ("sequential", lambda f: asyncio.run(engine_rate(f, answers, 1))),
        ]
        if with_aiosqlite:
            runs.append(("aiosqlite", lambda f: asyncio.run(aiosqlite_rate(f, answers, IN_FLIGHT))))
        for name, fn in runs:
            with tempfile.TemporaryDirectory(prefix="studybot-bench-") as tmp:
                results[name].append(fn(Path(tmp)))
    raw = median(results["raw"])
    base = "raw sqlite3 INSERT/commit"
    rows = [
        Row("c", "raw sqlite3, one INSERT per commit (the baseline)", raw, "answers/s"),
        Row(
            "c",
            f"engine answer_channel, {IN_FLIGHT} at once",
            median(results["engine"]),
            "answers/s",
            raw,
            base,
            "≥ 0.50×",
        ),
        Row("c", "engine answer_channel, sequential", median(results["sequential"]), "answers/s", raw, base),
    ]
    if with_aiosqlite:
        rows.append(
            Row(
                "c",
                f"aiosqlite public API, same group commit, {IN_FLIGHT} at once",
                median(results["aiosqlite"]),
                "answers/s",
                raw,
                base,
                note="the alternative the engine was measured against",
            )
        )
    else:
        rows.append(Row("c", "aiosqlite public API", None, "answers/s", note="not run: aiosqlite not installed"))
    return rows
