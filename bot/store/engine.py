"""The SQLite connections: one writer behind a single writer task, one read-only reader.

Every write is a function of a `sqlite3.Connection` run on the writer connection's thread inside a
transaction (BEGIN IMMEDIATE ... COMMIT). Writes that arrive while a transaction is being committed wait
and are then committed together, each inside its own savepoint: one failing write is rolled back alone,
the others commit (group commit). A caller's `await write(...)` returns only after the COMMIT that holds
its change has returned, so a change that was reported done survives a crash of the process.

Journal WAL with synchronous=NORMAL: a commit is appended to the WAL without an fsync, so it survives a
killed or crashed process (the OS keeps the file), and the database is never corrupted; only a power
cut or kernel crash can lose the last commits before the next checkpoint. For quiz answers and reads that
is the right trade (FULL would fsync on every commit); nothing here is worth more than that.

Reads run on a second connection (query_only) in their own snapshot, so they never wait behind writes.
Both connections run whole functions on aiosqlite's thread (one queue hop per transaction); see `_on_thread`.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar, cast

import aiosqlite

from bot.store.errors import DatabaseCorrupt, StoreError
from bot.store.migrate import migrate, schema_version

log = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], datetime]

BUSY_TIMEOUT_MS = 5000
MAX_BATCH = 500  # writes committed together at most; bounds one transaction's latency
_CORRUPT_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


def utc_now() -> datetime:
    return datetime.now(UTC)


async def _on_thread(conn: aiosqlite.Connection, fn: Callable[[sqlite3.Connection], T]) -> T:
    """Run fn(sqlite3 connection) on the aiosqlite connection's own thread.

    aiosqlite's public methods each cost one hop to its thread per statement; a transaction of five
    statements would cost five. `_execute` is the primitive all of them use (queue a callable on the
    connection's thread), so a whole transaction here costs one hop and can never interleave with
    another. It has kept this signature since aiosqlite 0.17.
    """
    raw = conn._conn
    result = await conn._execute(fn, raw)  # type: ignore[no-untyped-call]
    return cast(T, result)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorname", "") in _CORRUPT_CODES or "malformed" in str(exc)


def _common_pragmas(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")


def _prepare_writer(path: Path, conn: sqlite3.Connection) -> tuple[int, int]:
    """PRAGMAs, quick_check, migrations. Returns the schema version before and after."""
    try:
        _common_pragmas(conn)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("journal_mode=WAL is not available for %s (got %s); concurrency will be lower", path, mode)
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        if _is_corruption(exc):
            raise DatabaseCorrupt(
                f"{path} 은(는) 손상되었거나 SQLite 데이터베이스가 아닙니다 ({exc}). 백업에서 복원하세요."
            ) from exc
        raise StoreError(f"{path} 을(를) 열 수 없습니다: {exc}") from exc
    if problems != ["ok"]:
        shown = "; ".join(problems[:5])
        raise DatabaseCorrupt(
            f"{path} 의 무결성 검사(quick_check)가 실패했습니다: {shown}. 봇을 멈추고 백업에서 복원하세요."
        )
    return migrate(conn)


def _prepare_reader(conn: sqlite3.Connection) -> int:
    _common_pragmas(conn)
    conn.execute("PRAGMA query_only = ON")
    return schema_version(conn)


def _apply_batch(conn: sqlite3.Connection, ops: list[Callable[[sqlite3.Connection], Any]]) -> list[tuple[bool, Any]]:
    """One transaction for the batch; each op in a savepoint so that its failure undoes only itself."""
    outcomes: list[tuple[bool, Any]] = []
    single = len(ops) == 1
    conn.execute("BEGIN IMMEDIATE")
    try:
        for op in ops:
            if not single:
                conn.execute("SAVEPOINT op")
            try:
                value = op(conn)
            except Exception as exc:
                if not conn.in_transaction:
                    raise  # SQLite ended the whole transaction (I/O error, disk full): nothing in it stands
                if single:
                    conn.execute("ROLLBACK")
                    return [(False, exc)]
                conn.execute("ROLLBACK TO op")
                conn.execute("RELEASE op")
                outcomes.append((False, exc))
            else:
                if not single:
                    conn.execute("RELEASE op")
                outcomes.append((True, value))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return outcomes


def _in_snapshot(fn: Callable[[sqlite3.Connection], T], conn: sqlite3.Connection) -> T:
    conn.execute("BEGIN")
    try:
        return fn(conn)
    finally:
        if conn.in_transaction:  # an error may have ended it already
            conn.execute("COMMIT")


class Engine:
    """Connections, the writer task and the read/write primitives. Use `Database.open`."""

    def __init__(
        self,
        path: Path,
        writer: aiosqlite.Connection,
        reader: aiosqlite.Connection,
        *,
        clock: Clock,
        default_timezone: str,
        migrated_from: int,
        schema_version: int,
    ) -> None:
        self.path = path
        self.clock = clock
        self.default_timezone = default_timezone
        self.migrated_from = migrated_from
        self.schema_version = schema_version
        self._writer = writer
        self._reader = reader
        self._pending: list[tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any]]] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._writer_task = asyncio.create_task(self._write_loop(), name="studybot-db-writer")

    @staticmethod
    async def _connect(path: Path) -> tuple[aiosqlite.Connection, aiosqlite.Connection, int, int]:
        if path.is_dir():
            raise StoreError(f"{path} 은(는) 폴더입니다. STUDYBOT_DB 에는 파일 경로를 주세요 (예: /data/studybot.db).")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"{path} 을(를) 열거나 만들 수 없습니다 ({exc}). 폴더가 있고 봇 사용자가 쓸 수 있는지 확인하세요."
            ) from exc
        try:
            before, after = await _on_thread(writer, partial(_prepare_writer, path))
            reader = await aiosqlite.connect(path, isolation_level=None)
        except BaseException:
            await writer.close()
            raise
        try:
            await _on_thread(reader, _prepare_reader)
        except BaseException:
            await reader.close()
            await writer.close()
            raise
        if before != after:
            log.info("database %s migrated from schema version %d to %d", path, before, after)
        return writer, reader, before, after

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T:
        """Run op in a write transaction; returns once its COMMIT has returned."""
        if self._closing:
            raise StoreError("데이터베이스가 이미 닫혔습니다.")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((op, future))
        self._wake.set()
        return await future

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run fn on the read-only connection, in one snapshot."""
        if self._closing:
            raise StoreError("데이터베이스가 이미 닫혔습니다.")
        return await _on_thread(self._reader, partial(_in_snapshot, fn))

    async def _write_loop(self) -> None:
        while True:
            if not self._pending:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                outcomes = await _on_thread(self._writer, partial(_apply_batch, ops=[op for op, _ in batch]))
            except BaseException as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                if isinstance(exc, asyncio.CancelledError):
                    raise
                log.error("a write transaction failed: %s", exc)
                continue
            for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
                if future.done():  # the caller was cancelled; its change is committed all the same
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)

    async def close(self) -> None:
        """Finish the writes already asked for, then close both connections."""
        if self._closing:
            return
        self._closing = True
        self._wake.set()
        try:
            await self._writer_task
        finally:
            await self._reader.close()
            await self._writer.close()
