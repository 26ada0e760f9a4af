"""A process killed with SIGKILL in the middle of a write burst leaves a sound database that holds every
answer whose write had returned."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.store import Database

ROOT = Path(__file__).resolve().parents[2]
ACKNOWLEDGED_BEFORE_KILL = 400


async def test_sigkill_during_writes_loses_no_committed_answer(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.store.crash_writer", str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    lines: list[bytes] = []
    try:
        while len(lines) < ACKNOWLEDGED_BEFORE_KILL:
            line = proc.stdout.readline()
            assert line, f"the writer stopped early: {proc.stderr.read().decode() if proc.stderr else ''}"
            lines.append(line)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    lines.extend(proc.stdout.readlines())  # printed before the kill, still in the pipe
    proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    acknowledged = {int(line) for line in lines if line.endswith(b"\n")}  # a cut-off last line was not a full ack
    assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = {row[0] for row in conn.execute("SELECT user_id FROM quiz_attempts")}
    conn.close()
    assert acknowledged <= stored, f"lost: {sorted(acknowledged - stored)[:10]}"

    reopened = await Database.open(path)  # quick_check at start passes, no migration to do
    try:
        assert reopened.migrated_from == reopened.schema_version
    finally:
        await reopened.close()
