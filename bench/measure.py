"""Measuring tools shared by the benchmarks: percentiles, resident memory, event-loop lag, a result row."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import statistics
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Row:
    """One line of the table: a figure, the baseline measured in the same run, and the target."""

    bench: str
    what: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_what: str = ""
    target: str = ""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest rank: p99 of 200 samples is the 198th smallest."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc; peak RSS elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * _PAGE / 1e6
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


class RssSampler:
    """Samples RSS on a thread every `interval` seconds; `peak` is the highest seen (the event loop may be
    blocked meanwhile, which is exactly when memory peaks)."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.start_mb = rss_mb()
        self.peak = self.start_mb
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-rss", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_mb())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


@dataclass
class LoopLag:
    """How late the event loop wakes a task that sleeps `interval` seconds: the time it was blocked."""

    interval: float = 0.005
    samples: list[float] = field(default_factory=list)

    @property
    def max_ms(self) -> float:
        return max(self.samples, default=0.0) * 1000

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(self.interval)
            self.samples.append(max(0.0, loop.time() - start - self.interval))


@contextlib.asynccontextmanager
async def loop_lag(interval: float = 0.005) -> AsyncIterator[LoopLag]:
    lag = LoopLag(interval)
    task = asyncio.create_task(lag.run(), name="bench-loop-lag")
    await asyncio.sleep(0)
    try:
        yield lag
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@contextlib.contextmanager
def stopwatch() -> Iterator[list[float]]:
    """`with stopwatch() as t: ...` then t[0] is the elapsed seconds."""
    out: list[float] = []
    start = time.perf_counter()
    try:
        yield out
    finally:
        out.append(time.perf_counter() - start)
