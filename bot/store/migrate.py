"""Numbered SQL migrations (migrations/NNNN_name.sql), each applied in one transaction.

The schema version is PRAGMA user_version: migration N sets it to N in the same transaction as its
statements, so a failed migration leaves the previous version and no half-made tables. A database whose
version is newer than the last migration is refused (an older studybot must not write to it).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from importlib import resources

from bot.store.errors import DatabaseTooNew, MigrationError

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# Each migration runs inside the transaction opened here; a script must not end or open one itself.
_TRANSACTION_CONTROL = re.compile(
    r"^\s*(BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?|COMMIT|END\s+TRANSACTION|ROLLBACK)\s*;",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> tuple[Migration, ...]:
    """The migrations shipped in the package, in order; their numbers must run 1, 2, 3, ... without gaps."""
    folder = resources.files("bot.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort(key=lambda m: m.version)
    check_migrations(found)
    return tuple(found)


def check_migrations(migrations: list[Migration] | tuple[Migration, ...]) -> None:
    for number, migration in enumerate(migrations, start=1):
        if migration.version != number:
            raise MigrationError(
                f"마이그레이션 번호가 1부터 빠짐없이 이어져야 합니다: {migration.name} (기대한 번호 {number})"
            )
        if _TRANSACTION_CONTROL.search(migration.sql):
            raise MigrationError(
                f"{migration.name}: 트랜잭션은 마이그레이션 실행기가 엽니다. BEGIN/COMMIT 을 빼 주세요."
            )


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def _foreign_key_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA foreign_key_check").fetchall()
    return [f"{row[0]} 행 {row[1]} → {row[2]}" for row in rows]


def migrate(
    conn: sqlite3.Connection, migrations: tuple[Migration, ...] | None = None, *, target: int | None = None
) -> tuple[int, int]:
    """Bring the database up to `target` (default: the last migration). Returns (version before, after).

    `conn` must be in autocommit mode (isolation_level=None) and outside a transaction.

    Foreign keys are off while the migrations run and `PRAGMA foreign_key_check` must be empty before each
    one commits: SQLite's procedure for changing a table (create the new table, copy, drop, rename) needs
    both, else dropping the old table would cascade or fail. A migration that leaves a dangling reference
    is rolled back whole. The connection's foreign_keys setting is restored afterwards.
    """
    migrations = load_migrations() if migrations is None else migrations
    check_migrations(migrations)
    latest = migrations[-1].version if migrations else 0
    target = latest if target is None else target
    before = schema_version(conn)
    if before > latest:
        raise DatabaseTooNew(before, latest)
    pending = [m for m in migrations if before < m.version <= target]
    if not pending:
        return before, before
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction, so set before BEGIN
    try:
        for migration in pending:
            _apply(conn, migration)
    finally:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    return before, schema_version(conn)


def _apply(conn: sqlite3.Connection, migration: Migration) -> None:
    try:
        # executescript commits a pending transaction first, so the transaction is part of the script;
        # it stays open after the script so that the foreign keys are checked before COMMIT.
        conn.executescript(f"BEGIN IMMEDIATE;\n{migration.sql}\n;\nPRAGMA user_version = {migration.version};")
        problems = _foreign_key_problems(conn)
        if problems:
            conn.execute("ROLLBACK")
            raise MigrationError(
                f"마이그레이션 {migration.name} 이(가) 외래 키를 깨뜨려 되돌렸습니다 (버전 {schema_version(conn)} 유지): "
                + "; ".join(problems[:5])
            )
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise MigrationError(
            f"마이그레이션 {migration.name} 이(가) 실패해 되돌렸습니다 (버전 {schema_version(conn)} 유지): {exc}"
        ) from exc
