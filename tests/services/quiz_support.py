"""Answering quiz questions in service tests the way the buttons do, right or wrong on purpose."""

from __future__ import annotations

from bot.core.course import Question, QuestionType
from bot.services.quizzes import QuizService
from bot.store import QuizSessionRecord


def right_text(question: Question) -> str:
    """What a member gives for the right answer: the choice's text, O / X, or the expected term."""
    if question.type is QuestionType.TRUEFALSE:
        return "O" if question.answer else "X"
    return str(question.answer)


def given(question: Question, correct: bool) -> str:
    if correct:
        return right_text(question)
    if question.type is QuestionType.TRUEFALSE:
        return "X" if question.answer else "O"
    return next((c for c in question.choices if c != question.answer), "전혀 다른 답")


async def answer_all(
    quizzes: QuizService,
    session: QuizSessionRecord,
    user: int,
    name: str,
    right: set[str] | None = None,
) -> None:
    """Answer every question of the quiz: right for the ids in `right` (all when None), wrong otherwise."""
    for position, question_id in enumerate(session.question_ids):
        question = quizzes.course.question(question_id)
        assert question is not None
        correct = right is None or question_id in right
        await quizzes.answer_text(session.guild_id, user, name, session.session_id, position, given(question, correct))
