"""/mission roster | verify | revoke, end to end: organizers see and decide; members are refused; the
member learns of a revoke; two servers never mix."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest

from bot.services.mission_roster import ROSTER_PAGE_SIZE
from bot.store import MissionStatus
from tests.discord_app.conftest import RunningBot, running_bot
from tests.discord_app.mission_support import buttons, check_embed_limits, embed, mentions, paste
from tests.fakediscord import FakeDiscord, World
from tests.services import evidence_samples as samples

pytestmark = pytest.mark.timeout(60)
EPHEMERAL = 64
MISSION = "docker-install"
ORGANIZER_ONLY = "⚠️ 이 명령은 운영진만 쓸 수 있어요. (서버 관리 권한이나 운영진 역할이 필요해요)"


async def test_a_member_is_refused_every_organizer_command(bot: RunningBot) -> None:
    guild = bot.fake.world.guild
    seoyeon = guild.member("seoyeon")
    await paste(bot.fake, seoyeon, samples.LINUX)
    for subcommand, options in (
        ("roster", {}),
        ("verify", {"member": "jihoon"}),
        ("revoke", {"member": seoyeon, "reason": "장난"}),
    ):
        handle = await bot.fake.send_slash_command(None, "minsu", "mission", subcommand, options)
        reply = await handle.reply()
        assert reply["flags"] & EPHEMERAL
        assert reply["content"] == ORGANIZER_ONLY, subcommand
    stored = await bot.app.db.missions.get_confirmation(guild.id, seoyeon.id, MISSION)
    assert stored is not None and stored.status is MissionStatus.CONFIRMED
    assert await bot.app.db.missions.get_confirmation(guild.id, guild.member("jihoon").id, MISSION) is None
    assert await bot.app.db.audit.list_audit(guild.id) == []


async def test_verify_and_revoke_write_audit_rows_and_revoke_reaches_the_member_by_dm(bot: RunningBot) -> None:
    world = bot.fake.world
    guild = world.guild
    organizer, jihoon = guild.member("organizer"), guild.member("jihoon")
    await paste(bot.fake, jihoon, samples.PODMAN)  # a setup the rules do not know...
    sent = await bot.fake.send_slash_command(None, jihoon, "mission", "status")
    assert "아직 안 함" in embed(await sent.reply())["fields"][0]["value"]

    verified = await (
        await bot.fake.send_slash_command(None, organizer, "mission", "verify", {"member": jihoon})
    ).reply()
    assert embed(verified)["title"] == "✅ 확인했어요"
    assert "박지훈 님의 [실전 미션] 도커 설치하기: 아직 안 함 → 확인 완료" in embed(verified)["description"]
    again = await (await bot.fake.send_slash_command(None, organizer, "mission", "verify", {"member": jihoon})).reply()
    assert embed(again)["title"] == "이미 확인 완료예요"

    revoked = await (
        await bot.fake.send_slash_command(
            None, organizer, "mission", "revoke", {"member": jihoon, "reason": "다른 사람의 출력이에요"}
        )
    ).reply()
    card = embed(revoked)
    assert card["title"] == "↩️ 확인을 취소했어요"
    assert "사유: 다른 사람의 출력이에요" in card["description"]
    assert {f["name"]: f["value"] for f in card["fields"]}["멤버에게 알림"] == "DM으로 취소 사실과 사유를 알렸어요."

    audit = await bot.app.db.audit.list_audit(guild.id)
    assert [(a.action, a.actor_id, a.target_id, a.detail) for a in audit] == [
        ("mission_revoke", organizer.id, jihoon.id, "docker-install: 다른 사람의 출력이에요"),
        ("mission_verify", organizer.id, jihoon.id, "docker-install: "),
    ]
    stored = await bot.app.db.missions.get_confirmation(guild.id, jihoon.id, MISSION)
    assert stored is not None and (stored.status, stored.reason) == (MissionStatus.REVOKED, "다른 사람의 출력이에요")

    dm = world.dm_channel(jihoon)
    assert dm is not None
    [message] = bot.fake.channel_messages(dm)
    notice = message["embeds"][0]
    assert notice["title"] == "↩️ 미션 확인이 취소됐어요"
    assert f"{guild.name}의 [실전 미션] 도커 설치하기" in notice["description"]
    assert "사유: 다른 사람의 출력이에요" in notice["description"]

    # Told once: the next use of the bot shows no second notice.
    status = await bot.fake.send_slash_command(None, jihoon, "mission", "status")
    value = embed(await status.reply())["fields"][0]["value"]
    assert value.startswith("↩️ 취소됨 (") and "운영진 결정" in value and "사유: 다른 사람의 출력이에요" in value
    assert status.followups == []


async def test_without_dms_the_member_learns_of_a_revoke_on_their_next_use(bot: RunningBot) -> None:
    guild = bot.fake.world.guild
    minsu = guild.member("minsu")
    minsu.user.accepts_dms = False
    await paste(bot.fake, minsu, samples.MACOS)
    revoked = await (
        await bot.fake.send_slash_command(None, "organizer", "mission", "revoke", {"member": minsu, "reason": "중복"})
    ).reply()
    fields = {f["name"]: f["value"] for f in embed(revoked)["fields"]}
    assert fields["멤버에게 알림"].startswith("DM을 보낼 수 없어서")

    handle = await bot.fake.send_slash_command(None, minsu, "concept", "list")
    await handle.reply()
    [notice] = await handle.wait_followups(1)
    assert notice["flags"] & EPHEMERAL
    assert notice["embeds"][0]["title"] == "↩️ 미션 확인이 취소됐어요"
    assert "사유: 중복" in notice["embeds"][0]["description"]

    later = await bot.fake.send_slash_command(None, minsu, "concept", "list")
    await later.reply()
    assert later.followups == []  # shown once


async def test_revoke_needs_something_to_revoke_and_a_reason(bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    guild = bot.fake.world.guild
    with caplog.at_level(logging.INFO, logger="studybot"):
        reply = await (
            await bot.fake.send_slash_command(
                None, "organizer", "mission", "revoke", {"member": "minsu", "reason": "x"}
            )
        ).reply()
    assert reply["content"] == "⚠️ 김민수 님의 [실전 미션] 도커 설치하기: 지금 '아직 안 함' 상태라 취소할 확인이 없어요."
    lines = [r.getMessage() for r in caplog.records if r.name == "studybot.interactions"]
    assert any(re.match(r"/mission revoke guild=\d+ user=\d+ \d+ms refused$", line) for line in lines), lines
    assert await bot.app.db.audit.list_audit(guild.id) == []

    revoke = next(c for c in bot.fake.synced_commands() if c["name"] == "mission")
    reason = next(
        o for o in next(s for s in revoke["options"] if s["name"] == "revoke")["options"] if o["name"] == "reason"
    )
    assert (reason["required"], reason["min_length"], reason["max_length"]) == (True, 1, 500)
    with pytest.raises(ValueError, match="length"):  # Discord refuses a reason over 500 characters
        await bot.fake.send_slash_command(
            None, "organizer", "mission", "revoke", {"member": "minsu", "reason": "가" * 501}
        )


def fill_roster(world: World, count: int) -> list[int]:
    """`count` more members in the fake server; their ids."""
    guild = world.guild
    return [guild.add_member(f"member{i:03}", f"멤버 {i:03}").id for i in range(count)]


async def test_a_roster_of_300_members_is_paged_within_discords_limits(bot: RunningBot) -> None:
    world = bot.fake.world
    guild = world.guild
    ids = fill_roster(world, 300)
    missions = bot.app.missions
    # The members' own actions, through the service the modal and the button call.
    for user_id in ids[:100]:
        await missions.confirm(guild.id, user_id, f"멤버 {user_id}", None, samples.LINUX)
    for user_id in ids[100:130]:
        await missions.confirm(guild.id, user_id, f"멤버 {user_id}", None, samples.PODMAN)
        await missions.request_review(guild.id, user_id, f"멤버 {user_id}", 0)
    for user_id in ids[130:]:
        await bot.app.db.guilds.upsert_member(guild.id, user_id, f"멤버 {user_id}")

    handle = await bot.fake.send_slash_command(None, "organizer", "mission", "roster")
    message = await handle.reply()
    seen: list[int] = []
    pages = 0
    while True:
        pages += 1
        card = embed(message)
        check_embed_limits(card)
        assert card["footer"]["text"].startswith(f"{pages}/5 페이지")
        on_page = mentions(card["description"])
        assert 0 < len(on_page) <= ROSTER_PAGE_SIZE
        seen += on_page
        queue, *controls = buttons(message)
        assert queue[:2] == ("mission:pending:0:0", "⏳ 검토 대기 제출 보기 (30명)")
        assert [label for _, label, _ in controls] == ["◀ 이전", "다음 ▶"]
        assert controls[0][2] == (pages == 1) and controls[1][2] == (pages == 5)
        if pages == 5:
            break
        click = await bot.fake.click_button(None, "organizer", message, controls[1][0])
        message = await click.reply()
        assert click.response_type == 7  # the roster message is replaced, not a new one each page
    assert seen == ids  # everyone once, in order (confirmed, pending, not yet): nothing cut silently


async def test_a_member_cannot_page_an_organizers_roster(bot: RunningBot) -> None:
    for index in range(ROSTER_PAGE_SIZE + 1):
        await bot.app.db.guilds.upsert_member(bot.fake.world.guild.id, 10_000 + index, f"m{index}")
    message = await (await bot.fake.send_slash_command(None, "organizer", "mission", "roster")).reply()
    next_page = buttons(message)[1][0]
    assert next_page == "mission:roster:0:1"
    refused = await (await bot.fake.click_button(None, "minsu", message, next_page)).reply()
    assert refused["content"] == ORGANIZER_ONLY


def course_with_role(tmp_path: Path, role: str = "도커 설치 완료") -> Path:
    source = Path(__file__).resolve().parents[2] / "content" / "docker-basics"
    target = tmp_path / "content" / "docker-basics"
    target.mkdir(parents=True)
    for file in source.iterdir():
        if file.is_file():
            (target / file.name).write_bytes(file.read_bytes())
    course = (target / "course.yaml").read_text(encoding="utf-8")
    course = course.replace(
        '    section: "[실전 미션] 도커 설치하기"\n',
        f'    section: "[실전 미션] 도커 설치하기"\n    confirmed_role: "{role}"\n',
    )
    assert "confirmed_role" in course
    (target / "course.yaml").write_text(course, encoding="utf-8")
    for folder in source.iterdir():
        if folder.is_dir():
            (target / folder.name).symlink_to(folder)
    return target.parent


async def test_the_confirmation_role_is_granted_when_the_bot_can(fake: FakeDiscord, tmp_path: Path) -> None:
    guild = fake.world.guild
    role = guild.add_role("도커 설치 완료")
    role.position = 1
    guild.role("studybot").position = 5  # the bot's role sits above the role it grants
    content = course_with_role(tmp_path)
    async with running_bot(fake, tmp_path, STUDYBOT_CONTENT=str(content)) as bot:
        minsu = guild.member("minsu")
        reply = await paste(bot.fake, minsu, samples.LINUX)
        fields = {f["name"]: f["value"] for f in embed(reply)["fields"]}
        assert fields["확인 역할"] == "'도커 설치 완료' 역할을 드렸어요."
        assert role.id in minsu.roles
        assert bot.fake.find_calls("PUT", rf"/guilds/{guild.id}/members/{minsu.id}/roles/{role.id}$")

        # Verified from the review queue: the member is not cached (no members intent), so asked of Discord.
        jihoon = guild.member("jihoon")
        refused = await paste(bot.fake, jihoon, samples.PODMAN)
        await (await bot.fake.click_button(None, jihoon, refused, "mission:review:0")).reply()
        roster_message = await (await bot.fake.send_slash_command(None, "organizer", "mission", "roster")).reply()
        assert not any(f["name"].startswith("⚠️") for f in embed(roster_message).get("fields", []))
        card = await (await bot.fake.click_button(None, "organizer", roster_message, "mission:pending:0:0")).reply()
        decided = await (await bot.fake.click_button(None, "organizer", card, buttons(card)[0][0])).reply()
        assert {f["name"]: f["value"] for f in embed(decided)["fields"]}[
            "확인 역할"
        ] == "'도커 설치 완료' 역할을 드렸어요."
        assert role.id in jihoon.roles

        # A revoke takes the role back.
        revoked = await (
            await bot.fake.send_slash_command(
                None, "organizer", "mission", "revoke", {"member": minsu, "reason": "재확인"}
            )
        ).reply()
        assert {f["name"]: f["value"] for f in embed(revoked)["fields"]}[
            "확인 역할"
        ] == "'도커 설치 완료' 역할을 뺐어요."
        assert role.id not in minsu.roles


async def test_without_manage_roles_organizers_are_told_why_no_role_was_given(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    from tests.fakediscord.world import MANAGE_ROLES

    guild = fake.world.guild
    guild.add_role("도커 설치 완료")
    guild.role("studybot").permissions &= ~MANAGE_ROLES
    content = course_with_role(tmp_path)
    async with running_bot(fake, tmp_path, STUDYBOT_CONTENT=str(content)) as bot:
        minsu = guild.member("minsu")
        reply = await paste(bot.fake, minsu, samples.LINUX)
        assert embed(reply)["title"] == "🎉 미션 완료!"  # the confirmation stands
        fields = {f["name"]: f["value"] for f in embed(reply)["fields"]}
        assert fields["확인 역할"].startswith("확인 역할 '도커 설치 완료'은 봇 설정 문제로 아직 드리지 못했어요.")
        assert not bot.fake.find_calls("PUT", r"/roles/")

        roster = embed(await (await bot.fake.send_slash_command(None, "organizer", "mission", "roster")).reply())
        warning = {f["name"]: f["value"] for f in roster["fields"]}["⚠️ 확인 역할을 줄 수 없어요"]
        assert "'역할 관리' 권한이 없어서" in warning
        verify = await (
            await bot.fake.send_slash_command(None, "organizer", "mission", "verify", {"member": "jihoon"})
        ).reply()
        assert "'역할 관리' 권한이 없어서" in {f["name"]: f["value"] for f in embed(verify)["fields"]}["확인 역할"]


async def test_organizers_review_pending_submissions_and_verify_from_the_queue(bot: RunningBot) -> None:
    guild = bot.fake.world.guild
    organizer, minsu, jihoon = guild.member("organizer"), guild.member("minsu"), guild.member("jihoon")
    for who, text in ((minsu, samples.PODMAN), (jihoon, samples.GREETING_ONLY)):
        refused = await paste(bot.fake, who, text)
        await (await bot.fake.click_button(None, who, refused, "mission:review:0")).reply()

    roster = await (await bot.fake.send_slash_command(None, organizer, "mission", "roster")).reply()
    assert buttons(roster)[0] == ("mission:pending:0:0", "⏳ 검토 대기 제출 보기 (2명)", False)
    # A member cannot open the queue, even with its custom id.
    nosy = await (await bot.fake.click_button(None, "seoyeon", roster, "mission:pending:0:0")).reply()
    assert nosy["content"] == ORGANIZER_ONLY

    card_message = await (await bot.fake.click_button(None, organizer, roster, "mission:pending:0:0")).reply()
    card = embed(card_message)
    assert card["title"] == "⏳ 검토 대기 1/2 — [실전 미션] 도커 설치하기"
    assert card["description"].startswith(f"<@{minsu.id}> · ")
    assert "운영진 확인 요청 · 빠진 항목: 도커 버전" in card["description"]
    assert "```\n" + samples.PODMAN.replace("```", "'''")[:200] in card["description"]  # what they pasted
    verify, previous, following = buttons(card_message)
    assert verify == (f"mission:verify:0:{minsu.id}:0", "✅ 확인 완료로", False)
    assert previous[2] and not following[2]

    decided = await (await bot.fake.click_button(None, organizer, card_message, verify[0])).reply()
    assert embed(decided)["title"] == "✅ 확인했어요"
    assert "김민수 님의 [실전 미션] 도커 설치하기: 검토 대기 → 확인 완료" in embed(decided)["description"]
    assert buttons(decided) == [("mission:pending:0:0", "다음 검토 ▶", False)]
    stored = await bot.app.db.missions.get_confirmation(guild.id, minsu.id, MISSION)
    assert stored is not None and (stored.status, stored.decided_by) == (MissionStatus.CONFIRMED, organizer.id)
    assert [(a.action, a.target_id) for a in await bot.app.db.audit.list_audit(guild.id)] == [
        ("mission_verify", minsu.id)
    ]

    # The next one moved up to the first place of the queue.
    following_card = await (await bot.fake.click_button(None, organizer, decided, "mission:pending:0:0")).reply()
    assert embed(following_card)["title"] == "⏳ 검토 대기 1/1 — [실전 미션] 도커 설치하기"
    assert embed(following_card)["description"].startswith(f"<@{jihoon.id}> · ")


async def test_a_slow_page_is_deferred_and_then_replaces_the_roster(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from bot.discord_app import respond

    for index in range(ROSTER_PAGE_SIZE + 1):
        await bot.app.db.guilds.upsert_member(bot.fake.world.guild.id, 10_000 + index, f"m{index}")
    message = await (await bot.fake.send_slash_command(None, "organizer", "mission", "roster")).reply()
    original = bot.app.mission_roster.roster
    monkeypatch.setattr(respond, "DEFER_AFTER", 0.05)

    async def slow(guild_id: int, mission_index: int = 0, page: int = 0) -> Any:
        await asyncio.sleep(0.3)
        return await original(guild_id, mission_index, page)

    monkeypatch.setattr(bot.app.mission_roster, "roster", slow)
    click = await bot.fake.click_button(None, "organizer", message, "mission:roster:0:1")
    page_two = await click.reply()
    assert [c["type"] for c in click.callbacks] == [6]  # a deferred update, then the message is edited
    assert embed(page_two)["footer"]["text"].startswith("2/2 페이지")
    assert page_two["id"] == message["id"]


async def test_an_outdated_review_card_cannot_undo_another_organizers_revoke(bot: RunningBot) -> None:
    """The card showed a pending member; another organizer revoked them since: its button refuses."""
    guild = bot.fake.world.guild
    organizer, minsu = guild.member("organizer"), guild.member("minsu")
    refused = await paste(bot.fake, minsu, samples.PODMAN)
    await (await bot.fake.click_button(None, minsu, refused, "mission:review:0")).reply()
    roster = await (await bot.fake.send_slash_command(None, organizer, "mission", "roster")).reply()
    card_message = await (await bot.fake.click_button(None, organizer, roster, "mission:pending:0:0")).reply()
    verify = buttons(card_message)[0]
    assert verify[1] == "✅ 확인 완료로"

    await (
        await bot.fake.send_slash_command(
            None, organizer, "mission", "revoke", {"member": minsu, "reason": "다른 사람의 출력"}
        )
    ).reply()
    stale = await (await bot.fake.click_button(None, organizer, card_message, verify[0])).reply()

    assert "지금은 '취소됨' 상태" in stale["content"] and "mission roster" in stale["content"], stale
    stored = await bot.app.db.missions.get_confirmation(guild.id, minsu.id, MISSION)
    assert stored is not None and (stored.status, stored.reason) == (MissionStatus.REVOKED, "다른 사람의 출력")
    assert [a.action for a in await bot.app.db.audit.list_audit(guild.id)] == ["mission_revoke"]
    # The explicit command still decides from any state but confirmed.
    decided = await (await bot.fake.send_slash_command(None, organizer, "mission", "verify", {"member": minsu})).reply()
    assert embed(decided)["title"] == "✅ 확인했어요"
