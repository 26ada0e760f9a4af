"""Leitner boxes worked out from the answers, and the order a quiz picks its questions in."""

from __future__ import annotations

from datetime import timedelta

from bot.core.review import BOX_INTERVALS, Card, Review, build_cards, next_box, pick_questions
from tests.store.support import seoul

NOW = seoul(2024, 12, 10, 12)


def test_a_right_answer_moves_up_one_box_and_a_wrong_one_back_to_the_first() -> None:
    assert next_box(None, True) == 2
    assert next_box(None, False) == 1
    assert next_box(2, True) == 3
    assert next_box(5, True) == 5
    assert next_box(4, False) == 1


def test_cards_replay_the_answers_in_time_order() -> None:
    day = timedelta(days=1)
    history = [
        Review("q1", True, NOW - 3 * day),  # given out of order on purpose
        Review("q1", False, NOW - 4 * day),
        Review("q1", True, NOW - 2 * day),
        *(Review("q3", True, NOW - (9 - i) * day) for i in range(6)),
        Review("q4", True, NOW - 5 * day),
        Review("q4", False, NOW - day),
    ]
    cards = build_cards(history)
    assert {q: (c.box, c.answers) for q, c in cards.items()} == {"q1": (3, 3), "q3": (5, 6), "q4": (1, 2)}
    assert cards["q1"].due_at == NOW - 2 * day + BOX_INTERVALS[3]
    assert cards["q4"].due_at == NOW - day  # box 1: due at once


def test_a_quiz_takes_due_questions_first_then_unseen_then_the_soonest_due() -> None:
    day = timedelta(days=1)
    cards = {
        "a": Card("a", 2, NOW - 2 * day, 3),  # due for a day
        "b": Card("b", 1, NOW - timedelta(minutes=5), 1),  # missed five minutes ago: due
        "c": Card("c", 3, NOW - day, 2),  # due in two days
        "d": Card("d", 4, NOW - 10 * day, 4),  # due for three days
        "g": Card("g", 2, NOW - timedelta(hours=1), 1),  # due tomorrow
    }
    candidates = ["a", "b", "c", "d", "e", "f", "g", "a"]
    assert pick_questions(candidates, cards, NOW, 10, prefer={"f"}) == ["b", "a", "d", "f", "e", "g", "c"]
    assert pick_questions(candidates, cards, NOW, 3) == ["b", "a", "d"]
    assert pick_questions(candidates, cards, NOW, 5) == ["b", "a", "d", "e", "f"]
    assert pick_questions(candidates, cards, NOW, 0) == []


def test_a_quiz_never_repeats_a_question() -> None:
    picked = pick_questions(["x", "y", "x", "y", "z"], {}, NOW, 10)
    assert picked == ["x", "y", "z"]
