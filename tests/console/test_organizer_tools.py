"""The organizer's commands in the console, each reaching the service call the Discord command makes: the
channel quiz (posted in #study, answered by every member, closed by its deadline on /clock or by "지금
마감"), the mission roster, verify and revoke (with the member's notice), and the schedule's refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.console.options import ChannelRef
from bot.console.repl import completion_words
from bot.services.schedules import BAD_ZONE
from tests.console.driver import ConsoleDriver, console
from tests.console.facts import answer_action
from tests.services.evidence_samples import CAPTURED_NO_DAEMON
from tests.store.support import seoul

pytestmark = pytest.mark.timeout(30)
START = seoul(2026, 12, 1, 9)
GUILD = 900_000_000_000_000_001


def pending(c: ConsoleDriver) -> list[str]:
    return [b.action for b in c.session.pending]


async def press(c: ConsoleDriver, action: str) -> str:
    return await c.type(str(pending(c).index(action) + 1))


async def channel_question(c: ConsoleDriver) -> str:
    session_id = int(pending(c)[0].split(":")[2])
    session = await c.session.app.db.quizzes.get_quiz_session(GUILD, session_id)
    assert session is not None
    return session.question_ids[0]


async def test_a_channel_quiz_is_answered_by_members_and_closed_by_the_clock(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        out = await c.type("/quiz channel seconds:30")
        assert out.startswith("📣 #study 채널에 채널 퀴즈가 올라왔어요 (모두 답할 수 있어요)\n")
        assert "✅ 채널 퀴즈를 올렸어요. 30초 뒤에 마감하고 결과를 알려 드려요." in out
        question = await channel_question(c)
        course = c.session.app.course
        await c.type("/as 준호")  # a channel message's buttons stay for everyone
        right = answer_action(course, question, [a.replace("channel", "answer:0") for a in pending(c)], right=True)
        said = await press(c, right.replace("answer:0", "channel"))
        assert "한 번 고른 답은 바꿀 수 없어요" in said
        again = await press(c, right.replace("answer:0", "channel"))
        assert again.startswith("⚠️ 이미 답했어요")
        await c.type("/as 서연")
        assert "⚠️ 이 명령은 운영진만 쓸 수 있어요." in await press(c, pending(c)[-1])  # "지금 마감"
        out = await c.type("/clock +1m")
        assert "📣 #study 채널 퀴즈가 마감됐어요" in out
        assert "@준호" in out  # the first right answer, as "@name"
        assert await c.type("/clock +1m") == (
            "🕘 가상 시각을 옮겼어요: 2026-12-01(화) 09:01 → 2026-12-01(화) 09:02 (Asia/Seoul)\n"
        )


async def test_the_organizer_closes_a_channel_quiz_early(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        await c.type("/quiz channel")
        close = pending(c)[-1]
        assert close.startswith("quiz:close:")
        out = await press(c, close)
        assert "■ " in out and "📣" not in out  # the quiz message itself shows the results
        answers = [b for b in c.session.pending if b.action.startswith("quiz:channel:")]
        assert answers and all(b.disabled for b in answers)  # the buttons stay, disabled
        assert (await c.type("1")).startswith("⚠️ ") and "버튼은 지금 누를 수 없어요" in await c.type("1")
        assert "📣" not in await c.type("/clock +2m")  # closed once: the deadline finds it closed


async def test_roster_verify_revoke_and_the_members_notice(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        roster = await c.type("/mission roster")
        assert "■ " in roster
        verified = await c.type("/mission verify 준호")
        assert "준호" in verified and "⚠️" not in verified
        revoked = await c.type("/mission revoke member:준호 reason:출력이 다른 사람 것과 같아요")
        assert "멤버가 다음에 봇을 쓸 때 알려 줄게요" in revoked
        await c.type("/as 준호")
        out = await c.type("/mission status")
        assert "📬 준호 님에게 온 알림" in out and "출력이 다른 사람 것과 같아요" in out
        assert "📬" not in await c.type("/mission status")  # each notice once
        assert "⚠️ 이 명령은 운영진만 쓸 수 있어요." in await c.type("/mission roster")
        missing = await c.type("/mission revoke 서연")
        assert missing.startswith("⚠️ reason 옵션을 넣어 주세요.")


async def test_schedule_refusals_and_completion(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        assert (await c.type("/schedule set #random 09:00")).startswith(
            "⚠️ '#random' 채널은 이 서버에 없어요. 채널: #study"
        )
        assert (await c.type("/schedule set #study")).startswith("⚠️ time 옵션을 넣어 주세요.")
        bad_zone = await c.type("/schedule set #study 09:00 timezone:Mars/Base")
        assert BAD_ZONE.format(value="'Mars/Base'은(는)") in " ".join(bad_zone.split())
        assert "아직 일정이 없어요" in await c.type("/schedule show")
        assert "⚠️ 아직 일정이 없어요" in await c.type("/schedule resume")
        assert "⚠️ 아직 게시할 채널이 없어요" in await c.type("/schedule post-now")
        words = completion_words(c.session)
        assert "/schedule set #study" in words and "/quiz start" in words and "/mission roster" in words
        assert any(isinstance(o.kind, ChannelRef) for cmd in c.session.commands for o in cmd.options)


async def test_a_failed_paste_goes_to_review_and_the_organizer_verifies_it_from_the_queue(tmp_path: Path) -> None:
    """The mission buttons: "운영진 확인 요청" (mission:review), the roster's queue (mission:pending) and
    "✅ 확인 완료로" (mission:verify), each reaching the service call of its Discord DynamicItem."""
    async with console(tmp_path, START, as_name="서연") as c:
        failed = await c.type("/mission confirm", *CAPTURED_NO_DAEMON.splitlines(), "", "")
        assert "■ 🎉" not in failed
        review = next(a for a in pending(c) if a.startswith("mission:review:"))
        sent = await press(c, review)
        assert "⚠️" not in sent
        await c.type("/as 민지")
        await c.type("/mission roster")
        queue = next(a for a in pending(c) if a.startswith("mission:pending:"))
        card = await press(c, queue)
        assert "서연" in card and "Cannot connect to the Docker daemon" in " ".join(card.split())
        verify = next(a for a in pending(c) if a.startswith("mission:verify:"))
        await press(c, verify)
        await c.type("/as 서연")
        assert "✅ 확인 완료" in await c.type("/mission status")
