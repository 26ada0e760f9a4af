"""The button ids of quizzes: everything a click needs travels in the id, so buttons keep working after a
restart. Services build them; adapters match them with the templates below and route the click back.

One id per action, all under the `quiz:` namespace and well under Discord's 100 characters.
"""

from __future__ import annotations

LETTERS = "ABCDE"  # multiple choice, in the order of the question's choices
TRUE, FALSE = "O", "X"
_KEY = r"(?P<key>[A-E]|O|X)"

# A personal quiz: answer the question at `position` with a key, or open the typed-answer form for it.
ANSWER_TEMPLATE = rf"quiz:answer:(?P<session>\d+):(?P<position>\d+):{_KEY}"
TYPE_TEMPLATE = r"quiz:type:(?P<session>\d+):(?P<position>\d+)"
TYPED_TEMPLATE = r"quiz:typed:(?P<session>\d+):(?P<position>\d+)"  # the form itself
NEXT_TEMPLATE = r"quiz:next:(?P<session>\d+):(?P<position>\d+)"
STOP_TEMPLATE = r"quiz:stop:(?P<session>\d+)"
RESULTS_TEMPLATE = r"quiz:results:(?P<session>\d+)"
SHOW_CONCEPT_TEMPLATE = r"quiz:show:(?P<concept>\d+)"
# The daily post's "오늘의 퀴즈": a personal quiz on that concept for whoever clicks (0-based Concept.index).
CONCEPT_QUIZ_TEMPLATE = r"quiz:concept:(?P<concept>\d+)"
# A channel quiz: one answer per member; the organizer may close it early.
CHANNEL_ANSWER_TEMPLATE = rf"quiz:channel:(?P<session>\d+):{_KEY}"
CHANNEL_CLOSE_TEMPLATE = r"quiz:close:(?P<session>\d+)"


def answer(session_id: int, position: int, key: str) -> str:
    return f"quiz:answer:{session_id}:{position}:{key}"


def type_answer(session_id: int, position: int) -> str:
    return f"quiz:type:{session_id}:{position}"


def typed_answer(session_id: int, position: int) -> str:
    return f"quiz:typed:{session_id}:{position}"


def next_question(session_id: int, position: int) -> str:
    return f"quiz:next:{session_id}:{position}"


def stop(session_id: int) -> str:
    return f"quiz:stop:{session_id}"


def results(session_id: int) -> str:
    return f"quiz:results:{session_id}"


def show_concept(index: int) -> str:
    return f"quiz:show:{index}"


def concept_quiz(index: int) -> str:
    return f"quiz:concept:{index}"


def channel_answer(session_id: int, key: str) -> str:
    return f"quiz:channel:{session_id}:{key}"


def channel_close(session_id: int) -> str:
    return f"quiz:close:{session_id}"
