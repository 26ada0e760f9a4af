"""The error path and the organizer check, through the real client."""

from __future__ import annotations

import logging
import re

import pytest

from bot.store.records import GuildSettings
from tests.discord_app.conftest import RunningBot
from tests.fakediscord import World

pytestmark = pytest.mark.timeout(30)
EPHEMERAL = 64


async def test_an_unexpected_error_shows_an_error_id_that_is_in_the_log(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(guild_id: int, user_id: int) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(bot.app.concepts, "listing", broken)
    with caplog.at_level(logging.INFO, logger="studybot"):
        reply = await (await bot.fake.send_slash_command(None, "minsu", "concept", "list")).reply()
    assert reply["flags"] & EPHEMERAL
    found = re.search(r"오류 번호 `([0-9a-f]{8})`", reply["content"])
    assert found, reply["content"]
    error_id = found.group(1)
    assert reply["content"].startswith("❌ 앗, 처리 중에 예상하지 못한 오류가 났어요.")
    errors = [r for r in caplog.records if r.levelno == logging.ERROR and error_id in r.getMessage()]
    assert errors and errors[0].exc_info is not None
    assert "database went away" not in reply["content"]
    lines = [r.getMessage() for r in caplog.records if r.name == "studybot.interactions"]
    assert any(re.match(rf"/concept list guild=\d+ user=\d+ \d+ms error {error_id}$", line) for line in lines), lines


async def test_slow_work_is_deferred_and_then_answered(bot: RunningBot, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    from bot.discord_app import respond

    original = bot.app.concepts.listing
    monkeypatch.setattr(respond, "DEFER_AFTER", 0.05)

    async def slow(guild_id: int, user_id: int):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.3)
        return await original(guild_id, user_id)

    monkeypatch.setattr(bot.app.concepts, "listing", slow)
    handle = await bot.fake.send_slash_command(None, "minsu", "concept", "list")
    reply = await handle.reply()
    assert [c["type"] for c in handle.callbacks] == [5]
    assert reply["embeds"][0]["title"] == "📚 컨테이너와 도커 기초 — 개념 목록"
    assert reply["flags"] & EPHEMERAL


async def test_a_member_is_refused_organizer_commands(bot: RunningBot) -> None:
    guild = bot.fake.world.guild
    for subcommand in ("report", "export"):
        reply = await (await bot.fake.send_slash_command(None, "minsu", "study", subcommand)).reply()
        assert reply["flags"] & EPHEMERAL
        assert reply["content"] == "⚠️ 이 명령은 운영진만 쓸 수 있어요. (서버 관리 권한이나 운영진 역할이 필요해요)"
        assert reply["attachments"] == []
    role = guild.role("스터디 운영진")
    reply = await (await bot.fake.send_slash_command(None, "minsu", "study", "organizer-role", {"role": role})).reply()
    assert reply["content"] == "⚠️ 운영진 역할은 서버 관리 권한이 있는 분만 정할 수 있어요."
    settings: GuildSettings = await bot.app.db.guilds.get_guild(guild.id)
    assert settings.organizer_role_id is None
    assert await bot.app.db.audit.list_audit(guild.id) == []


async def test_manage_server_sets_the_organizer_role_and_role_holders_then_count(bot: RunningBot, world: World) -> None:
    guild = world.guild
    staff = guild.role("스터디 운영진")
    helper = guild.add_member("helper", "도우미", roles=[staff])
    refused = await (await bot.fake.send_slash_command(None, helper, "study", "report")).reply()
    assert "운영진만" in refused["content"]

    reply = await (
        await bot.fake.send_slash_command(None, "organizer", "study", "organizer-role", {"role": staff})
    ).reply()
    assert reply["embeds"][0]["title"] == "운영진 역할을 정했어요"
    assert "@스터디 운영진" in reply["embeds"][0]["description"]
    assert (await bot.app.db.guilds.get_guild(guild.id)).organizer_role_id == staff.id
    audit = await bot.app.db.audit.list_audit(guild.id)
    assert [(a.action, a.target_id) for a in audit] == [("organizer_role", staff.id)]

    # The role holder has no Manage Server, yet is an organizer now...
    report = await (await bot.fake.send_slash_command(None, helper, "study", "report")).reply()
    assert report["embeds"][0]["title"] == "📋 스터디 리포트"
    # ...but cannot hand organizer powers on: that stays with Manage Server.
    everyone = guild.everyone
    reply = await (
        await bot.fake.send_slash_command(None, helper, "study", "organizer-role", {"role": everyone})
    ).reply()
    assert reply["content"] == "⚠️ 운영진 역할은 서버 관리 권한이 있는 분만 정할 수 있어요."
    assert (await bot.app.db.guilds.get_guild(guild.id)).organizer_role_id == staff.id


async def test_everyone_cannot_be_the_organizer_role(bot: RunningBot, world: World) -> None:
    guild = world.guild
    reply = await (
        await bot.fake.send_slash_command(None, "organizer", "study", "organizer-role", {"role": guild.everyone})
    ).reply()
    assert reply["content"] == "⚠️ @everyone은 운영진 역할로 정할 수 없어요. 운영진만 가진 역할을 골라 주세요."
    assert (await bot.app.db.guilds.get_guild(guild.id)).organizer_role_id is None


async def test_an_organizer_exports_the_progress_csv(bot: RunningBot, world: World) -> None:
    guild = world.guild
    await (await bot.fake.send_slash_command(None, "minsu", "concept", "today")).reply()
    handle = await bot.fake.send_slash_command(None, "organizer", "study", "export")
    reply = await handle.reply()
    assert reply["flags"] & EPHEMERAL
    [attachment] = reply["attachments"]
    assert attachment["filename"].startswith(f"studybot-{guild.id}-") and attachment["filename"].endswith(".csv")
    files = [f for c in handle.callbacks for f in c.get("files", [])] + [
        f for m in handle.followups for f in m.get("files", [])
    ]
    text = files[0].data.decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert header == (
        "user_id,display_name,concepts_read,quiz_answered,quiz_correct,accuracy,streak_days,points,"
        "mission_status,mission_confirmed_at"
    )
    minsu = guild.member("minsu")
    assert any(row.startswith(f"{minsu.id},김민수,1,0,0,") for row in rows), rows
    assert [a.action for a in await bot.app.db.audit.list_audit(guild.id)] == ["export"]


async def test_a_failing_organizer_check_still_answers_with_an_error_id(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(guild_id: int) -> int | None:
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(bot.app.guild_settings, "organizer_role", broken)
    with caplog.at_level(logging.INFO, logger="studybot"):
        reply = await (await bot.fake.send_slash_command(None, "organizer", "study", "report")).reply()
    found = re.search(r"오류 번호 `([0-9a-f]{8})`", reply["content"])
    assert found and reply["flags"] & EPHEMERAL
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and found.group(1) in r.getMessage()]
    assert logged and "disk I/O error" in str(logged[0].exc_info[1])  # type: ignore[index]
