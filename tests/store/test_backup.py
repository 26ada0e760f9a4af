"""Backups: a consistent, valid copy while the bot keeps writing; `studybot backup` on the command line."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.store import Database
from bot.store.backup import backup_database
from bot.store.migrate import load_migrations

ITEMS = ["q1", "q2", "q3"]


async def keep_writing(db: Database, stop: asyncio.Event) -> int:
    """Quizzes of three questions (one transaction each) and answers, by many members at once."""
    written = 0

    async def member(user: int) -> None:
        nonlocal written
        while not stop.is_set():
            quiz = await db.quizzes.create_quiz_session(1, ITEMS, user_id=user, display_name=f"멤버{user}")
            await db.quizzes.add_attempt(1, user, f"멤버{user}", quiz.session_id, "q1", "A", True)
            written += 1

    await asyncio.gather(*(member(user) for user in range(8)))
    return written


def check_copy(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(load_migrations())
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        # every quiz in the copy has all of its questions: no transaction was copied half-way
        partial = conn.execute(
            "SELECT count(*) FROM quiz_sessions s WHERE (SELECT count(*) FROM quiz_items i"
            " WHERE i.session_id = s.session_id) != ?",
            (len(ITEMS),),
        ).fetchone()[0]
        assert partial == 0
        sessions: int = conn.execute("SELECT count(*) FROM quiz_sessions").fetchone()[0]
        return sessions
    finally:
        conn.close()


async def test_backup_while_writing_is_a_valid_consistent_copy(db: Database, tmp_path: Path) -> None:
    stop = asyncio.Event()
    writers = asyncio.create_task(keep_writing(db, stop))
    while await db.read(lambda c: c.execute("SELECT count(*) FROM quiz_attempts").fetchone()[0]) < 50:
        await asyncio.sleep(0.01)
    result = await asyncio.to_thread(backup_database, db.path, tmp_path / "backups" / "copy.db")
    more = await db.read(lambda c: c.execute("SELECT count(*) FROM quiz_sessions").fetchone()[0])
    stop.set()
    await writers
    final = await db.read(lambda c: c.execute("SELECT count(*) FROM quiz_sessions").fetchone()[0])

    copied = check_copy(result.target)
    assert 50 <= copied <= final
    assert more <= final
    assert result.tables["quiz_sessions"] == copied
    assert not (tmp_path / "backups" / ".copy.db.partial").exists()


async def test_backup_command_while_the_bot_writes(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stop = asyncio.Event()
    writers = asyncio.create_task(keep_writing(db, stop))
    await asyncio.sleep(0.05)
    folder = tmp_path / "nightly"
    folder.mkdir()
    code = await asyncio.to_thread(main, ["backup", str(folder), "--db", str(db.path)])
    stop.set()
    await writers
    assert code == 0
    [made] = list(folder.glob("studybot-*.db"))
    check_copy(made)
    out = capsys.readouterr().out
    assert "✓ 백업 완료" in out and "무결성 검사 통과" in out


async def test_backup_command_reads_the_database_from_the_environment(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    await db.guilds.upsert_member(1, 5, "민지")
    monkeypatch.setenv("STUDYBOT_DB", str(db.path))
    assert await asyncio.to_thread(main, ["backup", str(tmp_path / "copy.db")]) == 0
    assert "멤버 1명" in capsys.readouterr().out


def test_backup_of_a_missing_database_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", str(tmp_path / "copy.db"), "--db", str(tmp_path / "nothing.db")]) == 1
    assert "없습니다" in capsys.readouterr().out
    assert not (tmp_path / "copy.db").exists()


async def test_writes_after_a_backup_do_not_touch_the_copy(db: Database, tmp_path: Path) -> None:
    await db.quizzes.create_quiz_session(1, ITEMS, channel_id=3, closes_at=db.clock() + timedelta(minutes=1))
    copy = await asyncio.to_thread(backup_database, db.path, tmp_path / "copy.db")
    await db.quizzes.create_quiz_session(1, ITEMS, channel_id=3, closes_at=db.clock() + timedelta(minutes=1))
    assert check_copy(copy.target) == 1
