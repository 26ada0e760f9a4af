"""Progress service: reads, and what members and organizers see (quizzes: test_quizzes.py)."""

from __future__ import annotations

import pytest

from bot.core.course import Course
from bot.services.errors import NotFound, UserFacingError
from bot.services.missions import MissionService
from bot.services.progress import ProgressService
from bot.services.quizzes import QuizService
from bot.services.reply import Reply, command
from bot.store import Database
from tests.services import evidence_samples as samples
from tests.services.quiz_support import answer_all
from tests.store.support import FakeClock, seoul

GUILD, OTHER = 10, 20


def fields(reply: Reply) -> dict[str, str]:
    return {f.name: f.value for f in reply.fields}


async def test_a_read_counts_once_and_unknown_concepts_are_refused(
    progress: ProgressService, course: Course, db: Database
) -> None:
    concept = course.concepts[0].id
    assert await progress.record_read(GUILD, 1, "민지", concept) is True
    assert await progress.record_read(GUILD, 1, "민지", concept) is False
    assert await progress.read_concepts(GUILD, 1) == {concept}
    with pytest.raises(NotFound, match="없는 개념"):
        await progress.record_read(GUILD, 1, "민지", "kubernetes")
    assert await db.progress.read_concepts(GUILD, 1) == {concept}


async def test_member_summary_shows_reads_accuracy_streak_points_and_mission(
    progress: ProgressService, quizzes: QuizService, missions: MissionService, course: Course, clock: FakeClock
) -> None:
    clock.now = seoul(2024, 12, 2, 23, 59)  # Monday
    await progress.record_read(GUILD, 1, "민지", course.concepts[0].id)
    quiz = await quizzes.open_quiz(GUILD, 1, "민지", course.concepts[0].id, 3)
    clock.now = seoul(2024, 12, 3, 0, 1)  # two minutes later, but the next day
    await answer_all(quizzes, quiz, 1, "민지", right=set(quiz.question_ids[:2]))
    await progress.record_read(GUILD, 1, "민지", course.concepts[1].id)
    await missions.confirm(GUILD, 1, "민지", "docker-install", samples.LINUX)

    summary = await progress.member_summary(GUILD, 1)
    assert summary.title == "📊 민지 님의 학습 현황"
    shown = fields(summary)
    assert shown["📖 읽은 개념"] == f"2/{len(course.concepts)}개"
    assert shown["📝 퀴즈"] == "3문제 · 정답 2개 (67%)"
    assert shown["🔥 연속 학습"] == "2일"
    # 2 reads x 10 + 2 right x 2 + 2 first-try x 3 + mission 20
    assert shown["⭐ 점수"] == "이번 주 50점 (1위) · 전체 50점 (1위)"
    assert shown["🐳 [실전 미션] 도커 설치하기"] == "확인 완료 (12/03)"
    assert shown["📊 개념별 정답률 (약한 순)"] == f"• {course.concepts[0].title} — 2/3 (67%)"
    assert shown["🔁 복습"] == "지금 복습할 문제 1개 — ⟦quiz start⟧ 로 풀 수 있어요."  # the missed one is due at once

    clock.now = seoul(2024, 12, 6, 9)
    later = fields(await progress.member_summary(GUILD, 1))
    assert later["🔥 연속 학습"] == "0일 (최고 2일)"


async def test_member_summary_without_any_record_invites_to_start(progress: ProgressService) -> None:
    reply = await progress.member_summary(GUILD, 1, "민지")
    assert reply.title == "📊 민지 님의 학습 현황"
    assert "아직 학습 기록이 없어요" in reply.body and command("concept today") in reply.body


async def test_leaderboard_lists_this_servers_members_by_points(
    progress: ProgressService, course: Course, clock: FakeClock
) -> None:
    clock.now = seoul(2024, 12, 4, 10)
    for user, name, reads in [(1, "민지", 1), (2, "준호", 3), (3, "서연", 1)]:
        for concept in course.concepts[:reads]:
            await progress.record_read(GUILD, user, name, concept.id)
        clock.advance(minutes=1)
    await progress.record_read(OTHER, 9, "다른 서버", course.concepts[0].id)

    board = await progress.leaderboard(GUILD, "week")
    assert board.title == "🏆 이번 주 순위"
    assert board.body.splitlines() == [
        "🥇 준호 — 30점 (정답 0 · 개념 3)",
        "🥈 민지 — 10점 (정답 0 · 개념 1)",  # 민지 reached 10 before 서연
        "🥉 서연 — 10점 (정답 0 · 개념 1)",
    ]
    assert not board.ephemeral
    assert "개념 읽기 10" in (board.footer or "") and "12/02부터" in (board.footer or "")

    clock.now = seoul(2024, 12, 9, 10)  # a new week
    empty = await progress.leaderboard(GUILD, "week")
    assert "이번 주에는 아직 점수를 얻은 멤버가 없어요" in empty.body
    assert (await progress.leaderboard(GUILD, "all")).body.startswith("🥇 준호 — 30점")


async def test_an_unknown_period_gets_a_korean_message(progress: ProgressService) -> None:
    with pytest.raises(UserFacingError) as refused:
        await progress.leaderboard(GUILD, "year")
    assert "'year'은(는) 없는 기간이에요" in refused.value.message and "week(이번 주)" in refused.value.message


async def test_group_report_shows_missions_accuracy_and_what_to_review(
    progress: ProgressService, quizzes: QuizService, missions: MissionService, course: Course
) -> None:
    concept = course.concepts[0]
    hard, easy = course.questions_for(concept.id)[:2]
    for user, name in [(1, "민지"), (2, "준호"), (3, "서연")]:
        quiz = await quizzes.open_quiz(GUILD, user, name, concept.id, 2)
        await answer_all(quizzes, quiz, user, name, right={easy.id} if user != 3 else {easy.id, hard.id})
    await missions.confirm(GUILD, 1, "민지", "docker-install", samples.MACOS)
    await missions.confirm(GUILD, 2, "준호", "docker-install", samples.PODMAN)
    await missions.request_review(GUILD, 2, "준호", 0)  # failed evidence -> sent for review

    report = await progress.group_report(GUILD)
    assert report.body == "멤버 3명 · 이번 주 활동 3명 · 퀴즈 6문제 (정답률 67%)"
    shown = fields(report)
    assert shown["🐳 [실전 미션] 도커 설치하기"] == "확인 완료 1/3명 (33%) · 검토 대기 1명"
    assert shown["📊 개념별 정답률"] == f"1. {concept.title} — 67% (4/6)"
    assert shown["❌ 가장 많이 틀린 문제"].startswith(f"• {hard.prompt[:30]}")
    assert shown["❌ 가장 많이 틀린 문제"].endswith("오답 2/3")
    assert shown["⚠️ 약한 개념 (다시 보면 좋아요)"] == f"• {concept.title} — 67%"
    assert (await progress.group_report(OTHER)).body == "아직 이 서버의 학습 기록이 없어요."
