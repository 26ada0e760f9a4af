"""`python -m bench [--smoke] [--fresh] [--only a,b,c,d,e]`: every benchmark, one table, each figure beside its baseline.

    a  interaction latency through the fake Discord vs a bare discord.py client
    b  a big server (10,000 members × 100 answers) vs a 10-member one in the same database
    c  answer recording vs raw sqlite3 with the same PRAGMAs
    d  daily fan-out: 1,000 servers posted at one minute through the fake's global rate limit vs its floor
    e  idle scale: N guilds in the fake Discord, RSS and READY → ready vs a bare discord.py client

The big server (b) is generated through the write path once (about 2.5 minutes) and cached under the system
temp dir, keyed by the schema; --fresh generates it again (the full run then takes about 4 minutes).
--smoke runs every benchmark at a tiny size (seconds), for CI to keep the code working; its figures mean nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import answers, bigserver, fanout, idle, latency
from bench.measure import Row
from bench.table import render

ROOT = Path(__file__).resolve().parents[1]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            kib = int(next(line.split()[1] for line in f if line.startswith("MemTotal")))
            memory = f", {kib / 1024**2:.0f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs{memory}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{platform.system()} {platform.release()}"
    )


def run_suite(name: str, smoke: bool) -> list[Row]:
    """Each benchmark in a fresh interpreter: none inherits another's heap (memory, GC pauses)."""
    command = [sys.executable, "-m", "bench", "--suite", name, *(["--smoke"] if smoke else [])]
    out = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"benchmark {name} failed (exit {out.returncode}); its errors are above")
    return [Row(**fields) for fields in json.loads(out.stdout.strip().splitlines()[-1])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks the benchmarks run, measures nothing")
    parser.add_argument("--only", default="a,b,c,d,e", help="which benchmarks, e.g. --only b,c (default: all)")
    parser.add_argument(
        "--fresh", action="store_true", help="generate the big server again instead of using its cached copy"
    )
    parser.add_argument("--suite", help=argparse.SUPPRESS)  # internal: run one suite, print its rows as JSON
    args = parser.parse_args(argv)
    smoke = args.smoke
    suites: dict[str, Callable[[], list[Row]]] = {
        "a": lambda: latency.run(latency.SMOKE if smoke else latency.FULL),
        "b-cache": lambda: bigserver.fill_cache(bigserver.FULL),
        "b": lambda: bigserver.run(bigserver.SMOKE if smoke else bigserver.FULL, cached=not smoke),
        "c": lambda: answers.run(answers=300 if smoke else 5000, rounds=1 if smoke else 5),
        "d": lambda: fanout.run(fanout.SMOKE if smoke else fanout.FULL),
        "e": lambda: idle.run(idle.SMOKE if smoke else idle.FULL),
    }
    if args.suite:
        print(json.dumps([dataclasses.asdict(row) for row in suites[args.suite]()]))
        return 0
    chosen = {part.strip() for part in args.only.split(",") if part.strip()}
    rows: list[Row] = []
    load_before = os.getloadavg()
    started = time.perf_counter()
    for name in "abcde":
        if name not in chosen:
            continue
        suite_start = time.perf_counter()
        if name == "b" and not smoke and (args.fresh or not bigserver.cache_ready(bigserver.FULL)):
            run_suite("b-cache", smoke)
        rows.extend(run_suite(name, smoke))
        print(f"[{name} done in {time.perf_counter() - suite_start:.0f} s]", file=sys.stderr, flush=True)
    print(f"studybot bench{' --smoke' if smoke else ''} — {machine()}")
    load_after = os.getloadavg()
    print(
        f"total {time.perf_counter() - started:.0f} s; load average (1 min) {load_before[0]:.2f} at the start,"
        f" {load_after[0]:.2f} at the end\n"
    )
    print(render(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
