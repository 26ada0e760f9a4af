"""`python -m bench [--smoke] [--only a,b,c,e]`: every benchmark, one table, each figure beside its baseline.

    a  interaction latency through the fake Discord vs a bare discord.py client
    b  a big server (10,000 members × 100 answers) vs a 10-member one in the same database
    c  answer recording vs raw sqlite3 with the same PRAGMAs
    d  daily fan-out: 1,000 servers posted at one minute through the fake's global rate limit vs its floor
    e  idle scale: N guilds in the fake Discord, RSS and READY → ready vs a bare discord.py client

--smoke runs every benchmark at a tiny size (seconds), for CI to keep the code working; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable

from bench import answers, bigserver, fanout, idle, latency
from bench.measure import Row
from bench.table import render


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks the benchmarks run, measures nothing")
    parser.add_argument("--only", default="a,b,c,d,e", help="which benchmarks, e.g. --only b,c (default: all)")
    args = parser.parse_args(argv)
    chosen = {part.strip() for part in args.only.split(",") if part.strip()}
    smoke = args.smoke
    suites: dict[str, Callable[[], list[Row]]] = {
        "c": lambda: answers.run(answers=300 if smoke else 4000, rounds=1 if smoke else 3),
        "b": lambda: bigserver.run(bigserver.SMOKE if smoke else bigserver.FULL, cached=not smoke),
        "e": lambda: idle.run(idle.SMOKE if smoke else idle.FULL),
        "a": lambda: latency.run(latency.SMOKE if smoke else latency.FULL),
        "d": lambda: fanout.run(fanout.SMOKE if smoke else fanout.FULL),
    }
    rows: list[Row] = []
    started = time.perf_counter()
    for name in "abcde":
        if name not in chosen:
            continue
        suite_start = time.perf_counter()
        rows.extend(suites[name]())
        print(f"[{name} done in {time.perf_counter() - suite_start:.0f} s]", file=sys.stderr, flush=True)
    print(f"studybot bench{' --smoke' if smoke else ''} — {machine()}")
    print(f"total {time.perf_counter() - started:.0f} s\n")
    print(render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
