"""`python -m bench --smoke` keeps working: every built benchmark runs at a tiny size and prints its rows.
No figure is asserted (speed targets belong to the benchmark, not to tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_smoke_sized_bench_runs_and_prints_every_benchmark() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke"], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr[-3000:]
    rows = [line for line in out.stdout.splitlines() if line.startswith("| ") and not line.startswith("| |")]
    by_bench = {line.split("|")[1].strip() for line in rows}
    assert by_bench == {"a", "b", "c", "d", "e"}
    for measure in ("/quiz start p50", "answer click p99", "engine answer_channel, 32 at once", "/study export"):
        assert measure in out.stdout
    assert "fire → all posted" in out.stdout and "discord.py ready → ready for commands" in out.stdout
