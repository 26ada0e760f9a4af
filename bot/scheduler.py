"""APScheduler wiring for the daily post: one cron job per scheduled server, rebuilt from the database.

The database is the source of truth: no APScheduler job store is used. At start the jobs are rebuilt
from the servers' settings and every scheduled server gets one `post_due` call (catch-up after
downtime; a post left pending is reconciled there). Every change of a schedule updates its job (a
stable id per server, `replace_existing`). A job body calls `DailyPostService.post_due` and nothing
else: what is due, what comes next and "exactly once a day" are decided by the service and the ledger.

Job options, chosen on purpose:
- `misfire_grace_time=None`: a run that is late (the event loop was blocked, the machine slept) still
  runs, however late. That is safe because the job does not trust its fire time: `post_due` takes the
  current instant, posts only if the server's *current* local day has no post yet and its post time has
  passed, and never replays an earlier day. A short grace (APScheduler's default is 1 s) would instead
  drop a late run silently and the day would go unposted until the next restart.
- `coalesce=True`: several missed runs collapse into one call; a second would only find the day done.
- `max_instances=1`: one run per server at a time (the service also locks per server).

Retries: a run whose post failed in a way that may pass (a Discord 5xx, a network error; not a missing
channel or access) gets a one-off `DateTrigger` job (id `daily-post-retry:<server id>`) at +5, +15 and
+60 minutes after each failure (bot.core.schedule.RETRY_DELAYS), never past the server's local day. A
retry is an ordinary `post_due` run: it claims the day's failed row through the ledger, so it cannot post
twice (a post-now or the next day's run in between makes it find the day done).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from apscheduler.job import Job  # type: ignore[import-untyped]  # APScheduler 3 ships no types
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]
from apscheduler.triggers.date import DateTrigger  # type: ignore[import-untyped]

from bot.services.daily_posts import DailyPostService, Outcome, Result
from bot.store.records import GuildSettings

log = logging.getLogger("studybot.scheduler")

CONCURRENCY = 8  # posts sent at once across servers; discord.py's rate-limit handling paces the rest
SHUTDOWN_GRACE_SECONDS = 5.0  # a post being sent at stop may finish (its ledger row with it)


def job_id(guild_id: int) -> str:
    return f"daily-post:{guild_id}"


def retry_job_id(guild_id: int) -> str:
    return f"daily-post-retry:{guild_id}"


def is_scheduled(settings: GuildSettings) -> bool:
    return settings.post_time is not None and settings.channel_id is not None and not settings.paused


class GuildList(Protocol):
    async def list_guilds(self) -> list[GuildSettings]: ...


class DailyScheduler:
    def __init__(
        self,
        posts: DailyPostService,
        guilds: GuildList,
        clock: Callable[[], datetime],
        *,
        concurrency: int = CONCURRENCY,
    ) -> None:
        self.posts = posts
        self.guilds = guilds
        self.clock = clock
        self.scheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        self._slots = asyncio.Semaphore(concurrency)
        self._running: set[asyncio.Task[None]] = set()
        self._started = False
        self._stopped = False
        self.ready = asyncio.Event()  # set once the jobs are built and the catch-up runs are under way
        self.runs_finished = 0  # post_due calls that ended (tests and logs tell runs apart by it)
        self._retries: dict[int, tuple[date, int]] = {}  # server -> (local day, retries scheduled that day)

    @property
    def started(self) -> bool:
        return self._started and not self._stopped

    async def start(self) -> None:
        """Start the timers and catch up: once per process (on_ready may come again after a reconnect)."""
        if self._started:
            return
        self._started = True
        self.scheduler.start()
        scheduled = [g for g in await self.guilds.list_guilds() if is_scheduled(g)]
        for settings in scheduled:
            self.schedule_changed(settings)
        log.info("scheduler started: %d server(s) scheduled", len(scheduled))
        self.run_now(g.guild_id for g in scheduled)
        self.ready.set()

    def schedule_changed(self, settings: GuildSettings) -> None:
        """Add, move or remove the server's job (called by the schedule service on every change)."""
        if not self.started:
            return  # start() builds every job from the database
        if not is_scheduled(settings):
            for stale in (job_id(settings.guild_id), retry_job_id(settings.guild_id)):
                if self.scheduler.get_job(stale) is not None:
                    self.scheduler.remove_job(stale)
            return
        assert settings.post_time is not None
        trigger = CronTrigger(
            hour=settings.post_time.hour, minute=settings.post_time.minute, timezone=ZoneInfo(settings.timezone)
        )
        self.scheduler.add_job(
            self._job,
            trigger,
            args=[settings.guild_id],
            id=job_id(settings.guild_id),
            name=f"daily post of {settings.guild_id}",
            replace_existing=True,
        )

    def job(self, guild_id: int) -> Job | None:
        return self.scheduler.get_job(job_id(guild_id))

    def retry_job(self, guild_id: int) -> Job | None:
        return self.scheduler.get_job(retry_job_id(guild_id))

    def run_now(self, guild_ids: Iterable[int]) -> list[asyncio.Task[None]]:
        """One `post_due` per server, concurrently (bounded); a server's failure never touches another."""
        tasks = []
        for guild_id in guild_ids:
            task = asyncio.create_task(self._run_guild(guild_id), name=f"daily-post-{guild_id}")
            self._running.add(task)
            task.add_done_callback(self._running.discard)
            tasks.append(task)
        return tasks

    async def _job(self, guild_id: int) -> None:
        # Shielded: stopping the scheduler cancels its job futures, but a post already being sent should
        # finish so that its ledger row says what happened (shutdown waits for it, briefly).
        (task,) = self.run_now([guild_id])
        await asyncio.shield(task)

    async def _run_guild(self, guild_id: int) -> None:
        async with self._slots:
            try:
                result = await self.posts.post_due(guild_id, self.clock())
            except Exception:
                log.exception("daily post of guild %s failed unexpectedly", guild_id)
                return
            finally:
                self.runs_finished += 1
        log.debug("daily post of guild %s: %s", guild_id, result.outcome)
        try:
            await self._retry_later(guild_id, result)
        except Exception:
            log.exception("cannot schedule a retry of guild %s's post", guild_id)

    async def _retry_later(self, guild_id: int, result: Result) -> None:
        """After a failure that may pass, one more `post_due` run later the same local day (bounded)."""
        if result.outcome is not Outcome.FAILED or not result.retryable or result.post is None or not self.started:
            return
        day = result.post.local_date
        retry_day, done = self._retries.get(guild_id, (day, 0))
        done = done if retry_day == day else 0
        at = await self.posts.retry_at(guild_id, self.clock(), done)
        if at is None:
            log.warning("daily post of guild %s: no retry left today; the next day posts again", guild_id)
            return
        self._retries[guild_id] = (day, done + 1)
        self.scheduler.add_job(
            self._job,
            DateTrigger(run_date=at),
            args=[guild_id],
            id=retry_job_id(guild_id),
            name=f"daily post retry of {guild_id}",
            replace_existing=True,
        )
        log.info("daily post of guild %s: retry %d at %s", guild_id, done + 1, at.isoformat())

    async def idle(self) -> None:
        """Wait until no post is being decided or sent."""
        while self._running:
            await asyncio.wait(set(self._running))

    async def shutdown(self) -> None:
        """No new runs; let a post being sent finish (up to SHUTDOWN_GRACE_SECONDS). Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down in a loop callback
        if self._running:
            _, late = await asyncio.wait(set(self._running), timeout=SHUTDOWN_GRACE_SECONDS)
            for task in late:
                task.cancel()
        log.info("scheduler stopped")
