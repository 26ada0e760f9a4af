"""/concept today | show | list, end to end: the real client, the fake Discord, a real database."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.discord_app.conftest import RunningBot, running_bot
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.timeout(30)
EPHEMERAL = 64


def embed(reply: dict) -> dict:  # type: ignore[type-arg]
    assert reply["embeds"], reply
    return reply["embeds"][0]  # type: ignore[no-any-return]


async def test_commands_are_synced_globally_with_korean_descriptions(bot: RunningBot) -> None:
    synced = {c["name"]: c for c in bot.fake.synced_commands()}
    assert {"concept", "study"} <= set(synced)
    concept = synced["concept"]
    assert concept["description"] == "스터디 문서의 개념을 봅니다"
    assert {o["name"] for o in concept["options"]} == {"today", "show", "list"}
    assert len(bot.fake.find_calls("PUT", r"/applications/\d+/commands$")) == 1


async def test_concept_today_before_any_post_previews_day_one_and_records_the_read(bot: RunningBot) -> None:
    member = bot.fake.world.guild.member("minsu")
    handle = await bot.fake.send_slash_command(None, member, "concept", "today")
    reply = await handle.reply()
    assert reply["flags"] & EPHEMERAL
    notice = handle.original_message()
    assert notice is not None and notice["content"] == (
        "아직 코스가 시작되지 않았어요. 1일째 개념을 미리 보여 드려요. 게시 일정이 정해지면 매일 하나씩 올라와요."
    )
    card = embed(reply)
    assert card["title"] == "📚 첫 개념 미리 보기 (아직 게시 전) · 컨테이너 기술이란 무엇입니까?"
    assert card["description"].startswith("🧭 컨테이너와 도커 기초")  # the course title, not the event
    assert "LXC" in card["description"]
    assert [f["name"] for f in card["fields"]] == ["🔑 한 줄 요약", "📌 보충", "📝 퀴즈 맛보기"]
    assert card["fields"][0]["value"].startswith("컨테이너는 프로그램이 어느 환경에서나 똑같이 돌도록")
    assert "chroot(1979년), FreeBSD jail(2000년), Solaris Zones(2004년)" in card["fields"][1]["value"]
    guild_id = bot.fake.world.guild.id
    assert await bot.app.db.progress.read_concepts(guild_id, member.id) == {"컨테이너-기술이란-무엇입니까"}


async def test_concept_today_follows_the_servers_posts(bot: RunningBot) -> None:
    options = {"channel": "study", "time": "09:00"}
    await (await bot.fake.send_slash_command(None, "organizer", "schedule", "set", options)).reply()
    for _ in range(3):
        await (await bot.fake.send_slash_command(None, "organizer", "schedule", "post-now")).reply()
    reply = await (await bot.fake.send_slash_command(None, "seoyeon", "concept", "today")).reply()
    assert embed(reply)["title"] == "📚 오늘의 개념 (3일째) · 경량화"
    assert embed(reply)["footer"]["text"] == "3/11번째 개념"


async def test_concept_show_autocompletes_korean_substrings_and_shows_the_pick(bot: RunningBot) -> None:
    handle = await bot.fake.send_autocomplete(None, "jihoon", "concept", "show", {"concept": "도커"})
    choices = await handle.autocomplete_choices()
    names = [c["name"] for c in choices]
    assert names[0] == "7. 도커란 무엇입니까?"
    assert (
        "8. 도커 파일 (도커 파일, 도커 이미지, 도커 컨테이너의 개념은 무엇이고, 서로 어떤 관계입니까?)"[:100] in names
    )
    assert all(len(c["value"]) <= 100 and len(c["name"]) <= 100 for c in choices)
    image = next(c for c in choices if c["name"].startswith("9. 도커 이미지"))

    reply = await (
        await bot.fake.send_slash_command(None, "jihoon", "concept", "show", {"concept": image["value"]})
    ).reply()
    assert embed(reply)["title"] == "📖 9번째 개념 · 도커 이미지"
    assert "읽기 전용" in embed(reply)["description"]


async def test_concept_show_accepts_a_typed_title_and_explains_an_unknown_one(bot: RunningBot) -> None:
    reply = await (await bot.fake.send_slash_command(None, "minsu", "concept", "show", {"concept": "안정성"})).reply()
    assert embed(reply)["title"] == "📖 6번째 개념 · 안정성"
    reply = await (await bot.fake.send_slash_command(None, "minsu", "concept", "show", {"concept": "볼륨"})).reply()
    assert reply["flags"] & EPHEMERAL
    concept_id = next(c["id"] for c in bot.fake.synced_commands() if c["name"] == "concept")
    # the command is named as a clickable mention with the id Discord registered at sync
    assert (
        reply["content"] == f"⚠️ '볼륨'에 해당하는 개념이 없어요. </concept list:{concept_id}>로 목록을 확인해 보세요."
    )


async def test_concept_list_marks_what_the_caller_read(bot: RunningBot) -> None:
    await (await bot.fake.send_slash_command(None, "minsu", "concept", "show", {"concept": "경량화"})).reply()
    reply = await (await bot.fake.send_slash_command(None, "minsu", "concept", "list")).reply()
    lines = embed(reply)["description"].split("\n")
    assert len(lines) == 11
    assert lines[2] == "✅ 3. 경량화"
    assert lines[0] == "⬜ 1. 컨테이너 기술이란 무엇입니까?"
    assert embed(reply)["footer"]["text"].startswith("읽은 개념 1/11")
    other = await (await bot.fake.send_slash_command(None, "seoyeon", "concept", "list")).reply()
    assert "✅" not in embed(other)["description"]


async def test_dev_guild_gets_the_commands_instantly_and_nothing_global(fake: FakeDiscord, tmp_path: Path) -> None:
    guild_id = fake.world.guild.id
    async with running_bot(fake, tmp_path, STUDYBOT_DEV_GUILD=str(guild_id)) as bot:
        reply = await (await fake.send_slash_command(None, "minsu", "concept", "today")).reply()
        assert reply["embeds"]
        assert (await bot.app.db.guilds.get_guild(guild_id)).command_sync_hash is not None
        assert await bot.app.db.guilds.get_state("command_sync:global") is None
    assert len(fake.find_calls("PUT", rf"/applications/\d+/guilds/{guild_id}/commands$")) == 1
    assert fake.find_calls("PUT", r"/applications/\d+/commands$") == []
    assert {c["name"] for c in fake.synced_commands(guild_id)} >= {"concept", "study"}

    # Back to global commands: the development copies are removed once, so nothing shows twice.
    async with running_bot(fake, tmp_path) as bot:
        assert (await bot.app.db.guilds.get_guild(guild_id)).command_sync_hash is None
    assert fake.synced_commands(guild_id) == []
    assert {c["name"] for c in fake.synced_commands()} >= {"concept", "study"}
    assert len(fake.find_calls("PUT", rf"/applications/\d+/guilds/{guild_id}/commands$")) == 2


async def test_a_failed_sync_is_logged_and_the_bot_keeps_running(
    fake: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    unknown_guild = "123456789012345678"
    with caplog.at_level(logging.ERROR, logger="studybot"):
        async with running_bot(fake, tmp_path, STUDYBOT_DEV_GUILD=unknown_guild) as bot:
            assert bot.client.is_ready() and not bot.task.done()
            assert (
                await bot.app.db.guilds.get_guild(int(unknown_guild))
            ).command_sync_hash is None  # tried again next start
    messages = [r.getMessage() for r in caplog.records if r.name == "studybot.discord"]
    assert any(m.startswith("command sync failed (404 10004)") and "applications.commands" in m for m in messages)
