"""The console adapter in this process: commands, options and their checks, buttons, the modal, members
and the clock, asserted on what the terminal shows and on the database rows behind it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.console.commands import ActionRoute, Caller, ConsoleCommand
from bot.services.reply import Button, Reply
from tests.console.driver import console
from tests.services.evidence_samples import LINUX
from tests.store.support import seoul

START = seoul(2026, 12, 1, 9)
GUILD = 900_000_000_000_000_001
MINJI, JUNHO = 900_000_000_000_000_101, 900_000_000_000_000_102


async def test_concept_by_number_or_name_records_the_read(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        out = await c.type("/concept show 3")
        assert "■ 📖 3번째 개념 · 경량화" in out
        out = await c.type("/concept show concept:도커 이미지")
        assert "■ 📖 9번째 개념 · 도커 이미지" in out
        listing = await c.type("/concept list")
        assert "✅ 3. 경량화" in listing and "✅ 9. 도커 이미지" in listing and "⬜ 1." in listing
        assert await c.session.app.db.progress.read_concepts(GUILD, MINJI) == {
            c.session.app.course.concepts[2].id,
            c.session.app.course.concepts[8].id,
        }


async def test_unknown_and_ambiguous_concepts_get_the_services_message(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        out = await c.type("/concept show 도커")
        assert out.startswith("⚠️ '도커'에 맞는 개념이 여러 개예요 (도커란 무엇입니까?")
        out = await c.type("/concept show 99")
        assert out.startswith("⚠️ '99'에 해당하는 개념이 없어요. /concept list로 목록을 확인해 보세요.")
        assert await c.session.app.db.progress.read_concepts(GUILD, MINJI) == set()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/nope", "⚠️ '/nope'은(는) 없는 명령이에요. /help 로 쓸 수 있는 명령을 확인해 주세요."),
        (
            "/concept shw",
            "⚠️ '/concept shw'은(는) 없는 명령이에요. /concept 다음에는 today, show, list 중 하나를 써 주세요.",
        ),
        (
            "/concept show",
            "⚠️ concept 옵션을 넣어 주세요. 사용법: /concept show concept:<개념 이름 일부 또는 번호 1~11>",
        ),
        ("/concept show " + "가" * 101, "⚠️ concept 옵션은 1~100자로 적어 주세요 (지금 101자)."),
        (
            "/leaderboard period:year",
            "⚠️ period 옵션은 week(이번 주 (월요일부터)), month(이번 달), all(전체) 중 하나로 골라 주세요",
        ),
        ("/leaderboard colour:red", "⚠️ 'colour' 옵션은 /leaderboard에 없어요. 쓸 수 있는 옵션: period"),
        ("/concept list extra", "⚠️ 'extra'은(는) 어느 옵션의 값인지 모르겠어요. /concept list"),
        ("/progress member:철수", "⚠️ '철수' 멤버는 이 서버에 없어요. 멤버: 민지 (운영진), 준호, 서연"),
        ('/concept show "도커', "⚠️ 따옴표가 닫히지 않았어요."),
        ("concept today", "⚠️ 명령은 /로 시작해요 (예: /concept today)."),
        ("3", "⚠️ 명령은 /로 시작해요"),
        ("/clock -1d", "⚠️ 시간은 앞으로만 옮길 수 있어요."),
        ("/clock tomorrow", "⚠️ 시각을 알아볼 수 없어요: 'tomorrow'."),
        ("/as 철수", "⚠️ '철수' 멤버는 이 서버에 없어요."),
    ],
)
async def test_bad_input_gets_a_korean_message_and_the_session_goes_on(tmp_path: Path, line: str, message: str) -> None:
    async with console(tmp_path, START) as c:
        out = await c.type(line)
        assert out.startswith(message), out
        assert "■ 📊 민지 님의 학습 현황" in await c.type("/progress")


async def test_leaderboard_period_by_value_korean_name_or_number(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        await c.type("/concept today")
        assert "■ 🏆 이번 달 순위" in await c.type("/leaderboard month")
        assert "■ 🏆 이번 달 순위" in await c.type("/leaderboard period:이번달")
        assert "■ 🏆 전체 순위" in await c.type("/leaderboard 3")
        assert "🥇 민지 — 10점 (정답 0 · 개념 1)" in await c.type("/leaderboard")


async def test_organizer_commands_refuse_members_with_discords_message(tmp_path: Path) -> None:
    async with console(tmp_path, START, as_name="준호") as c:
        out = await c.type("/study report")
        assert out == "⚠️ 이 명령은 운영진만 쓸 수 있어요. (서버 관리 권한이나 운영진 역할이 필요해요)\n"
        assert (await c.type("/study export")).startswith("⚠️ 이 명령은 운영진만 쓸 수 있어요.")
        assert not (tmp_path / "console-files").exists()
        assert await c.session.app.db.audit.list_audit(GUILD) == []
        assert "이제 민지(운영진) 님이에요." in await c.type("/as 민지")
        assert "■ 📋 스터디 리포트" in await c.type("/study report")
        await c.type("/study export")
        assert [(e.actor_id, e.action) for e in await c.session.app.db.audit.list_audit(GUILD)] == [(MINJI, "export")]


async def test_export_saves_the_csv_beside_the_database(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        await c.type("/concept today")
        out = await c.type("/study export")
        saved = tmp_path / "console-files" / "studybot-900000000000000001-20261201.csv"
        assert f"📎 첨부 파일을 저장했어요: {saved}" in out
        rows = saved.read_bytes().decode("utf-8-sig").splitlines()
        assert rows[0].startswith("user_id,display_name,concepts_read")
        assert rows[1].startswith(f"{MINJI},민지,1,0,0,,1,10,not_started")


async def test_mission_confirm_reads_lines_until_an_empty_one(tmp_path: Path) -> None:
    async with console(tmp_path, START, as_name="서연") as c:
        out = await c.type("/mission confirm", *LINUX.splitlines(), "", "")
        assert "📝 [실전 미션] 도커 설치하기 — 명령의 출력: docker --version 과" in out
        assert "│ Docker version 27.3.1, build ce12230" in out
        assert "■ 🎉 미션 완료!" in out
        assert "✅ 확인 완료" in await c.type("/mission status")
        assert "🐳 [실전 미션] 도커 설치하기: 확인 완료 (12/01)" in await c.type("/progress")


async def test_mission_confirm_can_be_cancelled_and_keeps_nothing(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        out = await c.type("/mission confirm", "/cancel")
        assert "제출을 취소했어요. 아무것도 저장하지 않았어요." in out
        assert "⬜ 아직 안 함" in await c.type("/mission status")


async def test_progress_of_another_member_and_switching_members(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        assert "이제 준호 님이에요." in await c.type("/as 준호")
        await c.type("/concept show 1")
        await c.type("/as @민지")
        out = await c.type("/progress member:준호")
        assert "■ 📊 준호 님의 학습 현황" in out and "📖 읽은 개념: 1/11개" in out
        assert await c.session.app.db.progress.read_concepts(GUILD, JUNHO) == {c.session.app.course.concepts[0].id}


async def test_clock_moves_the_time_every_service_reads(tmp_path: Path) -> None:
    async with console(tmp_path, START) as c:
        await c.type("/concept show 1")
        out = await c.type("/clock +1d")
        assert out == "🕘 가상 시각을 옮겼어요: 2026-12-01(화) 09:00 → 2026-12-02(수) 09:00 (Asia/Seoul)\n"
        await c.type("/concept show 2")
        assert "🔥 연속 학습: 2일" in await c.type("/progress")
        await c.type("/clock 2026-12-05 21:30")
        assert "🔥 연속 학습: 0일 (최고 2일)" in await c.type("/progress")
        assert "2026-12-05(토) 21:30" in await c.type("/clock")
        assert "2026-12-06(일) 08:00" in await c.type("/clock 08:00")
        assert "2026-12-08(화) 10:30" in await c.type("/clock +2d2h30m")


async def test_help_lists_every_command_with_its_options(tmp_path: Path) -> None:
    async with console(tmp_path, START, as_name="준호") as c:
        out = await c.type("/help")
        for usage in (
            "/concept today",
            "/concept show concept:<",
            "/concept list",
            "/mission info",
            "/mission confirm",
            "/mission status",
            "/progress [member:<멤버 이름>]",
            "/leaderboard [period:<week(이번 주 (월요일부터)), month(이번 달), all(전체)>]",
            "/study report",
            "/study export",
            "/quiz start [concept:<",
            "/quiz channel [concept:<",
            "/schedule set channel:<#채널> time:<글자 1~20자> [timezone:<글자 1~64자>]",
            "/schedule show",
            "/schedule pause",
            "/schedule resume",
            "/schedule post-now",
            "/mission roster",
            "/mission verify member:<멤버 이름>",
            "/mission revoke member:<멤버 이름> reason:<글자 1~500자>",
            "/as 이름",
            "/clock",
            "/quit",
        ):
            assert f"• {usage}" in out, usage


async def test_buttons_are_numbered_and_pressed_by_number_or_letter(tmp_path: Path) -> None:
    """The routing every button-carrying feature (post, quiz, roster) plugs into: a reply's buttons are
    numbered across rows, a number or letter presses one, its action reaches the route with its match."""
    pressed: list[tuple[str, int]] = []

    async def answer(app: object, who: Caller, values: dict[str, str]) -> Reply:
        pressed.append((values["n"], who.user_id))
        return Reply(body=f"{values['n']}번을 골랐어요")

    async def question(app: object, who: Caller, options: dict[str, object]) -> Reply:
        buttons = ((Button("demo:1", "A. 하나"), Button("demo:2", "B. 둘")), (Button("demo:3", "닫힘", disabled=True),))
        return Reply(title="문제", body="어느 쪽일까요?", buttons=buttons)

    async with console(tmp_path, START, actions=(ActionRoute(re.compile(r"demo:(?P<n>\d)"), answer),)) as c:
        c.session.commands = (*c.session.commands, ConsoleCommand("demo", "데모", question))
        out = await c.type("/demo")
        assert "[1] A. 하나   [2] B. 둘\n[3] 닫힘 (비활성)" in out
        assert "번호나 글자를 입력하면 버튼을 눌러요." in out
        assert await c.type("9") == "⚠️ '9'에 해당하는 버튼이 없어요. 1~3 또는 a~c 중에서 골라 주세요.\n"
        assert await c.type("3") == "⚠️ '닫힘' 버튼은 지금 누를 수 없어요.\n"
        assert await c.type("b") == "2번을 골랐어요\n"
        assert pressed == [("2", MINJI)]
        assert (await c.type("1")).startswith("⚠️ 명령은 /로 시작해요")  # the answered message has no buttons now


async def test_an_unexpected_error_is_reported_and_the_session_goes_on(tmp_path: Path) -> None:
    async def broken(app: object, who: Caller, options: dict[str, object]) -> Reply:
        raise RuntimeError("boom")

    async with console(tmp_path, START) as c:
        c.session.commands = (*c.session.commands, ConsoleCommand("broken", "고장", broken))
        assert (
            await c.type("/broken") == "❌ 앗, 처리 중에 예상하지 못한 오류가 났어요: RuntimeError. 세션은 계속돼요.\n"
        )
        assert "■ 📊 민지 님의 학습 현황" in await c.type("/progress")


async def test_the_clock_fires_one_daily_post_per_local_day_through_the_ledger(tmp_path: Path) -> None:
    """`/clock` stops at each post instant on the way (the scheduler's cron), and the ledger decides: a day
    with a post-now gets no second post, the next day gets the next concept."""
    async with console(tmp_path, START) as c:
        concepts = c.session.app.course.concepts
        assert "다음 게시: 12월 1일 (화) 10:00" in await c.type("/schedule set #study 10:00")
        out = await c.type("/clock +1d")  # 12-01 09:00 -> 12-02 09:00 crosses 12-01 10:00 only
        assert out.count("📣 #study 채널에 봇이 글을 올렸어요") == 1
        assert f"■ 📅 오늘의 개념 (1일째) · {concepts[0].title}" in out
        assert "[1] 읽었어요 ✅   [2] 오늘의 퀴즈" in out
        now = await c.type("/schedule post-now")  # 12-02 09:00: counts as today's post
        assert f"■ 📅 오늘의 개념 (2일째) · {concepts[1].title}" in now and "■ 지금 올렸어요" in now
        out = await c.type("/clock +3h")  # 12-02 10:00 passes: the day is done
        assert "📣" not in out
        out = await c.type("/clock 2026-12-04 12:00")  # two more days, two more posts, in order
        assert out.index("(3일째)") < out.index("(4일째)") and out.count("📣") == 2
        assert f"(4일째) · {concepts[3].title}" in await c.type("/concept today")
        assert "▶️ 진행 중" in await c.type("/schedule show")
        await c.type("/schedule pause")
        assert "📣" not in await c.type("/clock +1d")
        await c.type("/schedule resume")
        assert "(5일째)" in await c.type("/clock +1d")
        await c.type("/clock")  # only showing the time runs nothing
        rows = await c.session.app.db.audit.list_audit(GUILD)
        assert "schedule_post_now" in [row.action for row in rows]
