"""The guilds repository: server settings, the bot's own state and members, each kept per server."""

from __future__ import annotations

from datetime import time

import pytest

from bot.store import Database
from tests.store.support import FakeClock

GUILD, OTHER = 111, 222


async def test_guild_settings_default_then_update_and_stay_per_server(db: Database) -> None:
    fresh = await db.guilds.get_guild(GUILD)
    assert (fresh.channel_id, fresh.post_time, fresh.timezone, fresh.paused) == (None, None, "Asia/Seoul", False)
    assert (fresh.organizer_role_id, fresh.command_sync_hash, fresh.paused_reason) == (None, None, None)
    updated = await db.guilds.update_guild(
        GUILD, channel_id=5, post_time=time(8, 30), timezone="Europe/Berlin", paused=True, organizer_role_id=9
    )
    assert (updated.channel_id, updated.post_time, updated.timezone, updated.paused) == (
        5,
        time(8, 30),
        "Europe/Berlin",
        True,
    )
    assert (await db.guilds.update_guild(GUILD, paused=False)).channel_id == 5  # other fields kept
    assert (await db.guilds.get_guild(OTHER)).channel_id is None
    assert [g.guild_id for g in await db.guilds.list_guilds()] == [GUILD]


async def test_bad_guild_settings_are_refused_before_writing(db: Database) -> None:
    with pytest.raises(TypeError, match="colour"):
        await db.guilds.update_guild(GUILD, colour="red")
    with pytest.raises(ValueError, match="알 수 없는 시간대"):
        await db.guilds.update_guild(GUILD, timezone="Mars/Olympus")
    assert await db.guilds.list_guilds() == []


async def test_bot_state_keeps_the_last_value(db: Database) -> None:
    assert await db.guilds.get_state("command_sync") is None
    await db.guilds.set_state("command_sync", "a")
    await db.guilds.set_state("command_sync", "b")
    assert await db.guilds.get_state("command_sync") == "b"


async def test_member_name_follows_the_latest_but_first_seen_stays(db: Database, clock: FakeClock) -> None:
    first = clock()
    await db.guilds.upsert_member(GUILD, 1, "  민지  ")
    clock.advance(days=1)
    await db.guilds.upsert_member(GUILD, 1, "민지 (스터디장)")
    member = await db.guilds.get_member(GUILD, 1)
    assert member is not None
    assert (member.display_name, member.first_seen) == ("민지 (스터디장)", first)
    assert await db.guilds.get_member(OTHER, 1) is None
