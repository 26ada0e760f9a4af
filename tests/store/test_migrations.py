"""Migrations: a blank database gets exactly the latest schema, older ones upgrade keeping their rows,
newer or damaged ones are refused with a clear message.

The expected schema is tests/store/schema.sql. After adding a migration, regenerate it with
    /work/venv/bin/python -m tests.store.test_migrations
and review the diff.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.store import Database, DatabaseCorrupt, DatabaseTooNew, MigrationError, PostKind, PostStatus
from bot.store.migrate import Migration, check_migrations, load_migrations, migrate, schema_version
from bot.store.posts import PostLedger

SNAPSHOT = Path(__file__).with_name("schema.sql")
LATEST = len(load_migrations())


def schema_rows(conn: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()


def schema_text(conn: sqlite3.Connection) -> str:
    """Tables first, so the snapshot can be run as a script."""
    rows = sorted(schema_rows(conn), key=lambda row: (row[0] != "table", row[1]))
    return "\n\n".join(f"{sql};" for _, _, _, sql in rows if sql) + "\n"


def blank_migrated(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn)
    return conn


def test_migration_files_are_numbered_without_gaps() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, LATEST + 1))
    assert LATEST >= 3
    with pytest.raises(MigrationError, match="빠짐없이"):
        check_migrations([Migration(1, "0001_a.sql", ""), Migration(3, "0003_c.sql", "")])
    with pytest.raises(MigrationError, match="BEGIN/COMMIT"):
        check_migrations([Migration(1, "0001_a.sql", "CREATE TABLE t (x);\nCOMMIT;")])


def test_blank_database_migrates_to_exactly_the_latest_schema(tmp_path: Path) -> None:
    conn = blank_migrated(tmp_path / "blank.db")
    assert schema_version(conn) == LATEST
    expected = sqlite3.connect(":memory:")
    expected.executescript(SNAPSHOT.read_text(encoding="utf-8"))
    assert schema_rows(conn) == schema_rows(expected), (
        "the migrated schema differs from tests/store/schema.sql; regenerate it with "
        "`python -m tests.store.test_migrations` and review the diff"
    )
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_second_migrate_changes_nothing(tmp_path: Path) -> None:
    conn = blank_migrated(tmp_path / "twice.db")
    before = schema_rows(conn)
    changes = conn.total_changes
    assert migrate(conn) == (LATEST, LATEST)
    assert schema_rows(conn) == before
    assert conn.total_changes == changes


async def test_version_one_database_upgrades_with_its_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == (0, 1)
    conn.executescript(
        """
        INSERT INTO guilds (guild_id, channel_id, post_time, timezone, course_position) VALUES (7, 70, '08:30', 'Asia/Tokyo', 2);
        INSERT INTO members VALUES (7, 100, '민지', '2024-11-30T00:00:00.000000+00:00');
        INSERT INTO concept_reads VALUES (7, 100, 'c1', '2024-11-30T01:00:00.000000+00:00');
        INSERT INTO posts VALUES (7, '2024-11-30', 'c1', 'sent', 555, NULL, '2024-11-30T00:00:00.000000+00:00');
        INSERT INTO bot_state VALUES ('command_sync', 'abc', '2024-11-30T00:00:00.000000+00:00');
        """
    )
    conn.close()

    db = await Database.open(path)
    try:
        assert (db.migrated_from, db.schema_version) == (1, LATEST)
        guild = await db.guilds.get_guild(7)
        assert (guild.channel_id, guild.timezone, guild.paused_reason) == (70, "Asia/Tokyo", None)
        assert f"{guild.post_time:%H:%M}" == "08:30"
        assert await db.progress.read_concepts(7, 100) == {"c1"}
        assert (await db.guilds.get_member(7, 100)).display_name == "민지"  # type: ignore[union-attr]
        posts = await PostLedger(db).day_posts(7, date(2024, 11, 30))  # kept by 0004 as the day's post number 1
        assert [(p.seq, p.kind, p.concept_id, p.status, p.message_id) for p in posts] == [
            (1, PostKind.CONCEPT, "c1", PostStatus.SENT, 555)
        ]
        assert await db.guilds.get_state("command_sync") == "abc"
        quiz = await db.quizzes.create_quiz_session(7, ["q1"], user_id=100, display_name="민지")
        assert (await db.quizzes.add_attempt(7, 100, "민지", quiz.session_id, "q1", "x", True)).value == "counted"
    finally:
        await db.close()
    upgraded = sqlite3.connect(path)
    assert schema_rows(upgraded) == schema_rows(blank_migrated(tmp_path / "fresh.db"))


async def test_version_two_database_upgrades_with_its_answers_kept(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=2)
    conn.executescript(
        """
        INSERT INTO guilds (guild_id) VALUES (1);
        INSERT INTO members VALUES (1, 5, 'a', '2024-12-01T00:00:00.000000+00:00');
        INSERT INTO quiz_sessions (session_id, guild_id, kind, user_id, created_at) VALUES (1, 1, 'personal', 5, '2024-12-01T00:00:00.000000+00:00');
        INSERT INTO quiz_items VALUES (1, 0, 'q1');
        INSERT INTO quiz_attempts (guild_id, session_id, question_id, user_id, answer, correct, answered_at)
            VALUES (1, 1, 'q1', 5, 'x', 1, '2024-12-01T00:00:01.000000+00:00');
        """
    )
    conn.close()
    db = await Database.open(path)
    try:
        assert db.migrated_from == 2
        assert [(a.question_id, a.correct) for a in await db.quizzes.member_reviews(1, 5)] == [("q1", True)]
        assert await db.missions.get_confirmation(1, 5, "docker-install") is None
    finally:
        await db.close()


async def test_a_database_newer_than_the_code_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(DatabaseTooNew) as refused:
        await Database.open(path)
    assert "99" in str(refused.value) and str(LATEST) in str(refused.value)
    assert "새 버전의 studybot" in str(refused.value) or "더 새 버전" in str(refused.value)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 99


async def test_a_file_that_is_not_a_database_is_reported_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 200)
    with pytest.raises(DatabaseCorrupt, match="손상"):
        await Database.open(path)


async def test_a_damaged_page_fails_quick_check_at_start(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    conn = blank_migrated(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("INSERT INTO guilds (guild_id) VALUES (1)")
    conn.executemany(
        "INSERT INTO members VALUES (1, ?, ?, '2024-12-01T00:00:00.000000+00:00')",
        [(user, "이름" * 20) for user in range(400)],
    )
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    last = (pages - 1) * page_size  # a page of the members table or its index
    data[last : last + page_size] = b"\xff" * page_size
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt):
        await Database.open(path)


def test_a_failing_migration_is_rolled_back_whole(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "fail.db", isolation_level=None)
    migrations = (
        Migration(1, "0001_one.sql", "CREATE TABLE one (x INTEGER);"),
        Migration(2, "0002_two.sql", "CREATE TABLE two (x INTEGER);\nINSERT INTO nowhere VALUES (1);"),
    )
    with pytest.raises(MigrationError, match=r"0002_two\.sql"):
        migrate(conn, migrations)
    assert schema_version(conn) == 1
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"one"}
    assert not conn.in_transaction


async def test_connections_use_the_agreed_pragmas(db: Database) -> None:
    def pragmas(conn: sqlite3.Connection) -> tuple[object, ...]:
        return tuple(
            conn.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout", "query_only")
        )

    assert await db.read(pragmas) == ("wal", 1, 1, 5000, 1)  # synchronous 1 = NORMAL; the reader is read-only
    assert await db.write(pragmas) == ("wal", 1, 1, 5000, 0)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await db.read(lambda c: c.execute("INSERT INTO guilds (guild_id) VALUES (1)"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SNAPSHOT
    target.write_text(schema_text(blank_migrated(Path(":memory:"))), encoding="utf-8")
    print(f"wrote {target}")


async def test_version_three_posts_move_into_the_ledger_and_the_position_counter_goes(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    conn.executescript(
        """
        INSERT INTO guilds (guild_id, channel_id, post_time, course_position) VALUES (7, 70, '09:00', 5);
        INSERT INTO posts VALUES (7, '2024-12-01', 'c1', 'sent', 11, NULL, '2024-12-01T00:00:00.000000+00:00');
        INSERT INTO posts VALUES (7, '2024-12-02', 'c2', 'sent', 12, NULL, '2024-12-02T00:00:00.000000+00:00');
        INSERT INTO posts VALUES (7, '2024-12-03', 'c3', 'pending', NULL, NULL, '2024-12-03T00:00:00.000000+00:00');
        """
    )
    conn.close()
    db = await Database.open(path)
    try:
        ledger = PostLedger(db)
        latest = await ledger.latest_sent(7, PostKind.CONCEPT)
        assert latest is not None and (latest.concept_id, latest.message_id, latest.seq) == ("c2", 12, 1)
        assert await ledger.pending(7) == []
        interrupted = (await ledger.day_posts(7, date(2024, 12, 3)))[0]
        assert (interrupted.status, interrupted.reason) == (PostStatus.FAILED, "interrupted before the upgrade")
        columns = await db.read(lambda c: [r[1] for r in c.execute("PRAGMA table_info(guilds)").fetchall()])
        assert "course_position" not in columns
        assert (await db.guilds.get_guild(7)).channel_id == 70
    finally:
        await db.close()
