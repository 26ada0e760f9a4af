"""The SQLite connections: one writer behind a single writer task, and a small pool of readers.

Every write is a function of a `sqlite3.Connection` run on the writer connection's thread inside a
transaction (BEGIN IMMEDIATE ... COMMIT). Writes that arrive while a transaction is being committed wait
and are then committed together, each inside its own savepoint: one failing write is rolled back alone,
the others commit (group commit). A caller's `await write(...)` returns only after the COMMIT that holds
its change has returned, so a change that was reported done survives a crash of the process.

Journal WAL with synchronous=NORMAL: a commit is appended to the WAL without an fsync, so it survives a
killed or crashed process (the OS keeps the file), and the database is never corrupted; only a power
cut or kernel crash can lose the last commits before the next checkpoint. For quiz answers and reads that
is the right trade (FULL would fsync on every commit); nothing here is worth more than that.

Reads run on a pool of READERS read-only connections, each in its own snapshot, so they never wait behind
writes nor, up to READERS at once, behind each other (a long report does not hold up `/concept list`).

Why plain sqlite3 connections on dedicated threads and not aiosqlite (decided by benchmark c, bench/answers.py):
`write` and `read` take a function of a `sqlite3.Connection` and run it whole, as one transaction, on the
connection's thread. aiosqlite's public API has no way to run such a function (only its private
`Connection._execute` does, which is why aiosqlite was pinned below 0.23); through its public API every
statement is a separate hop to its thread and back. With the same group commit and 32 members answering at
once, the public-API writer recorded 0.12-0.31x the answers/s of raw sqlite3 (one INSERT per commit) in
two runs, this engine 1.08-1.62x (bench/README.md): 5 to 9 times the public-API rate. So the engine owns its
threads: one hop per transaction, and no private API of anyone. Readers take functions too, so they are plain threads as well.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Self, TypeVar

from bot.config import DEFAULT_TIMEZONE
from bot.store.backup import backup_before_migration
from bot.store.connections import (
    ANALYSIS_LIMIT,
    BUSY_TIMEOUT_MS,
    JOURNAL_SIZE_LIMIT,
    ConnectionThread,
    common_pragmas,
    connect,
    connect_read_only,
)
from bot.store.errors import DatabaseCorrupt, DatabaseTooNew, DatabaseTooOld, StoreError
from bot.store.migrate import load_migrations, migrate, schema_version

log = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], datetime]

__all__ = ["BUSY_TIMEOUT_MS", "Clock", "Engine", "utc_now"]

MAX_BATCH = 500  # writes committed together at most; bounds one transaction's latency
READERS = 4  # reader connections; each is a thread and a page cache (~2 MB)
_CORRUPT_CODES = {"SQLITE_CORRUPT", "SQLITE_NOTADB"}


def utc_now() -> datetime:
    return datetime.now(UTC)


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorname", "") in _CORRUPT_CODES or "malformed" in str(exc)


def _opening_error(path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    if _is_corruption(exc):
        return DatabaseCorrupt(
            f"{path} 은(는) 손상되었거나 SQLite 데이터베이스가 아닙니다 ({exc}). 백업에서 복원하세요."
        )
    return StoreError(f"{path} 을(를) 열 수 없습니다: {exc}")


def _has_content(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def _prepare_writer(path: Path, conn: sqlite3.Connection) -> tuple[int, int]:
    """PRAGMAs, quick_check, a backup when an existing database is about to change, migrations.
    Returns the schema version before and after."""
    try:
        common_pragmas(conn)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("journal_mode=WAL is not available for %s (got %s); concurrency will be lower", path, mode)
        conn.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        version, existing = schema_version(conn), _has_content(conn)
    except sqlite3.DatabaseError as exc:
        raise _opening_error(path, exc) from exc
    if problems != ["ok"]:
        shown = "; ".join(problems[:5])
        raise DatabaseCorrupt(
            f"{path} 의 무결성 검사(quick_check)가 실패했습니다: {shown}. 봇을 멈추고 백업에서 복원하세요."
        )
    migrations = load_migrations()
    latest = migrations[-1].version if migrations else 0
    if existing and version < latest:
        backup = backup_before_migration(conn, path, latest)
        log.info("database %s backed up to %s before migrating to schema version %d", path, backup, latest)
    return migrate(conn, migrations)


def _prepare_reader(conn: sqlite3.Connection) -> int:
    common_pragmas(conn)
    conn.execute("PRAGMA query_only = ON")
    return schema_version(conn)


def _check_read_only(path: Path, conn: sqlite3.Connection) -> int:
    """The schema of a database opened read-only must be exactly the code's: nothing may migrate it here."""
    try:
        version = schema_version(conn)
    except sqlite3.DatabaseError as exc:
        raise _opening_error(path, exc) from exc
    migrations = load_migrations()
    latest = migrations[-1].version if migrations else 0
    if version > latest:
        raise DatabaseTooNew(version, latest)
    if version < latest:
        raise DatabaseTooOld(version, latest)
    return version


def _optimize(conn: sqlite3.Connection) -> None:
    # SQLite's advice for long-lived connections: let it refresh the statistics the planner needs at close.
    try:
        conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        conn.execute("PRAGMA optimize")
    except sqlite3.Error as exc:  # only statistics: closing must go on
        log.warning("PRAGMA optimize failed at close: %s", exc)


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


class ReaderPool:
    """READERS connections; a read takes an idle one, so at most READERS reads run at once."""

    def __init__(self, readers: list[ConnectionThread]) -> None:
        self._readers = readers
        self._idle: asyncio.Queue[ConnectionThread] = asyncio.Queue()
        for reader in readers:
            self._idle.put_nowait(reader)

    @classmethod
    async def open(
        cls, opener: Callable[[], sqlite3.Connection], prepare: Callable[[sqlite3.Connection], Any], count: int
    ) -> ReaderPool:
        readers: list[ConnectionThread] = []
        try:
            for number in range(count):
                reader = ConnectionThread(f"studybot-db-reader-{number}")
                await reader.open(opener)
                readers.append(reader)
                await reader.run(prepare)
        except BaseException:
            for reader in readers:
                await reader.close()
            raise
        return cls(readers)

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        reader = await self._idle.get()
        try:
            return await reader.run(partial(_in_snapshot, fn))
        finally:
            self._idle.put_nowait(reader)

    async def close(self) -> None:
        """Wait for the reads in progress (each gives its connection back), then close every connection."""
        for _ in self._readers:
            await self._idle.get()
        for reader in self._readers:
            await reader.close()


class Engine:
    """Connections, the writer task and the read/write primitives. Use `Database.open`."""

    def __init__(
        self,
        path: Path,
        writer: ConnectionThread | None,
        reader: ReaderPool,
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
        self._readers = reader
        self._pending: list[tuple[Callable[[sqlite3.Connection], Any], asyncio.Future[Any]]] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._writer_task = (
            asyncio.create_task(self._write_loop(writer), name="studybot-db-writer") if writer is not None else None
        )

    @staticmethod
    async def _connect(path: Path) -> tuple[ConnectionThread, ReaderPool, int, int]:
        if path.is_dir():
            raise StoreError(f"{path} 은(는) 폴더입니다. STUDYBOT_DB 에는 파일 경로를 주세요 (예: /data/studybot.db).")
        writer = ConnectionThread("studybot-db-writer")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            await writer.open(partial(connect, path))
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(
                f"{path} 을(를) 열거나 만들 수 없습니다 ({exc}). 폴더가 있고 봇 사용자가 쓸 수 있는지 확인하세요."
            ) from exc
        try:
            before, after = await writer.run(partial(_prepare_writer, path))
            readers = await ReaderPool.open(partial(connect, path), _prepare_reader, READERS)
        except BaseException:
            await writer.close()
            raise
        if before != after:
            log.info("database %s migrated from schema version %d to %d", path, before, after)
        return writer, readers, before, after

    @classmethod
    async def open_read_only(
        cls, path: Path | str, *, clock: Clock = utc_now, default_timezone: str = DEFAULT_TIMEZONE
    ) -> Self:
        """Readers only, on a file that is never written: no migration, no writer beside a running bot.

        Raises DatabaseTooOld / DatabaseTooNew when the schema is not the code's, StoreError when the
        file is missing or cannot be read. `write` on it raises StoreError.
        """
        path = Path(path)
        if not path.is_file():
            raise StoreError(f"데이터베이스 파일 {path} 이(가) 없습니다. STUDYBOT_DB 또는 --db 를 확인하세요.")
        try:
            readers = await ReaderPool.open(partial(connect_read_only, path), partial(_check_read_only, path), 1)
        except sqlite3.DatabaseError as exc:
            raise _opening_error(path, exc) from exc
        version = await readers.run(schema_version)
        return cls(
            path,
            None,
            readers,
            clock=clock,
            default_timezone=default_timezone,
            migrated_from=version,
            schema_version=version,
        )

    async def write(self, op: Callable[[sqlite3.Connection], T]) -> T:
        """Run op in a write transaction; returns once its COMMIT has returned."""
        if self._closing:
            raise StoreError("데이터베이스가 이미 닫혔습니다.")
        if self._writer_task is None:
            raise StoreError("데이터베이스를 읽기 전용으로 열었습니다. 쓰기는 실행 중인 봇만 합니다.")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._pending.append((op, future))
        self._wake.set()
        return await future

    async def read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run fn on a read-only connection of the pool, in one snapshot."""
        if self._closing:
            raise StoreError("데이터베이스가 이미 닫혔습니다.")
        return await self._readers.run(fn)

    async def _write_loop(self, writer: ConnectionThread) -> None:
        while True:
            if not self._pending:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
            try:
                outcomes = await writer.run(partial(_apply_batch, ops=[op for op, _ in batch]))
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
        """Finish the writes already asked for, then close the connections (the writer last, after PRAGMA optimize)."""
        if self._closing:
            return
        self._closing = True
        self._wake.set()
        try:
            if self._writer_task is not None:
                await self._writer_task
        finally:
            await self._readers.close()
            if self._writer is not None:
                await self._writer.close(before=_optimize)
