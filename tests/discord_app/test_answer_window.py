"""Discord allows 3 s from an interaction's creation to the first answer; `respond.handle` defers when the
work is slow, so a member never sees "This interaction failed". The fake Discord refuses a late first
answer with 10062, and interactions are created in the past instead of sleeping."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from bot.discord_app.respond import DEFER_AFTER
from tests.discord_app.conftest import RunningBot

pytestmark = pytest.mark.timeout(30)
DEFERRED_CHANNEL_MESSAGE = 5
WINDOW = 3.0


async def test_handle_defers_in_time_when_the_work_is_slow(bot: RunningBot) -> None:
    # The interaction reached the bot 1 s after it was created (a slow gateway): the defer must still come
    # within the 3 s that remain of Discord's window.
    bot.fake.interaction_age = WINDOW - DEFER_AFTER - 0.5
    release = threading.Event()

    def long_transaction(conn: sqlite3.Connection) -> None:
        assert release.wait(20)

    # a long write holds the writer, so /concept today (which records the read) waits behind it
    holding = asyncio.create_task(bot.app.db.write(long_transaction))
    try:
        handle = await bot.fake.send_slash_command(None, "minsu", "concept", "today")
        first = await handle.callback(timeout=WINDOW)
        assert first["type"] == DEFERRED_CHANNEL_MESSAGE
        assert bot.fake.unexpected_calls == []  # the fake accepted it: inside the window
    finally:
        release.set()
        await holding
    reply = await handle.reply()
    assert reply["embeds"][0]["title"].startswith("📚 첫 개념 미리 보기")
    assert [c["type"] for c in handle.callbacks] == [DEFERRED_CHANNEL_MESSAGE]
