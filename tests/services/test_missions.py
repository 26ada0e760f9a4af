"""Mission service: evidence checks on real terminal output, confirm / verify / revoke, status, roster."""

from __future__ import annotations

import pytest

from bot.services.errors import NotFound, UserFacingError
from bot.services.mission_roster import MissionRoster
from bot.services.missions import MissionService
from bot.services.reply import Reply, Tone, command, member
from bot.store import Database, MissionStatus
from tests.services import evidence_samples as samples
from tests.store.support import FakeClock, services_for

GUILD, OTHER = 10, 20
MISSION = "docker-install"
ORGANIZER = 900
VERSION_FIELD = "도커 버전 (docker --version)"
HELLO_FIELD = "hello-world 인사말 (docker run hello-world)"


def rosters(missions: MissionService, db: Database) -> MissionRoster:
    return services_for(db, missions.course).mission_roster


def fields(reply: Reply) -> dict[str, str]:
    return {f.name: f.value for f in reply.fields}


@pytest.mark.parametrize(
    ("text", "version"),
    [
        (samples.LINUX, "Docker version 27.3.1, build ce12230"),
        (samples.MACOS, "Docker version 27.4.0, build bde2b89"),
        (samples.WINDOWS, "Docker version 24.0.7, build afdd53b"),
    ],
    ids=["linux", "macos-docker-desktop", "windows-powershell"],
)
async def test_real_output_confirms_the_mission(
    missions: MissionService, db: Database, text: str, version: str
) -> None:
    checked = missions.check(MISSION, text)
    assert checked.tone is Tone.SUCCESS
    assert fields(checked)[f"✅ {VERSION_FIELD}"] == f"찾음: `{version}`"
    assert "Hello from Docker!" in fields(checked)[f"✅ {HELLO_FIELD}"]

    outcome = await missions.confirm(GUILD, 1, "민지", MISSION, text)
    reply = outcome.reply
    assert reply.title == "🎉 미션 완료!"
    assert reply.tone is Tone.SUCCESS
    assert "자율 확인" in reply.body and "운영진이 제출 내용을 다시 보고" in reply.body
    assert outcome.confirmed
    stored = await db.missions.get_confirmation(GUILD, 1, MISSION)
    assert stored is not None
    assert (stored.status, stored.evidence, stored.decided_by) == (MissionStatus.CONFIRMED, text, None)


async def test_ubuntu_docker_io_output_confirms_the_mission(missions: MissionService) -> None:
    # Ubuntu's own docker.io package prints 'build 24.0.7-0ubuntu2~22.04.1', not a hex commit.
    assert missions.check(MISSION, samples.UBUNTU_DOCKER_IO).tone is Tone.SUCCESS


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        (samples.VERSION_WORDS_ONLY, [VERSION_FIELD]),
        (samples.GREETING_ONLY, [VERSION_FIELD]),
        (samples.PODMAN, [VERSION_FIELD, HELLO_FIELD]),
    ],
    ids=["docker-version-words-only", "greeting-without-version", "podman"],
)
async def test_near_misses_are_refused_saying_what_is_missing(
    missions: MissionService, db: Database, text: str, missing: list[str]
) -> None:
    outcome = await missions.confirm(GUILD, 1, "민지", MISSION, text)
    reply = outcome.reply
    assert reply.title == "아직 확인되지 않았어요"
    assert reply.tone is Tone.WARNING and not outcome.confirmed
    shown = fields(reply)
    assert [name.removeprefix("❌ ") for name in shown if name.startswith("❌")] == missing
    if VERSION_FIELD in missing:
        assert "'Docker version'으로 시작하는 한 줄" in shown[f"❌ {VERSION_FIELD}"]  # the rule's hint
    assert [[(b.action, b.label) for b in row] for row in reply.buttons] == [[("mission:review:0", "운영진 확인 요청")]]
    assert await db.missions.get_confirmation(GUILD, 1, MISSION) is None  # nothing decided yet: only a draft

    # The member sends it for review: pending, with the evidence, for an organizer to look at.
    requested = await missions.request_review(GUILD, 1, "민지", 0)
    assert requested.title == "📨 운영진에게 확인을 요청했어요"
    stored = await db.missions.get_confirmation(GUILD, 1, MISSION)
    assert stored is not None and (stored.status, stored.evidence) == (MissionStatus.PENDING, text)
    assert stored.reason is not None and VERSION_FIELD in stored.reason
    with pytest.raises(UserFacingError, match="보낼 제출이 없어요"):  # the draft went with it
        await missions.request_review(GUILD, 1, "민지", 0)


async def test_a_draft_older_than_a_day_cannot_be_sent(
    missions: MissionService, db: Database, clock: FakeClock
) -> None:
    await missions.confirm(GUILD, 1, "민지", MISSION, samples.PODMAN)
    clock.advance(hours=25)
    with pytest.raises(UserFacingError, match="하루가 지났어요"):
        await missions.request_review(GUILD, 1, "민지", 0)
    assert await db.missions.get_confirmation(GUILD, 1, MISSION) is None


async def test_a_second_confirm_after_success_says_it_is_done(missions: MissionService, db: Database) -> None:
    await missions.confirm(GUILD, 1, "민지", MISSION, samples.LINUX)
    again = (await missions.confirm(GUILD, 1, "민지", MISSION, samples.PODMAN)).reply
    assert again.title == "이미 완료한 미션이에요"
    assert "다시 제출하지 않아도 돼요" in again.body
    stored = await db.missions.get_confirmation(GUILD, 1, MISSION)
    assert stored is not None and (stored.status, stored.evidence) == (MissionStatus.CONFIRMED, samples.LINUX)


async def test_a_5000_character_paste_is_refused_and_loses_nothing(missions: MissionService, db: Database) -> None:
    await missions.confirm(GUILD, 1, "민지", MISSION, samples.GREETING_ONLY)
    await missions.request_review(GUILD, 1, "민지", 0)  # pending, with its evidence
    huge = samples.LINUX + "x" * (5000 - len(samples.LINUX))
    for attempt in (lambda: missions.check(MISSION, huge), lambda: missions.confirm(GUILD, 1, "민지", MISSION, huge)):
        with pytest.raises(UserFacingError) as refused:
            result = attempt()
            if not isinstance(result, Reply):
                await result
        message = refused.value.message
        assert message.startswith("붙여 넣은 내용이 너무 길어요")
        assert "5,000자" in message and "4,000자 이내" in message
        assert VERSION_FIELD in message  # what to paste instead
    stored = await db.missions.get_confirmation(GUILD, 1, MISSION)
    assert stored is not None and (stored.status, stored.evidence) == (MissionStatus.PENDING, samples.GREETING_ONLY)


async def test_evidence_up_to_the_limit_is_stored_whole(missions: MissionService, db: Database) -> None:
    text = samples.LINUX + " " * (4000 - len(samples.LINUX))
    assert (await missions.confirm(GUILD, 1, "민지", MISSION, text)).reply.title == "🎉 미션 완료!"
    stored = await db.missions.get_confirmation(GUILD, 1, MISSION)
    assert stored is not None and stored.evidence == text


async def test_unknown_mission_and_empty_paste_get_clear_messages(missions: MissionService, db: Database) -> None:
    with pytest.raises(NotFound) as unknown:
        await missions.confirm(GUILD, 1, "민지", "k8s-install", samples.LINUX)
    assert "'k8s-install'" in unknown.value.message and "docker-install" in unknown.value.message
    with pytest.raises(NotFound):
        missions.check("k8s-install", samples.LINUX)
    with pytest.raises(UserFacingError, match="비어 있어요"):
        await missions.confirm(GUILD, 1, "민지", MISSION, "   \n")
    assert await db.missions.get_confirmation(GUILD, 1, MISSION) is None  # nothing was recorded


async def test_organizers_verify_and_revoke_with_an_audit_trail(
    missions: MissionService, db: Database, clock: FakeClock
) -> None:
    # A screenshot-style paste without the version line: refused by the rule, sent for review.
    await missions.confirm(GUILD, 1, "민지", MISSION, samples.GREETING_ONLY)
    await missions.request_review(GUILD, 1, "민지", 0)
    verified = (await missions.verify(GUILD, ORGANIZER, 1, MISSION, "화면 공유로 버전 확인")).reply
    assert verified.title == "✅ 확인했어요"
    assert "민지 님" in verified.body and "검토 대기 → 확인 완료" in verified.body
    assert (await missions.verify(GUILD, ORGANIZER, 1, MISSION)).reply.title == "이미 확인 완료예요"

    with pytest.raises(UserFacingError, match="사유를 적어 주세요"):
        await missions.revoke(GUILD, ORGANIZER, 1, MISSION, "  ")
    with pytest.raises(UserFacingError, match="500자 이내"):
        await missions.revoke(GUILD, ORGANIZER, 1, MISSION, "가" * 501)
    clock.advance(minutes=5)
    revoked = await missions.revoke(GUILD, ORGANIZER, 1, MISSION, "다른 사람의 출력")
    assert revoked.reply.title == "↩️ 확인을 취소했어요" and "사유: 다른 사람의 출력" in revoked.reply.body
    assert revoked.revoked and revoked.reason == "다른 사람의 출력"
    with pytest.raises(UserFacingError, match=r"준호 님.*취소할 확인이 없어요"):
        await missions.revoke(GUILD, ORGANIZER, 2, MISSION, "실수", display_name="준호")

    audit = await db.audit.list_audit(GUILD)
    assert [(e.action, e.actor_id, e.target_id, e.detail) for e in audit] == [
        ("mission_revoke", ORGANIZER, 1, "docker-install: 다른 사람의 출력"),
        ("mission_verify", ORGANIZER, 1, "docker-install: 화면 공유로 버전 확인"),
    ]
    assert await db.audit.list_audit(OTHER) == []

    # after a revoke, even passing evidence waits for an organizer, however often it is pasted
    for _ in range(2):
        again = (await missions.confirm(GUILD, 1, "민지", MISSION, samples.LINUX)).reply
        assert again.title == "제출했어요 — 운영진 확인 대기"
        stored = await db.missions.get_confirmation(GUILD, 1, MISSION)
        assert stored is not None and stored.status is MissionStatus.PENDING
    # and a review request of failed evidence does not undo the revoke either
    await missions.confirm(GUILD, 1, "민지", MISSION, samples.PODMAN)
    await missions.request_review(GUILD, 1, "민지", 0)
    assert (await missions.confirm(GUILD, 1, "민지", MISSION, samples.MACOS)).reply.title.startswith("제출했어요")
    # until an organizer decides
    assert (await missions.verify(GUILD, ORGANIZER, 1, MISSION)).confirmed
    assert (await missions.take_notices(GUILD, 1, "서버")) == []  # the revoke notice went with the revoke


async def test_a_verify_expecting_pending_decides_nothing_once_the_state_moved_on(
    missions: MissionService, db: Database
) -> None:
    """The review queue's verify: a card drawn while the member was pending must not act on a newer state."""
    with pytest.raises(UserFacingError, match=r"'아직 안 함' 상태.*아무것도 바꾸지 않았어요"):
        await missions.verify(GUILD, ORGANIZER, 1, MISSION, expected=MissionStatus.PENDING, display_name="민지")
    assert await db.missions.get_confirmation(GUILD, 1, MISSION) is None

    await missions.confirm(GUILD, 1, "민지", MISSION, samples.GREETING_ONLY)
    await missions.request_review(GUILD, 1, "민지", 0)
    first = await missions.verify(GUILD, ORGANIZER, 1, MISSION, expected=MissionStatus.PENDING, next_review=0)
    assert first.confirmed
    # a second organizer on the same card: the same decision already stands, so it is only said
    second = await missions.verify(GUILD, ORGANIZER + 1, 1, MISSION, expected=MissionStatus.PENDING, next_review=0)
    assert second.reply.title == "이미 확인 완료예요" and not second.confirmed
    assert [e.action for e in await db.audit.list_audit(GUILD)] == ["mission_verify"]


async def test_status_tells_the_member_what_to_do_next(missions: MissionService) -> None:
    before = await missions.status(GUILD, 1)
    assert "⬜ 아직 안 함" in before.fields[0].value and command("mission confirm") in before.fields[0].value
    await missions.confirm(GUILD, 1, "민지", MISSION, samples.GREETING_ONLY)
    await missions.request_review(GUILD, 1, "민지", 0)
    pending = (await missions.status(GUILD, 1)).fields[0].value
    assert pending.startswith("⏳ 검토 대기 (12/02 09:00)")
    assert "빠진 항목: 도커 버전" in pending
    await missions.confirm(GUILD, 1, "민지", MISSION, samples.MACOS)
    assert "🎉 완료했어요!" in (await missions.status(GUILD, 1)).fields[0].value
    assert "아직 안 함" in (await missions.status(OTHER, 1)).fields[0].value


async def test_roster_groups_the_servers_members(missions: MissionService, db: Database) -> None:
    await missions.confirm(GUILD, 1, "민지", MISSION, samples.LINUX)
    await missions.confirm(GUILD, 2, "준호", MISSION, samples.PODMAN)
    await missions.request_review(GUILD, 2, "준호", 0)
    await missions.confirm(GUILD, 4, "하늘", MISSION, samples.WINDOWS)
    await missions.revoke(GUILD, ORGANIZER, 4, MISSION, "중복 계정")
    await db.guilds.upsert_member(GUILD, 3, "서연")
    await db.guilds.upsert_member(OTHER, 5, "다른 서버")
    roster = await rosters(missions, db).roster(GUILD)
    assert roster.body == (
        "이 서버에서 봇을 사용한 멤버 4명\n✅ 확인 완료 1명 · ⏳ 검토 대기 1명 · ↩️ 취소됨 1명 · ⬜ 아직 안 함 1명\n\n"
        f"✅ 확인 완료 (1명)\n{member(1, '민지')}\n\n⏳ 검토 대기 (1명)\n{member(2, '준호')}\n\n"
        f"↩️ 취소됨 (1명)\n{member(4, '하늘')}\n\n⬜ 아직 안 함 (1명)\n{member(3, '서연')}"
    )
    # one page: no page buttons, only the review queue of the one pending submission
    assert [[(b.action, b.label) for b in row] for row in roster.buttons] == [
        [("mission:pending:0:0", "⏳ 검토 대기 제출 보기 (1명)")]
    ]
    assert roster.footer == "1/1 페이지 · 한 페이지에 60명"


def test_info_lists_what_the_bot_checks(missions: MissionService) -> None:
    info = missions.info()
    assert info.title == "🐳 [실전 미션] 도커 설치하기"
    assert fields(info)["봇이 확인하는 것"] == f"• {VERSION_FIELD}\n• {HELLO_FIELD}"


async def test_the_review_queue_shows_each_pending_paste_within_the_limits(
    missions: MissionService, db: Database
) -> None:
    view = rosters(missions, db)
    empty = await view.review(GUILD, 0)
    assert empty.body == "검토를 기다리는 제출이 없어요. 🎉" and empty.buttons == ()
    long_paste = "```\n" + samples.PODMAN + "." * (4000 - 4 - len(samples.PODMAN))
    await missions.confirm(GUILD, 1, "민지", MISSION, long_paste)
    await missions.request_review(GUILD, 1, "민지", 0)
    card = await view.review(GUILD, 0, position=7)  # past the end: the last one
    assert card.title == "⏳ 검토 대기 1/1 — [실전 미션] 도커 설치하기"
    assert card.body.startswith(f"{member(1, '민지')} · 12/02 09:00 제출\n운영진 확인 요청 · 빠진 항목: ")
    assert "```\n'''\n" in card.body  # a fence in the paste cannot end the code block early
    assert card.body.endswith("```\n(앞부분 3,500자만 보여요. 전체 4,000자)")
    assert len(card.body) <= 4096
    assert [[b.action for b in row] for row in card.buttons] == [["mission:verify:0:1:0"]]
