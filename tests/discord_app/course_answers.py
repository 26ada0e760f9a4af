"""What the shipped course's questions show, read from the loaded course rather than pinned in tests:
choices are ordered at load time, so a test that pinned "A. LXC" would test the YAML, not the bot."""

from __future__ import annotations

from bot.core.course import Course, Question, QuestionType

LETTERS = "ABCDE"


def question_of(course: Course, question_id: str) -> Question:
    question = course.question(question_id)
    assert question is not None, question_id
    return question


def letter_of(question: Question, choice: str) -> str:
    """The letter a choice is shown under."""
    return LETTERS[question.choices.index(choice)]


def right_key(question: Question) -> str:
    """The button a member clicks for the right answer: a letter, or O / X."""
    if question.type is QuestionType.TRUEFALSE:
        return "O" if question.answer else "X"
    return letter_of(question, str(question.answer))


def wrong_choice(question: Question) -> str:
    """The first wrong choice as shown."""
    return next(choice for choice in question.choices if choice != question.answer)


def wrong_key(question: Question) -> str:
    if question.type is QuestionType.TRUEFALSE:
        return "X" if question.answer else "O"
    return letter_of(question, wrong_choice(question))


def shown_choice(question: Question, choice: str) -> str:
    """A choice as a member reads it: "C. 하이퍼바이저"."""
    return f"{letter_of(question, choice)}. {choice}"


def lettered(question: Question) -> str:
    """All choices, one a line, as the question card ends."""
    return "\n".join(f"{letter}. {choice}" for letter, choice in zip(LETTERS, question.choices, strict=False))
