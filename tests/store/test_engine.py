"""The engine's connections: reads run in parallel on a pool beside the writer, and close tidies up."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

from bot.store import Database
from bot.store.connections import JOURNAL_SIZE_LIMIT
from bot.store.engine import READERS


def wait_for(event: threading.Event) -> None:
    assert event.wait(10), "the test never released this connection"


async def test_a_long_read_does_not_hold_up_other_reads(db: Database) -> None:
    await db.guilds.upsert_member(1, 1, "민지")
    release = threading.Event()

    def long_report(conn: sqlite3.Connection) -> int:
        wait_for(release)
        return int(conn.execute("SELECT count(*) FROM members").fetchone()[0])

    slow = [asyncio.create_task(db.read(long_report)) for _ in range(READERS - 1)]
    quick = await asyncio.wait_for(db.guilds.get_member(1, 1), 5)  # a free reader answers at once
    assert quick is not None and quick.display_name == "민지"
    assert not any(task.done() for task in slow)
    release.set()
    assert await asyncio.gather(*slow) == [1] * (READERS - 1)


async def test_reads_do_not_wait_for_a_long_write(db: Database) -> None:
    await db.guilds.upsert_member(1, 1, "민지")
    release = threading.Event()

    def long_write(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE members SET display_name = '바뀜'")
        wait_for(release)

    writing = asyncio.create_task(db.write(long_write))
    await asyncio.sleep(0.05)
    member = await asyncio.wait_for(db.guilds.get_member(1, 1), 5)  # its own snapshot: the last commit
    assert member is not None and member.display_name == "민지"
    release.set()
    await writing
    assert (await db.guilds.get_member(1, 1)).display_name == "바뀜"  # type: ignore[union-attr]


async def test_the_writer_bounds_the_wal_and_close_leaves_no_wal(db: Database) -> None:
    assert await db.write(lambda c: c.execute("PRAGMA journal_size_limit").fetchone()[0]) == JOURNAL_SIZE_LIMIT
    await db.guilds.upsert_member(1, 1, "민지")
    await db.close()
    # the last connection to close checkpoints and removes the WAL: a clean close leaves one file
    assert not db.path.with_name(db.path.name + "-wal").exists()
    conn = sqlite3.connect(db.path)
    assert conn.execute("SELECT display_name FROM members").fetchall() == [("민지",)]


async def test_close_refreshes_the_planners_statistics(db: Database) -> None:
    for user in range(20):
        quiz = await db.quizzes.create_quiz_session(1, ["q1", "q2"], user_id=user, display_name="민지")
        await db.quizzes.add_attempt(1, user, "민지", quiz.session_id, "q1", "A", True)
    await db.close()  # PRAGMA optimize: ANALYZE where the writer's queries would have used statistics
    conn = sqlite3.connect(db.path)
    assert conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
