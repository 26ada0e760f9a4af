"""Choices are shown in an order fixed by a hash of question id and choice text, not in written order:
authors write the right answer first, and members would learn its letter."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bot.core.course import Question, QuestionType
from bot.core.loader import load_course
from bot.core.quizbank import load_quiz_bank

CONTENT = Path(__file__).resolve().parents[2] / "content"
LETTERS = "ABCDE"


def handwritten_choice_questions() -> list[Question]:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    return [q for q in course.questions if q.type is QuestionType.CHOICE and not q.id.startswith("gen-")]


def bank(choices: list[str], answer: str) -> list[Question]:
    listed = ", ".join(f'"{choice}"' for choice in choices)
    text = (
        "questions:\n"
        f'  - {{id: "q1", concept: "컨테이너", type: "choice", prompt: "p", choices: [{listed}], '
        f'answer: "{answer}", explanation: "e"}}\n'
    )
    questions, errors = load_quiz_bank(text, "quiz.yaml", {"컨테이너"})
    assert errors == []
    return questions


def test_the_right_answer_is_spread_over_the_letters_of_the_shipped_course() -> None:
    questions = handwritten_choice_questions()
    assert len(questions) >= 40
    letters = Counter(LETTERS[q.choices.index(str(q.answer))] for q in questions)
    assert set("ABCD") <= set(letters), letters
    assert max(letters.values()) <= 0.4 * len(questions), letters
    scenarios = [q for q in questions if q.id.startswith("scenario-")]
    assert len({q.choices.index(str(q.answer)) for q in scenarios}) >= 3  # not "the scenario answer is A"


def test_the_order_is_the_same_on_every_load() -> None:
    first = {q.id: q.choices for q in handwritten_choice_questions()}
    second = {q.id: q.choices for q in handwritten_choice_questions()}
    assert first == second


def test_the_order_does_not_follow_the_written_order() -> None:
    written = ["하이퍼바이저", "컨테이너", "이미지", "레지스트리"]
    forwards = bank(written, "하이퍼바이저")[0].choices
    backwards = bank(written[::-1], "하이퍼바이저")[0].choices
    assert forwards == backwards
    assert sorted(forwards) == sorted(written)


def test_a_choice_about_the_other_choices_stays_last() -> None:
    for last in ("위의 모두", "모두 맞아요", "정답 없음"):
        written = [last, "하이퍼바이저", "컨테이너", "이미지"]
        question = bank(written, "컨테이너")[0]
        assert question.choices[-1] == last
        assert sorted(question.choices[:-1]) == sorted(written[1:])


def test_the_answer_stays_the_choice_text() -> None:
    question = bank(["가", "나", "다", "라"], "다")[0]
    assert question.answer == "다" and "다" in question.choices
