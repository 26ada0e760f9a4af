"""Progress service: reads, quizzes picked by review state, answers, and what members and organizers see."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.course import Course
from bot.services.errors import NotFound, UserFacingError
from bot.services.missions import MissionService
from bot.services.progress import ProgressService, QuizSession
from bot.services.reply import Reply, Tone, command
from bot.store import AnswerStatus, Database
from tests.services import evidence_samples as samples
from tests.store.support import FakeClock, seoul

GUILD, OTHER = 10, 20


def fields(reply: Reply) -> dict[str, str]:
    return {f.name: f.value for f in reply.fields}


async def answer_all(
    progress: ProgressService, quiz: QuizSession, user: int, name: str, right: set[str] | None = None
) -> None:
    """Answer every question of the quiz: right for the ids in `right` (all when None), wrong otherwise."""
    for question in quiz.questions:
        correct = right is None or question.id in right
        result = await progress.record_answer(GUILD, user, name, quiz.session_id, question.id, "답", correct)
        assert result.counted


async def test_a_read_counts_once_and_unknown_concepts_are_refused(
    progress: ProgressService, course: Course, db: Database
) -> None:
    concept = course.concepts[0].id
    assert await progress.record_read(GUILD, 1, "민지", concept) is True
    assert await progress.record_read(GUILD, 1, "민지", concept) is False
    assert await progress.read_concepts(GUILD, 1) == {concept}
    with pytest.raises(NotFound, match="없는 개념"):
        await progress.record_read(GUILD, 1, "민지", "kubernetes")
    assert await db.read_concepts(GUILD, 1) == {concept}


async def test_a_quiz_asks_missed_questions_again_first_then_new_ones(
    progress: ProgressService, course: Course, clock: FakeClock
) -> None:
    first = await progress.start_quiz(GUILD, 1, "민지", None, 3)
    assert [q.id for q in first.questions] == [q.id for q in course.questions[:3]]  # unseen, in course order
    missed = first.questions[0].id
    await answer_all(progress, first, 1, "민지", right={q.id for q in first.questions[1:]})

    clock.advance(minutes=10)
    second = await progress.start_quiz(GUILD, 1, "민지", None, 3)
    ids = [q.id for q in second.questions]
    assert ids[0] == missed  # due again at once
    assert set(ids[1:]).isdisjoint({q.id for q in first.questions})  # then unseen ones, nothing repeated
    assert len(set(ids)) == 3
    await answer_all(progress, second, 1, "민지")

    clock.advance(days=1, minutes=1)  # the right answers of the first quiz are due after a day
    third = await progress.start_quiz(GUILD, 1, "민지", None, 10)
    assert [q.id for q in third.questions[:2]] == [q.id for q in first.questions[1:]]
    assert len({q.id for q in third.questions}) == 10


async def test_unseen_questions_of_read_concepts_come_first(progress: ProgressService, course: Course) -> None:
    later = course.concepts[5]
    await progress.record_read(GUILD, 1, "민지", later.id)
    picked = await progress.pick_questions(GUILD, 1, None, 2)
    assert {q.concept_id for q in picked} == {later.id}


async def test_a_quiz_on_one_concept_stays_on_it_and_count_is_bounded(
    progress: ProgressService, course: Course
) -> None:
    concept = course.concepts[1]
    quiz = await progress.start_quiz(GUILD, 1, "민지", concept.id, 50)
    assert {q.concept_id for q in quiz.questions} == {concept.id}
    assert len(quiz.questions) == min(10, len(course.questions_for(concept.id)))
    assert len(await progress.pick_questions(GUILD, 1, None, 50)) == 10
    assert len(await progress.pick_questions(GUILD, 1, None, 0)) == 1
    with pytest.raises(NotFound, match="없는 개념"):
        await progress.start_quiz(GUILD, 1, "민지", "no-such-concept", 5)


async def test_answers_count_once_per_question_of_a_quiz(progress: ProgressService) -> None:
    quiz = await progress.start_quiz(GUILD, 1, "민지", None, 2)
    question = quiz.questions[0].id
    first = await progress.record_answer(GUILD, 1, "민지", quiz.session_id, question, "LXC", True)
    second = await progress.record_answer(GUILD, 1, "민지", quiz.session_id, question, "LXC", True)
    assert (first.counted, second.counted, second.status) == (True, False, AnswerStatus.DUPLICATE)
    other = await progress.record_answer(GUILD, 2, "준호", quiz.session_id, question, "LXC", True)
    assert other.status is AnswerStatus.NOT_YOURS
    elsewhere = await progress.record_answer(OTHER, 1, "민지", quiz.session_id, question, "LXC", True)
    assert elsewhere.status is AnswerStatus.NOT_FOUND


async def test_a_channel_quiz_takes_one_answer_per_member_until_it_closes(
    progress: ProgressService, db: Database, clock: FakeClock
) -> None:
    quiz = await progress.start_channel_quiz(GUILD, 77, None, 5)  # raised to the 10-second minimum
    assert quiz.closes_at == clock() + timedelta(seconds=10)
    question = quiz.questions[0]
    for user, name, correct in [(1, "민지", True), (2, "준호", False), (3, "서연", True)]:
        assert (await progress.record_answer(GUILD, user, name, quiz.session_id, question.id, "x", correct)).counted
    clock.advance(seconds=11)
    late = await progress.record_answer(GUILD, 4, "하늘", quiz.session_id, question.id, "x", True)
    assert late.status is AnswerStatus.CLOSED
    results = await progress.close_channel_quiz(GUILD, quiz.session_id)
    assert results is not None and not results.ephemeral
    assert f"정답: {question.answer_text}" in results.body
    assert "참여 3명 · 정답 2명" in results.body and "맞힌 사람: 민지, 서연" in results.body
    assert await progress.close_channel_quiz(GUILD, quiz.session_id) is None  # the second timer does nothing
    # the next channel quiz asks the question this server has answered least
    nxt = await progress.start_channel_quiz(GUILD, 77, None, 60)
    assert nxt.questions[0].id != question.id


async def test_member_summary_shows_reads_accuracy_streak_points_and_mission(
    progress: ProgressService, missions: MissionService, course: Course, clock: FakeClock
) -> None:
    clock.now = seoul(2024, 12, 2, 23, 59)  # Monday
    await progress.record_read(GUILD, 1, "민지", course.concepts[0].id)
    quiz = await progress.start_quiz(GUILD, 1, "민지", course.concepts[0].id, 3)
    clock.now = seoul(2024, 12, 3, 0, 1)  # two minutes later, but the next day
    await answer_all(progress, quiz, 1, "민지", right={q.id for q in quiz.questions[:2]})
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
    progress: ProgressService, missions: MissionService, course: Course
) -> None:
    concept = course.concepts[0]
    hard, easy = course.questions_for(concept.id)[:2]
    for user, name in [(1, "민지"), (2, "준호"), (3, "서연")]:
        quiz = await progress.start_quiz(GUILD, user, name, concept.id, 2)
        await answer_all(progress, quiz, user, name, right={easy.id} if user != 3 else {easy.id, hard.id})
    await missions.confirm(GUILD, 1, "민지", "docker-install", samples.MACOS)
    await missions.confirm(GUILD, 2, "준호", "docker-install", samples.PODMAN)

    report = await progress.group_report(GUILD)
    assert report.body == "멤버 3명 · 이번 주 활동 3명 · 퀴즈 6문제 (정답률 67%)"
    shown = fields(report)
    assert shown["🐳 [실전 미션] 도커 설치하기"] == "확인 완료 1/3명 (33%) · 검토 대기 1명"
    assert shown["📊 개념별 정답률"] == f"1. {concept.title} — 67% (4/6)"
    assert shown["❌ 가장 많이 틀린 문제"].startswith(f"• {hard.prompt[:30]}")
    assert shown["❌ 가장 많이 틀린 문제"].endswith("오답 2/3")
    assert shown["⚠️ 약한 개념 (다시 보면 좋아요)"] == f"• {concept.title} — 67%"
    assert (await progress.group_report(OTHER)).body == "아직 이 서버의 학습 기록이 없어요."


async def test_answers_are_judged_explained_and_pointed_at_their_section(
    progress: ProgressService, db: Database
) -> None:
    questions = ["lxc-origin", "image-read-only-tf", "hypervisor-term"]
    session = await db.create_quiz_session(GUILD, questions, user_id=1, display_name="민지")

    wrong = await progress.answer(GUILD, 1, "민지", session.session_id, "lxc-origin", "하이퍼바이저")
    assert wrong.title == "❌ 아쉬워요, 오답이에요" and wrong.tone is Tone.WARNING
    shown = {f.name: f.value for f in wrong.fields}
    assert shown["정답"] == "LXC"
    assert shown["해설"].startswith("문서에 따르면 컨테이너 기술은")
    assert shown["📖 출처"].startswith("1. 컨테이너 기술이란 무엇입니까?")

    right = await progress.answer(GUILD, 1, "민지", session.session_id, "image-read-only-tf", "false")
    assert right.title == "⭕ 정답이에요!" and "정답" not in {f.name for f in right.fields}
    assert {f.name: f.value for f in right.fields}["📖 출처"].startswith(
        "9. 도커 파일, 도커 이미지, 도커 컨테이너의 개념은 무엇이고, 서로 어떤 관계입니까? › 도커 이미지"
    )

    # Korean-aware short answers: English alias, spaces, case.
    short = await progress.answer(GUILD, 1, "민지", session.session_id, "hypervisor-term", "  Hyper Visor ")
    assert short.title == "⭕ 정답이에요!"
    again = await progress.answer(GUILD, 1, "민지", session.session_id, "hypervisor-term", "하이퍼바이저")
    assert again.body == "이미 답한 문제예요. 처음 낸 답이 기록되어 있어요."

    attempts = await db.session_attempts(GUILD, session.session_id)
    assert sorted((a.question_id, a.correct) for a in attempts) == [
        ("hypervisor-term", True),
        ("image-read-only-tf", True),
        ("lxc-origin", False),
    ]


async def test_a_5000_character_answer_is_refused_and_nothing_is_recorded(
    progress: ProgressService, db: Database
) -> None:
    session = await db.create_quiz_session(GUILD, ["hypervisor-term"], user_id=1, display_name="민지")
    reply = await progress.answer(GUILD, 1, "민지", session.session_id, "hypervisor-term", "가" * 5000)
    assert reply.body == "답이 너무 길어요 (5,000자). 200자 안으로 핵심 낱말만 적어 주세요."
    assert await db.session_attempts(GUILD, session.session_id) == []
    later = await progress.answer(GUILD, 1, "민지", session.session_id, "hypervisor-term", "하이퍼바이저")
    assert later.title == "⭕ 정답이에요!"  # the refused paste did not use up the question
