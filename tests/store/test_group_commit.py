"""The engine's writer: one failing write in a group commit leaves the others, and close finishes what was asked."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.store import Database, StoreError

GUILD, OTHER = 111, 222


async def rows(db: Database, sql: str, *params: object) -> list[tuple[object, ...]]:
    return [tuple(r) for r in await db.read(lambda c: c.execute(sql, params).fetchall())]


async def test_one_failing_write_in_a_group_commit_leaves_the_others(db: Database) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO bot_state VALUES ('half', 'x', 'now')")
        raise RuntimeError("boom")

    outcomes = await asyncio.gather(
        *(db.guilds.set_state(f"k{i}", "v") for i in range(20)),
        db.write(broken),
        *(db.guilds.set_state(f"m{i}", "v") for i in range(20)),
        return_exceptions=True,
    )
    assert [type(o).__name__ for o in outcomes if o is not None] == ["RuntimeError"]
    assert await rows(db, "SELECT count(*) FROM bot_state") == [(40,)]
    assert await db.guilds.get_state("half") is None


async def test_close_finishes_the_writes_already_asked_for(db: Database) -> None:
    pending = [asyncio.ensure_future(db.guilds.set_state(f"k{i}", "v")) for i in range(50)]
    await asyncio.sleep(0)
    await db.close()
    await asyncio.gather(*pending)
    with pytest.raises(StoreError, match="닫혔"):
        await db.guilds.set_state("late", "v")
    reopened = await Database.open(db.path)
    try:
        assert await rows(reopened, "SELECT count(*) FROM bot_state") == [(50,)]
    finally:
        await reopened.close()
