"""(b) A big server: N members × M answers generated through the store's write path (the `Database`
calls a click makes: the member upsert, the session, the answer and its scoring in one transaction),
then the guild-wide calls timed through the services the bot builds (`App.build`), not the store's
internals, so the bench keeps measuring whatever SQL the services use.

Generating 1M answers through the write path takes about a minute and a half on 2 cores, so the full
size is generated once into a file under the system temp dir, keyed by the schema (version and a hash of
the migrations) and the size, and copied for each run (the calls write: `/concept today` records reads).

Baseline: the same calls on a 10-member server (same answers per member) in the same database, in the same
run: "a server with 10,000 members is as quick as one with 10". Each call is also watched for event-loop
lag (how late a 5 ms sleeper wakes) and peak RSS of the process (sampled on a thread every 5 ms).
`/concept today` is timed alone and while a report runs, through `ConceptService.today`.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.measure import LoopLag, Row, RssSampler, loop_lag, percentile, rss_mb
from bot.app import App
from bot.config import Settings
from bot.core.course import Course
from bot.discord_app.client import settle_heap
from bot.services.concepts import ConceptService
from bot.store import Database

BIG, SMALL = 1, 2
SMALL_MEMBERS = 10
QUESTIONS_PER_QUIZ = 10
READS_PER_MEMBER = 5
WRITERS = 64  # members writing at once while generating, so the writer group-commits
DAYS = 30


@dataclass(frozen=True)
class Size:
    members: int
    answers: int  # per member
    repeats: int  # timed calls per service method


FULL = Size(10_000, 100, 20)
SMOKE = Size(200, 20, 2)
TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seS0x"
MIGRATIONS = Path(__file__).resolve().parents[1] / "bot" / "store" / "migrations"


def cache_file(size: Size) -> Path:
    return Path(tempfile.gettempdir()) / "studybot-bench-cache" / f"big-{cache_key(size)}.db"


def cache_ready(size: Size) -> bool:
    return cache_file(size).exists() and cache_file(size).with_suffix(".json").exists()


def settings(db_path: Path) -> Settings:
    return Settings.from_env(
        {"DISCORD_TOKEN": TOKEN, "STUDYBOT_DB": str(db_path), "STUDYBOT_HEALTH_FILE": str(db_path.parent / "health")}
    )


def cache_key(size: Size) -> str:
    """The schema version and the migrations' text (any schema change regenerates), and the size."""
    digest = hashlib.sha256()
    for path in sorted(MIGRATIONS.glob("*.sql")):
        digest.update(path.name.encode() + path.read_bytes())
    version = len(list(MIGRATIONS.glob("*.sql")))
    return f"v{version}-{digest.hexdigest()[:12]}-{size.members}x{size.answers}"


async def generate(db: Database, course: Course, guild: int, members: int, answers: int, seed: int) -> None:
    """Quizzes of 10 questions, answers (70% right) and concept reads, spread over the last 30 days,
    all through Database methods (the write path the bot uses)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    question_ids = [q.id for q in course.questions]
    concept_ids = [c.id for c in course.concepts]
    users = iter(range(1, members + 1))

    async def member(user: int) -> None:
        name = f"멤버{user}"
        moments = sorted(now - timedelta(seconds=rng.uniform(60, DAYS * 86400)) for _ in range(answers))
        for concept_id in rng.sample(concept_ids, min(READS_PER_MEMBER, len(concept_ids))):
            await db.progress.add_read(guild, user, name, concept_id, at=moments[0])
        for start in range(0, answers, QUESTIONS_PER_QUIZ):
            chunk = moments[start : start + QUESTIONS_PER_QUIZ]
            picked = rng.sample(question_ids, len(chunk))
            quiz = await db.quizzes.create_quiz_session(guild, picked, user_id=user, display_name=name, at=chunk[0])
            for question_id, at in zip(picked, chunk, strict=True):
                await db.quizzes.add_attempt(
                    guild, user, name, quiz.session_id, question_id, "답", rng.random() < 0.7, at=at
                )

    async def worker() -> None:
        for user in users:
            await member(user)

    await asyncio.gather(*(worker() for _ in range(WRITERS)))


@dataclass
class Timing:
    seconds: list[float]
    lag_ms: float
    peak_mb: float


async def timed(call: Callable[[], Awaitable[Any]], repeats: int) -> Timing:
    seconds: list[float] = []
    with RssSampler() as rss:
        async with loop_lag() as lag:
            for _ in range(repeats):
                start = time.perf_counter()
                await call()
                seconds.append(time.perf_counter() - start)
            await asyncio.sleep(0.01)
    return Timing(seconds, _max_lag(lag), rss.peak)


def _max_lag(lag: LoopLag) -> float:
    return lag.max_ms


async def today_while(concepts: ConceptService, background: Callable[[], Awaitable[Any]] | None) -> list[float]:
    """`/concept today` latencies while `background` (a report) runs: a member asks every 10 ms whether or
    not the last answer came (as real members do), and each latency counts from when the member asked,
    so a blocked event loop shows up in full. Without background: 50 calls."""
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(background()) if background is not None else None
    seconds: list[float] = []

    async def ask(user: int, asked: float) -> None:
        await concepts.today(BIG, 10_000_000 + user, "지나가던 멤버")
        seconds.append(loop.time() - asked)

    asks = []
    user = 0
    due = loop.time()
    while (task is not None and not task.done()) or (task is None and user < 50):
        # every ask that fell due while the loop was blocked is sent now, timed from when it was due
        while due <= loop.time():
            asks.append(asyncio.create_task(ask(user, due)))
            user += 1
            due += 0.01
        await asyncio.sleep(max(0.0, due - loop.time()))
    await asyncio.gather(*asks)
    if task is not None:
        await task
    return seconds


async def prepared(size: Size, folder: Path, *, cached: bool, fresh: bool = False) -> tuple[Path, float, str]:
    """The database of this run (a copy of the cached one when there is one) and how it was made."""
    cache = cache_file(size)
    cache_dir = cache.parent
    meta = cache.with_suffix(".json")
    target = folder / "big.db"
    if cached and not fresh and cache.exists() and meta.exists():
        shutil.copyfile(cache, target)
        info = json.loads(meta.read_text())
        return target, float(info["rate"]), f"copied from the cache {cache.name}, generated {info['at']}"
    app = await App.build(settings(target))
    try:
        start = time.perf_counter()
        await generate(app.db, app.course, BIG, size.members, size.answers, seed=1)
        await generate(app.db, app.course, SMALL, SMALL_MEMBERS, size.answers, seed=2)
        rate = (size.members + SMALL_MEMBERS) * size.answers / (time.perf_counter() - start)
    finally:
        await app.close()
    if cached:
        cache_dir.mkdir(exist_ok=True)
        shutil.copyfile(target, cache.with_suffix(".tmp"))
        cache.with_suffix(".tmp").replace(cache)
        meta.write_text(json.dumps({"rate": rate, "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}))
    return target, rate, "generated in this run"


async def run_async(size: Size, folder: Path, *, cached: bool) -> list[Row]:
    path, rate, origin = await prepared(size, folder, cached=cached)
    app = await App.build(settings(path))
    # The running bot settles its heap once ready (`studybot run`: gc.freeze and the collector's
    # thresholds); these calls go to App.build's services without the Discord client, so the same is done here,
    # where the bot would be ready.
    settle_heap()
    try:
        progress, exports, concepts = app.progress, app.exports, app.concepts
        total = (size.members + SMALL_MEMBERS) * size.answers
        calls: list[tuple[str, Callable[[int], Awaitable[Any]], str]] = [
            ("/leaderboard (week)", lambda g: progress.leaderboard(g, "week", 5), "p95 ≤ 50 ms"),
            ("/leaderboard (all)", lambda g: progress.leaderboard(g, "all", 5), "p95 ≤ 50 ms"),
            ("/progress", lambda g: progress.member_summary(g, 7), "p95 ≤ 50 ms"),
            ("/study report", lambda g: progress.group_report(g), "≤ 250 ms"),
            ("/study export", lambda g: exports.export_csv(g), "≤ 2 s"),
        ]
        base = f"{SMALL_MEMBERS}-member server"
        rows = [
            Row(
                "b",
                f"generate {size.members:,}×{size.answers} answers via the Database write path",
                rate,
                "answers/s",
                note=f"{total:,} answers, {path.stat().st_size / 1e6:.0f} MB; {origin}",
            )
        ]
        peak, worst_lag = rss_mb(), 0.0
        for name, call, target in calls:
            await call(BIG)  # warm: the first call of a kind pays for SQLite's page cache
            small = await timed(lambda call=call: call(SMALL), size.repeats)  # type: ignore[misc]
            big = await timed(lambda call=call: call(BIG), size.repeats)  # type: ignore[misc]
            peak, worst_lag = max(peak, big.peak_mb), max(worst_lag, big.lag_ms)
            rows.append(
                Row(
                    "b",
                    f"{name} p95 of {size.repeats}",
                    percentile(big.seconds, 95) * 1000,
                    "ms",
                    percentile(small.seconds, 95) * 1000,
                    base,
                    target,
                    note=f"loop blocked up to {big.lag_ms:.0f} ms (small {small.lag_ms:.0f})",
                )
            )
        idle = await today_while(concepts, None)
        with RssSampler() as rss:
            async with loop_lag() as lag:
                busy = await today_while(concepts, lambda: progress.group_report(BIG))
        worst_lag, peak = max(worst_lag, lag.max_ms), max(peak, rss.peak)
        rows.append(
            Row(
                "b",
                f"/concept today p95 while a report runs ({len(busy)} calls)",
                percentile(busy, 95) * 1000,
                "ms",
                percentile(idle, 95) * 1000,
                "/concept today, nothing else running",
            )
        )
        rows.append(Row("b", "worst event-loop lag during the calls", worst_lag, "ms", target="≤ 20 ms"))
        rows.append(Row("b", "peak RSS during the calls", peak, "MB", target="≤ 200 MB", note="whole process"))
        return rows
    finally:
        await app.close()


def fill_cache(size: Size) -> list[Row]:
    """Generate the big server into the cache (its own process: the measuring one starts clean)."""

    async def fill(folder: Path) -> None:
        await prepared(size, folder, cached=True, fresh=True)

    with tempfile.TemporaryDirectory(prefix="studybot-bench-big-") as tmp:
        asyncio.run(fill(Path(tmp)))
    return []


def run(size: Size, *, cached: bool = True) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="studybot-bench-big-") as tmp:
        return asyncio.run(run_async(size, Path(tmp), cached=cached))
