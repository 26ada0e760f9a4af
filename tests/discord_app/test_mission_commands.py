"""/mission, end to end: the real client and command tree, the fake Discord, a real database."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest

from bot.store import MissionStatus
from tests.coursekit import write_course
from tests.discord_app.conftest import RunningBot, running_bot
from tests.discord_app.mission_support import MODAL, buttons, embed, field_names, open_form, paste, submit
from tests.fakediscord import FakeDiscord
from tests.services import evidence_samples as samples

pytestmark = pytest.mark.timeout(30)
EPHEMERAL = 64
MISSION = "docker-install"
VERSION_FIELD = "도커 버전 (docker --version)"


async def test_mission_info_says_what_to_do_and_how_to_confirm(bot: RunningBot) -> None:
    reply = await (await bot.fake.send_slash_command(None, "minsu", "mission", "info")).reply()
    assert reply["flags"] & EPHEMERAL
    card = embed(reply)
    assert card["title"] == "🐳 [실전 미션] 도커 설치하기"
    assert "docker run hello-world" in card["description"]
    fields = {f["name"]: f["value"] for f in card["fields"]}
    assert fields["봇이 확인하는 것"] == f"• {VERSION_FIELD}\n• hello-world 인사말 (docker run hello-world)"
    assert "/mission confirm" in fields["확인하는 방법"]


async def test_the_confirm_modal_has_one_paragraph_input_capped_at_4000(bot: RunningBot) -> None:
    modal = await (await bot.fake.send_slash_command(None, "minsu", "mission", "confirm")).modal()
    assert MODAL.fullmatch(modal["custom_id"])
    assert modal["title"] == "[실전 미션] 도커 설치하기"
    [label] = modal["components"]
    text_input = label["component"]
    assert (text_input["type"], text_input["style"], text_input["max_length"]) == (4, 2, 4000)
    assert label["label"] == "명령의 출력"
    # The Docker course's own words, from its course.yaml (no course is named in code).
    assert label["description"] == "docker --version 과 docker run hello-world 의 출력을 그대로 붙여 넣어 주세요."
    assert text_input["placeholder"] == "Docker version 27.3.1, build ce12230\n...\nHello from Docker!"


async def test_a_course_without_mission_wording_reads_generically(fake: FakeDiscord, tmp_path: Path) -> None:
    """Another course's mission: the form, the titles and the refusal name no Docker and no Podman."""
    content = tmp_path / "content"
    write_course(content)
    async with running_bot(fake, tmp_path, STUDYBOT_CONTENT=str(content), STUDYBOT_COURSE="mini") as bot:
        info = await (await bot.fake.send_slash_command(None, "minsu", "mission", "info")).reply()
        assert embed(info)["title"] == "🎯 [실전 미션] 설치하기"
        modal = await (await bot.fake.send_slash_command(None, "minsu", "mission", "confirm")).modal()
        [label] = modal["components"]
        assert (label["label"], label["description"]) == (
            "명령의 출력",
            "미션에서 실행한 명령의 출력을 그대로 붙여 넣어 주세요.",
        )
        assert not label["component"].get("placeholder")
        refused = await paste(bot.fake, "minsu", "아무거나")
        assert embed(refused)["title"] == "아직 확인되지 않았어요"
        assert (
            "다른 도구나 환경을 써서 규칙과 다르게 나온다면, '운영진 확인 요청' 버튼으로 이 제출을 운영진에게 "
            "보낼 수 있어요." in embed(refused)["description"]
        )
        status = await (await bot.fake.send_slash_command(None, "minsu", "mission", "status")).reply()
        assert field_names(status) == ["🎯 [실전 미션] 설치하기"]
        for message in (info, refused, status):
            assert "🐳" not in str(message) and "Podman" not in str(message) and "도커" not in str(message)


async def test_valid_evidence_confirms_at_once_and_says_it_is_honour_based(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    guild = bot.fake.world.guild
    minsu = guild.member("minsu")
    with caplog.at_level(logging.INFO, logger="studybot"):
        reply = await paste(bot.fake, minsu, samples.LINUX)
    lines = [r.getMessage() for r in caplog.records if r.name == "studybot.interactions"]
    assert re.match(r"/mission confirm guild=\d+ user=\d+ \d+ms ok$", lines[0]), lines
    assert re.match(r"modal_submit mission:evidence:0:\d+ guild=\d+ user=\d+ \d+ms ok$", lines[1]), lines
    assert reply["flags"] & EPHEMERAL
    card = embed(reply)
    assert card["title"] == "🎉 미션 완료!"
    assert "자율 확인" in card["description"] and "운영진" in card["description"]
    assert f"✅ {VERSION_FIELD}" in field_names(reply)
    stored = await bot.app.db.missions.get_confirmation(guild.id, minsu.id, MISSION)
    assert stored is not None and (stored.status, stored.evidence) == (MissionStatus.CONFIRMED, samples.LINUX)

    status = await (await bot.fake.send_slash_command(None, minsu, "mission", "status")).reply()
    [value] = [f["value"] for f in embed(status)["fields"]]
    assert re.match(r"✅ 확인 완료 \(\d\d/\d\d \d\d:\d\d\)\n🎉 완료했어요!", value), value

    # Done is done: the form opens at once (no database read may come before it), and sending it again,
    # even with junk, only says the mission is done; nothing is stored.
    for text in (samples.LINUX, "아무거나"):
        again = await paste(bot.fake, minsu, text)
        assert embed(again)["title"] == "이미 완료한 미션이에요"
        assert "다시 제출하지 않아도 돼요" in embed(again)["description"]
    stored = await bot.app.db.missions.get_confirmation(guild.id, minsu.id, MISSION)
    assert stored is not None and (stored.status, stored.evidence) == (MissionStatus.CONFIRMED, samples.LINUX)
    assert await bot.app.db.missions.get_draft(guild.id, minsu.id, MISSION) is None


async def test_junk_is_refused_with_what_is_missing_and_can_then_be_sent_for_review(bot: RunningBot) -> None:
    guild = bot.fake.world.guild
    minsu = guild.member("minsu")
    reply = await paste(bot.fake, minsu, samples.PODMAN)
    card = embed(reply)
    assert card["title"] == "아직 확인되지 않았어요"
    assert (
        "도커 대신 다른 도구(예: Podman)를 써서 규칙과 다르게 나온다면, '운영진 확인 요청' 버튼으로"
        in card["description"]
    )
    fields = {f["name"]: f["value"] for f in card["fields"]}
    version_rule = bot.app.course.missions[0].evidence[0]
    assert version_rule.hint in fields[f"❌ {VERSION_FIELD}"]  # how to get it, in the course's words
    assert buttons(reply) == [("mission:review:0", "운영진 확인 요청", False)]
    assert await bot.app.db.missions.get_confirmation(guild.id, minsu.id, MISSION) is None

    # The evidence is not in the button: it waits server-side, and the click sends it for review.
    click = await bot.fake.click_button(None, minsu, reply, "mission:review:0")
    answered = await click.reply()
    assert embed(answered)["title"] == "📨 운영진에게 확인을 요청했어요"
    assert buttons(answered) == []  # the message was replaced: no second click
    stored = await bot.app.db.missions.get_confirmation(guild.id, minsu.id, MISSION)
    assert stored is not None and (stored.status, stored.evidence) == (MissionStatus.PENDING, samples.PODMAN)

    status = await (await bot.fake.send_slash_command(None, minsu, "mission", "status")).reply()
    assert embed(status)["fields"][0]["value"].startswith("⏳ 검토 대기 (")


async def test_members_confirming_at_the_same_time_each_get_their_answer(bot: RunningBot) -> None:
    guild = bot.fake.world.guild
    minsu, seoyeon = guild.member("minsu"), guild.member("seoyeon")
    form_minsu = await open_form(bot.fake, minsu)
    form_seoyeon = await open_form(bot.fake, seoyeon)
    first = await submit(bot.fake, minsu, form_minsu, samples.LINUX)
    assert embed(await first.reply())["title"] == "🎉 미션 완료!"
    second = await submit(bot.fake, seoyeon, form_seoyeon, samples.PODMAN)  # her form is still open
    assert embed(await second.reply(timeout=2))["title"] == "아직 확인되지 않았어요"
    assert (await bot.app.db.missions.get_confirmation(guild.id, minsu.id, MISSION)) is not None
    assert await bot.app.db.missions.get_confirmation(guild.id, seoyeon.id, MISSION) is None


async def test_the_form_and_the_review_button_still_work_after_a_restart(fake: FakeDiscord, tmp_path: Any) -> None:
    from tests.discord_app.conftest import running_bot

    guild = fake.world.guild
    async with running_bot(fake, tmp_path) as first:
        form = await open_form(first.fake, "jihoon")
    async with running_bot(fake, tmp_path) as restarted:  # the member submits the form opened before
        reply = await (await submit(restarted.fake, "jihoon", form, samples.GREETING_ONLY)).reply()
        assert embed(reply)["title"] == "아직 확인되지 않았어요"
    async with running_bot(fake, tmp_path) as second:
        answered = await (await second.fake.click_button(None, "jihoon", reply, "mission:review:0")).reply()
        assert embed(answered)["title"] == "📨 운영진에게 확인을 요청했어요"
        stored = await second.app.db.missions.get_confirmation(guild.id, guild.member("jihoon").id, MISSION)
        assert stored is not None and stored.status is MissionStatus.PENDING


async def test_a_5000_character_paste_is_refused_by_the_server_too(
    bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    guild = bot.fake.world.guild
    minsu = guild.member("minsu")
    form = await open_form(bot.fake, minsu)
    huge = samples.LINUX + "x" * (5000 - len(samples.LINUX))
    with pytest.raises(ValueError, match="out of"):  # Discord's client would not send it...
        await submit(bot.fake, minsu, form, huge)
    with caplog.at_level(logging.INFO, logger="studybot"):  # ...but a modified one might
        reply = await (await submit(bot.fake, minsu, form, huge, unchecked=True)).reply()
    assert reply["flags"] & EPHEMERAL
    assert reply["content"].startswith("⚠️ 붙여 넣은 내용이 너무 길어요: 5,000자를 받았어요.")
    assert VERSION_FIELD in reply["content"]
    assert await bot.app.db.missions.get_confirmation(guild.id, minsu.id, MISSION) is None
    lines = [r.getMessage() for r in caplog.records if r.name == "studybot.interactions"]
    assert any(re.match(r"modal_submit mission:evidence:0:\d+ guild=\d+ user=\d+ \d+ms refused$", x) for x in lines)


async def test_every_command_is_offered_only_in_servers(bot: RunningBot) -> None:
    synced = bot.fake.synced_commands()
    assert {"concept", "study", "mission"} <= {c["name"] for c in synced}
    for command in synced:
        assert command["contexts"] == [0], command["name"]  # guild only: Discord shows none of them in DMs
    mission = next(c for c in synced if c["name"] == "mission")
    assert [o["name"] for o in mission["options"]] == ["info", "confirm", "status", "roster", "verify", "revoke"]
