"""SQLite connections, each owned by one dedicated thread, and how they are opened.

A `ConnectionThread` runs whole functions of a `sqlite3.Connection` on its own thread, one at a time, so a
transaction of many statements costs one hop between the event loop and the thread. The sqlite3 module
releases the GIL while SQLite works, so reader threads run queries in parallel with each other and with
the writer (WAL).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000
# The WAL is truncated back to this size after a checkpoint, so one burst of writes does not leave a
# file of hundreds of MB behind for ever.
JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024
# PRAGMA optimize at close reads at most this many rows per index (SQLite's recommended bound), so
# closing a big database stays quick.
ANALYSIS_LIMIT = 400


def common_pragmas(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")


def connect(path: Path) -> sqlite3.Connection:
    """A read-write connection in autocommit mode: the engine writes BEGIN/COMMIT itself."""
    return sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write the file (SQLite's mode=ro), for the operator's commands.

    It never creates the database and never migrates; in WAL mode it still reads the newest commits.
    """
    uri = f"{path.resolve().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


class ConnectionThread:
    """One sqlite3 connection used only by one thread of its own."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._conn: sqlite3.Connection | None = None

    async def open(self, opener: Callable[[], sqlite3.Connection]) -> None:
        loop = asyncio.get_running_loop()
        try:
            self._conn = await loop.run_in_executor(self._executor, opener)
        except BaseException:
            self._executor.shutdown(wait=False)
            raise

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """fn(connection) on this connection's thread. A cancelled caller does not stop fn (it runs whole)."""
        conn = self._conn
        if conn is None:
            raise RuntimeError(f"{self.name}: connection is not open")
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, conn)

    async def close(self, before: Callable[[sqlite3.Connection], object] | None = None) -> None:
        """Run `before` (if any), close the connection on its thread and end the thread."""
        conn, self._conn = self._conn, None
        if conn is not None:

            def finish() -> None:
                try:
                    if before is not None:
                        before(conn)
                finally:
                    conn.close()

            try:
                await asyncio.get_running_loop().run_in_executor(self._executor, finish)
            finally:
                self._executor.shutdown(wait=False)
        else:
            self._executor.shutdown(wait=False)
