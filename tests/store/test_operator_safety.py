"""Operator safety: migrations keep foreign keys whole, an existing database is backed up before it is
migrated, and `studybot export` / `studybot backup` only ever read the file."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import Database, MigrationError, StoreError
from bot.store.backup import pre_migration_path
from bot.store.errors import DatabaseTooOld
from bot.store.migrate import Migration, load_migrations, migrate, schema_version
from tests.store.support import docker_course, services_for

LATEST = len(load_migrations())
GUILD = 10

PARENT_CHILD = Migration(
    1,
    "0001_parent_child.sql",
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
    "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);",
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def seeded(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, (PARENT_CHILD,))
    conn.executescript("INSERT INTO parent VALUES (1, 'a'), (2, 'b'); INSERT INTO child VALUES (10, 1), (20, 2);")
    return conn


# -- migrations and foreign keys ---------------------------------------------------------------------


def test_a_migration_that_would_break_a_foreign_key_is_rolled_back(tmp_path: Path) -> None:
    conn = seeded(tmp_path / "fk.db")
    breaking = Migration(
        2, "0002_drop_b.sql", "ALTER TABLE parent ADD COLUMN note TEXT;\nDELETE FROM parent WHERE id = 2;"
    )
    with pytest.raises(MigrationError, match=r"0002_drop_b\.sql.*외래 키"):
        migrate(conn, (PARENT_CHILD, breaking))
    assert schema_version(conn) == 1
    assert conn.execute("SELECT id FROM parent ORDER BY id").fetchall() == [(1,), (2,)]
    assert "note" not in [row[1] for row in conn.execute("PRAGMA table_info(parent)")]
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # the caller's setting is back
    assert not conn.in_transaction


def test_a_table_rebuild_keeps_the_rows_that_reference_it(tmp_path: Path) -> None:
    """SQLite's 12-step table change: with foreign keys on, DROP TABLE parent would delete every child."""
    conn = seeded(tmp_path / "rebuild.db")
    rebuild = Migration(
        2,
        "0002_rebuild_parent.sql",
        "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (length(name) <= 10));\n"
        "INSERT INTO parent_new SELECT id, name FROM parent;\n"
        "DROP TABLE parent;\n"
        "ALTER TABLE parent_new RENAME TO parent;",
    )
    assert migrate(conn, (PARENT_CHILD, rebuild)) == (1, 2)
    assert conn.execute("SELECT id, parent_id FROM child ORDER BY id").fetchall() == [(10, 1), (20, 2)]
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


# -- the automatic backup before a migration -----------------------------------------------------------


def version_one_database(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    conn.executescript(
        "INSERT INTO guilds (guild_id, channel_id) VALUES (7, 70);"
        "INSERT INTO members VALUES (7, 100, '민지', '2024-11-30T00:00:00.000000+00:00');"
    )
    conn.close()


async def test_an_existing_database_is_backed_up_before_it_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "studybot.db"
    version_one_database(path)
    db = await Database.open(path)
    await db.close()
    backup = pre_migration_path(path, LATEST)
    assert backup.name == f"studybot.db.pre-v{LATEST}"
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1  # the state before the migration
        assert copy.execute("SELECT display_name FROM members").fetchall() == [("민지",)]
    finally:
        copy.close()


async def test_a_new_or_current_database_gets_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    for _ in range(2):  # created, then reopened at the latest version
        db = await Database.open(path)
        await db.close()
    assert sorted(p.name for p in tmp_path.iterdir() if ".pre-v" in p.name) == []


# -- read-only commands ---------------------------------------------------------------------------------


async def studied_database(path: Path) -> None:
    db = await Database.open(path)
    try:
        progress = services_for(db, docker_course()).progress
        concept = docker_course().concepts[0]
        await progress.record_read(GUILD, 1, "민지", concept.id)
        question = docker_course().questions_for(concept.id)[0]
        session = await db.quizzes.create_quiz_session(GUILD, [question.id], user_id=1, display_name="민지")
        await db.quizzes.add_attempt(GUILD, 1, "민지", session.session_id, question.id, "답", True)
    finally:
        await db.close()


async def test_export_reads_a_read_only_file_and_never_changes_it(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "studybot.db"
    await studied_database(path)
    path.chmod(0o444)
    before = digest(path)
    code = await asyncio.to_thread(main, ["export", "--guild", str(GUILD), "--db", str(path)])
    assert code == 0
    [row] = list(csv.DictReader(io.StringIO(capfdbinary.readouterr().out.decode("utf-8-sig"))))
    assert (row["display_name"], row["concepts_read"], row["quiz_correct"]) == ("민지", "1", "1")
    assert digest(path) == before
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LATEST


async def test_export_refuses_an_older_database_and_leaves_it_as_it_was(
    tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    path = tmp_path / "old.db"
    version_one_database(path)
    before = digest(path)
    code = await asyncio.to_thread(main, ["export", "--guild", "7", "--db", str(path)])
    assert code == 1
    err = capfdbinary.readouterr().err.decode()
    assert f"버전 1 은(는) 이 studybot 이 기대하는 버전 {LATEST} 보다 오래되었습니다" in err
    assert "봇을 한 번 실행해" in err
    assert digest(path) == before
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    assert not pre_migration_path(path, LATEST).exists()


async def test_backup_copies_an_older_database_without_migrating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.db"
    version_one_database(path)
    before = digest(path)
    assert await asyncio.to_thread(main, ["backup", str(tmp_path / "copy.db"), "--db", str(path)]) == 0
    assert "스키마 버전 1" in capsys.readouterr().out
    assert digest(path) == before
    assert sqlite3.connect(tmp_path / "copy.db").execute("SELECT count(*) FROM members").fetchone()[0] == 1


async def test_export_beside_the_running_bot_reads_its_commits_and_starts_no_writer(
    db: Database, tmp_path: Path
) -> None:
    await db.guilds.upsert_member(GUILD, 1, "민지")
    reader = await Database.open_read_only(db.path)
    try:
        minji = await reader.guilds.get_member(GUILD, 1)
        assert minji is not None and minji.display_name == "민지"
        assert await reader.guilds.get_member(GUILD, 2) is None
        with pytest.raises(StoreError, match="읽기 전용"):
            await reader.guilds.upsert_member(GUILD, 2, "준호")
        await db.guilds.upsert_member(GUILD, 2, "준호")  # the bot keeps writing meanwhile
        joined = await reader.guilds.get_member(GUILD, 2)  # the reader sees the bot's commit
        assert joined is not None and joined.display_name == "준호"
    finally:
        await reader.close()


async def test_opening_read_only_refuses_an_older_schema(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    version_one_database(path)
    with pytest.raises(DatabaseTooOld):
        await Database.open_read_only(path)
    with pytest.raises(StoreError, match="없습니다"):
        await Database.open_read_only(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
