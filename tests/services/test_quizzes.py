"""Quiz service: which questions (due reviews, unseen, posted concepts only), answers, summary, channel quiz."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest

from bot.core.course import Course, Question, QuestionType
from bot.services import quiz_actions as actions
from bot.services.daily_posts import DailyPostService
from bot.services.errors import NotAllowed, NotFound, UserFacingError
from bot.services.progress import ProgressService
from bot.services.quizzes import QuizService
from bot.services.reply import Tone, command
from bot.store import Database
from tests.services.quiz_support import answer_all, given, right_text
from tests.store.support import FakeClock

GUILD, OTHER = 10, 20


async def post(daily_posts: DailyPostService, db: Database, guild: int, days: int) -> None:
    """An organizer set a channel and posted `days` concepts with post-now, through the post ledger."""
    await db.guilds.update_guild(guild, channel_id=500 + guild, post_time=time(9, 0))
    for _ in range(days):
        await daily_posts.post_now(guild, 1, db.clock())


def fields(reply: object) -> dict[str, str]:
    return {f.name: f.value for f in reply.fields}  # type: ignore[attr-defined]


def letter_of(question: Question, choice: str) -> str:
    """The letter a choice is shown under, read from the loaded course (choices are ordered at load)."""
    return "ABCDE"[question.choices.index(choice)]


def right_and_wrong(question: Question) -> tuple[str, str]:
    """The right choice's text and the first wrong one's, as shown."""
    return str(question.answer), next(c for c in question.choices if c != question.answer)


async def test_a_quiz_asks_missed_questions_again_first_then_new_ones(
    quizzes: QuizService, course: Course, clock: FakeClock, db: Database, daily_posts: DailyPostService
) -> None:
    await post(daily_posts, db, GUILD, 3)
    first = await quizzes.open_quiz(GUILD, 1, "민지", None, 3)
    assert list(first.question_ids) == [q.id for q in course.questions[:3]]  # unseen, in course order
    missed = first.question_ids[0]
    await answer_all(quizzes, first, 1, "민지", right=set(first.question_ids[1:]))

    clock.advance(minutes=10)
    second = await quizzes.open_quiz(GUILD, 1, "민지", None, 3)
    assert second.question_ids[0] == missed  # due again at once
    assert set(second.question_ids[1:]).isdisjoint(first.question_ids)  # then unseen ones, nothing repeated
    await answer_all(quizzes, second, 1, "민지")

    clock.advance(days=1, minutes=1)  # the right answers of the first quiz are due after a day
    third = await quizzes.open_quiz(GUILD, 1, "민지", None, 10)
    assert list(third.question_ids[:2]) == list(first.question_ids[1:])
    assert len(set(third.question_ids)) == 10


async def test_only_posted_concepts_are_asked_and_the_first_before_any_post(
    quizzes: QuizService, course: Course, db: Database, daily_posts: DailyPostService
) -> None:
    before = await quizzes.open_quiz(GUILD, 1, "민지", None, 10)
    assert {course.question(q).concept_id for q in before.question_ids} == {course.concepts[0].id}  # type: ignore[union-attr]

    await post(daily_posts, db, GUILD, 2)
    after = await quizzes.open_quiz(GUILD, 2, "준호", None, 10)
    asked = {course.question(q).concept_id for q in after.question_ids}  # type: ignore[union-attr]
    assert asked == {course.concepts[0].id, course.concepts[1].id}  # nobody gets tomorrow's topic
    # another server's posts change nothing here
    await post(daily_posts, db, OTHER, 5)
    again = await quizzes.open_quiz(GUILD, 3, "서연", None, 10)
    assert {course.question(q).concept_id for q in again.question_ids} == asked  # type: ignore[union-attr]


async def test_unseen_questions_of_read_concepts_come_first(
    quizzes: QuizService, progress: object, course: Course, db: Database, daily_posts: DailyPostService
) -> None:
    await post(daily_posts, db, GUILD, 6)
    later = course.concepts[5]
    await db.progress.add_read(GUILD, 1, "민지", later.id)
    picked = await quizzes.pick_questions(GUILD, 1, None, 2)
    assert {q.concept_id for q in picked} == {later.id}


async def test_a_quiz_on_one_concept_stays_on_it_and_count_is_bounded(quizzes: QuizService, course: Course) -> None:
    concept = course.concepts[1]
    quiz = await quizzes.open_quiz(GUILD, 1, "민지", concept.id, 50)
    assert {course.question(q).concept_id for q in quiz.question_ids} == {concept.id}  # type: ignore[union-attr]
    assert len(quiz.question_ids) == min(10, len(course.questions_for(concept.id)))
    assert len(await quizzes.pick_questions(GUILD, 1, concept.id, 0)) == 1
    with pytest.raises(NotFound, match="없는 개념"):
        await quizzes.open_quiz(GUILD, 1, "민지", "no-such-concept", 5)
    with pytest.raises(NotFound, match="해당하는 개념이 없어요"):
        await quizzes.start(GUILD, 1, "민지", "쿠버네티스", 5)


async def test_the_first_question_shows_letters_on_buttons_and_full_choices_in_the_text(
    quizzes: QuizService, course: Course
) -> None:
    reply = await quizzes.start(GUILD, 1, "민지", course.concepts[0].id, 3)
    session = 1
    assert reply.title == f"📝 문제 1/3 · {course.concepts[0].title}"
    question = course.questions[0]
    assert reply.body.endswith("\n".join(f"{k}. {c}" for k, c in zip("ABCD", question.choices, strict=True)))
    assert [b.label for b in reply.buttons[0]] == ["A", "B", "C", "D"]
    assert [b.action for b in reply.buttons[0]] == [actions.answer(session, 0, k) for k in "ABCD"]
    assert [(b.label, b.action) for b in reply.buttons[1]] == [("그만하기", actions.stop(session))]


async def test_answers_are_judged_explained_and_pointed_at_their_section(quizzes: QuizService, db: Database) -> None:
    questions = ["lxc-origin", "image-read-only-tf", "hypervisor-term"]
    session = await db.quizzes.create_quiz_session(GUILD, questions, user_id=1, display_name="민지")
    sid = session.session_id

    origin = quizzes.course.question("lxc-origin")
    assert origin is not None
    letters = dict(zip(origin.choices, "ABCDE", strict=False))
    mistaken = next(c for c in origin.choices if c != origin.answer)
    wrong = await quizzes.answer_key(GUILD, 1, "민지", sid, 0, letters[mistaken])
    assert wrong.title == "❌ 아쉬워요, 오답이에요 (문제 1/3)" and wrong.tone is Tone.WARNING
    shown = fields(wrong)
    assert shown["내 답"] == f"{letters[mistaken]}. {mistaken}"
    assert shown["정답"] == f"{letters[str(origin.answer)]}. {origin.answer}"
    assert f"💡 {origin.explanation[:40]}" in wrong.body
    assert shown["📖 출처"] == "1. 컨테이너 기술이란 무엇입니까?"
    assert [b.label for b in wrong.buttons[0]] == ["📖 개념 보기", "다음 문제 ▶", "그만하기"]
    assert wrong.buttons[0][1].action == actions.next_question(sid, 1)

    right = await quizzes.answer_key(GUILD, 1, "민지", sid, 1, "X")
    assert right.title == "⭕ 정답이에요! (문제 2/3)"
    assert fields(right)["📖 출처"] == (
        "9. 도커 이미지\n(도커 파일, 도커 이미지, 도커 컨테이너의 개념은 무엇이고, 서로 어떤 관계입니까?)"
    )
    # Korean-aware short answers: English alias, spaces, case. The last answer ends the quiz.
    short = await quizzes.answer_text(GUILD, 1, "민지", sid, 2, "  Hyper Visor ")
    assert short.title == "⭕ 정답이에요! (문제 3/3)"
    assert [b.label for b in short.buttons[0]] == ["📖 개념 보기", "결과 보기 🏁"]
    with pytest.raises(
        UserFacingError, match=r"이미 답한 문제예요 \(처음 낸 답: 'Hyper Visor'\). 한 번 낸 답은 바꿀 수 없어요."
    ):
        await quizzes.answer_text(GUILD, 1, "민지", sid, 2, "하이퍼바이저")
    with pytest.raises(NotAllowed, match="이미 끝난 퀴즈예요"):
        await quizzes.question(GUILD, 1, sid, 2)

    attempts = await db.quizzes.session_attempts(GUILD, sid)
    assert sorted((a.question_id, a.answer, a.correct) for a in attempts) == [
        ("hypervisor-term", "Hyper Visor", True),
        ("image-read-only-tf", "X", True),
        ("lxc-origin", mistaken, False),
    ]


async def test_a_second_click_is_told_the_first_choice_and_others_cannot_answer(
    quizzes: QuizService, db: Database
) -> None:
    session = await db.quizzes.create_quiz_session(
        GUILD, ["lxc-origin", "lxc-level-tf"], user_id=1, display_name="민지"
    )
    sid = session.session_id
    await quizzes.answer_key(GUILD, 1, "민지", sid, 0, "A")
    first_choice = quizzes.course.question("lxc-origin").choices[0]  # type: ignore[union-attr]
    with pytest.raises(UserFacingError, match=re.escape(f"처음 낸 답: 'A. {first_choice}'")):
        await quizzes.answer_key(GUILD, 1, "민지", sid, 0, "B")
    with pytest.raises(NotAllowed, match="다른 멤버의 퀴즈라서 답할 수 없어요"):
        await quizzes.answer_key(GUILD, 2, "준호", sid, 1, "O")
    with pytest.raises(NotFound, match="이 퀴즈를 찾을 수 없어요"):
        await quizzes.answer_key(OTHER, 1, "민지", sid, 1, "O")
    with pytest.raises(NotFound, match="없는 보기"):
        await quizzes.answer_key(GUILD, 1, "민지", sid, 1, "C")
    assert [(a.user_id, a.answer) for a in await db.quizzes.session_attempts(GUILD, sid)] == [(1, first_choice)]


async def test_a_5000_character_answer_is_refused_and_nothing_is_recorded(quizzes: QuizService, db: Database) -> None:
    session = await db.quizzes.create_quiz_session(GUILD, ["hypervisor-term"], user_id=1, display_name="민지")
    with pytest.raises(UserFacingError, match=r"답이 너무 길어요 \(5,000자\). 200자 안으로"):
        await quizzes.answer_text(GUILD, 1, "민지", session.session_id, 0, "가" * 5000)
    assert await db.quizzes.session_attempts(GUILD, session.session_id) == []
    later = await quizzes.answer_text(GUILD, 1, "민지", session.session_id, 0, "하이퍼바이저")
    assert later.title == "⭕ 정답이에요! (문제 1/1)"  # the refused paste did not use up the question


async def test_the_summary_gives_score_time_concepts_to_review_and_the_next_review(
    quizzes: QuizService, course: Course, clock: FakeClock
) -> None:
    quiz = await quizzes.open_quiz(GUILD, 1, "민지", course.concepts[0].id, 3)
    for position, question_id in enumerate(quiz.question_ids):
        clock.advance(seconds=40)
        question = course.question(question_id)
        assert question is not None
        await quizzes.answer_text(GUILD, 1, "민지", quiz.session_id, position, given(question, position != 1))
    summary = await quizzes.results(GUILD, 1, quiz.session_id)
    shown = fields(summary)
    assert summary.title == "🏁 퀴즈 결과"
    assert shown["점수"] == "3문제 중 3문제 답함 · 정답 2개 (67%)"
    assert shown["⏱️ 걸린 시간"] == "2분 0초"
    assert shown["📚 다시 볼 개념"] == f"• 1. {course.concepts[0].title}"
    # the first right answer came at 09:00:40 on 12/02 (Seoul): due a day later
    assert shown["🔁 다음 복습"] == (
        "틀린 1문제는 지금 바로 다시 풀 수 있어요. 퀴즈를 시작하면 먼저 나와요.\n12월 3일 09:00부터 복습할 문제가 생겨요."
    )
    assert command("quiz start") in summary.body


async def test_stopping_early_summarises_what_was_answered_and_ends_the_quiz(
    quizzes: QuizService, course: Course
) -> None:
    quiz = await quizzes.open_quiz(GUILD, 1, "민지", course.concepts[0].id, 5)
    first = course.question(quiz.question_ids[0])
    assert first is not None
    await quizzes.answer_text(GUILD, 1, "민지", quiz.session_id, 0, right_text(first))
    summary = await quizzes.stop(GUILD, 1, quiz.session_id)
    assert fields(summary)["점수"] == "5문제 중 1문제 답함 · 정답 1개 (100%)"
    assert fields(summary)["📚 다시 볼 개념"] == "틀린 문제가 없어요. 완벽해요! 🎉"
    with pytest.raises(NotAllowed, match="이미 끝난 퀴즈예요"):
        await quizzes.answer_text(GUILD, 1, "민지", quiz.session_id, 1, "아무거나")
    with pytest.raises(NotAllowed, match="이미 끝난 퀴즈예요"):
        await quizzes.stop(GUILD, 1, quiz.session_id)


async def test_a_channel_quiz_takes_one_answer_per_member_until_it_closes(
    quizzes: QuizService, db: Database, clock: FakeClock, course: Course
) -> None:
    quiz = await quizzes.start_channel(GUILD, 77, None, 5)  # raised to the 10-second minimum
    assert quiz.closes_at == clock() + timedelta(seconds=10)
    session = await db.quizzes.get_quiz_session(GUILD, quiz.session_id)
    assert session is not None
    question = course.question(session.question_ids[0])
    assert question is not None and question.id == "lxc-origin"
    assert not quiz.reply.ephemeral and [b.label for b in quiz.reply.buttons[0]] == ["A", "B", "C", "D"]
    right, wrong = right_and_wrong(question)
    r, w = letter_of(question, right), letter_of(question, wrong)
    ack = await quizzes.answer_channel(GUILD, 1, "민지", quiz.session_id, r)
    assert ack.body == f"내 답: '{r}. {right}'\n한 번 고른 답은 바꿀 수 없어요. 마감되면 결과가 퀴즈 메시지에 나와요."
    await quizzes.answer_channel(GUILD, 2, "준호", quiz.session_id, w)
    await quizzes.answer_channel(GUILD, 3, "서연", quiz.session_id, r)
    with pytest.raises(UserFacingError, match=re.escape(f"이미 답했어요 (내 답: '{w}. {wrong}'). 한 번 고른 답은")):
        await quizzes.answer_channel(GUILD, 2, "준호", quiz.session_id, r)
    clock.advance(seconds=11)
    with pytest.raises(NotAllowed, match="이미 끝났어요"):
        await quizzes.answer_channel(GUILD, 4, "하늘", quiz.session_id, r)

    results = await quizzes.close_channel(GUILD, quiz.session_id)
    assert results is not None and results.channel_id == 77 and not results.reply.ephemeral
    shown = fields(results.reply)
    assert shown["정답"] == f"{r}. {right}" and shown["참여"] == "3명 · 정답 2명"
    assert shown["🥇 가장 먼저 맞힌 사람"] == "⟪1|민지⟫"
    counts = {right: 2, wrong: 1}
    tally = "\n".join(
        f"{'✅' if choice == right else '▫️'} {letter}. {choice} — {counts.get(choice, 0)}명"
        for letter, choice in zip("ABCD", question.choices, strict=True)
    )
    assert tally in results.reply.body
    assert all(b.disabled for b in results.reply.buttons[0])
    assert await quizzes.close_channel(GUILD, quiz.session_id) is None  # the second timer does nothing
    # the next channel quiz asks the question this server has answered least, never a short answer
    nxt = await quizzes.start_channel(GUILD, 77, None, 60)
    nxt_session = await db.quizzes.get_quiz_session(GUILD, nxt.session_id)
    assert nxt_session is not None and nxt_session.question_ids[0] == "lxc-level-tf"
    assert [b.label for b in nxt.reply.buttons[0]] == ["O", "X"]


async def test_channel_answers_count_toward_the_leaderboard_like_personal_ones(
    quizzes: QuizService, progress: ProgressService, course: Course, db: Database
) -> None:
    quiz = await quizzes.start_channel(GUILD, 77, course.concepts[0].id, 60)
    session = await db.quizzes.get_quiz_session(GUILD, quiz.session_id)
    assert session is not None
    question = course.question(session.question_ids[0])
    assert question is not None and question.type is QuestionType.CHOICE
    right, wrong = right_and_wrong(question)
    await quizzes.answer_channel(GUILD, 1, "민지", quiz.session_id, letter_of(question, right))
    await quizzes.answer_channel(GUILD, 2, "준호", quiz.session_id, letter_of(question, wrong))
    board = await progress.leaderboard(GUILD, "all")
    assert board.body.splitlines()[0].startswith("🥇 민지") and "정답 1" in board.body.splitlines()[0]
