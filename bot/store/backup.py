"""A consistent copy of a live database with SQLite's online backup API.

The copy is taken in one step inside a read transaction, so it is one snapshot of the database; in WAL
mode the bot keeps writing meanwhile. It is written next to the target and renamed into place only
after its integrity check passed, so a failed backup never leaves a half-written file under the name.

`studybot backup` opens the source read-only (SQLite's mode=ro): it never migrates nor writes the file, and
it copies a database of any schema version (an old one is exactly what one wants to keep before an upgrade).
The engine calls `backup_before_migration` before it migrates an existing database.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.store.connections import connect_read_only
from bot.store.errors import DatabaseCorrupt, StoreError


@dataclass(frozen=True)
class BackupResult:
    target: Path
    bytes: int
    schema_version: int
    tables: dict[str, int]  # rows per table in the copy


def copy_database(src: sqlite3.Connection, target: Path) -> BackupResult:
    """Copy what `src` sees (one snapshot) to `target`, checked, as one self-contained file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(partial)
        try:
            src.backup(dest)  # all pages in one step: one consistent snapshot
            dest.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
            problems = [row[0] for row in dest.execute("PRAGMA integrity_check").fetchall()]
            if problems != ["ok"]:
                raise DatabaseCorrupt(f"백업 사본의 무결성 검사가 실패했습니다: {'; '.join(problems[:5])}")
            version = dest.execute("PRAGMA user_version").fetchone()[0]
            names = [r[0] for r in dest.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            tables = {name: dest.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
        finally:
            dest.close()
    except (sqlite3.DatabaseError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"백업에 실패했습니다: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return BackupResult(target, target.stat().st_size, version, tables)


def backup_database(source: Path, target: Path) -> BackupResult:
    if not source.is_file():
        raise StoreError(f"데이터베이스 파일 {source} 이(가) 없습니다. STUDYBOT_DB 또는 --db 를 확인하세요.")
    if target.resolve() == source.resolve():
        raise StoreError("백업 파일은 원본 데이터베이스와 다른 경로여야 합니다.")
    try:
        src = connect_read_only(source)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source} 을(를) 읽기 전용으로 열 수 없습니다: {exc}") from exc
    try:
        return copy_database(src, target)
    finally:
        src.close()


def pre_migration_path(db_path: Path, version: int) -> Path:
    """`<db>.pre-v<N>`: the database as it was before it was migrated to schema version N."""
    return db_path.with_name(f"{db_path.name}.pre-v{version}")


def backup_before_migration(conn: sqlite3.Connection, db_path: Path, version: int) -> Path:
    """Copy the database (through the writer's own connection) before migrating it to `version`.

    A failed copy stops the start: an upgrade without a way back is not worth the risk.
    """
    target = pre_migration_path(db_path, version)
    try:
        copy_database(conn, target)
    except StoreError as exc:
        raise StoreError(
            f"마이그레이션 전 백업 {target} 을(를) 만들지 못해 마이그레이션하지 않았습니다: {exc}. "
            "디스크 공간과 폴더 권한을 확인하세요."
        ) from exc
    return target
