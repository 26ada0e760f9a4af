"""Streaks, points and ranking worked out by hand for a fixed history in Seoul time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core.progress import (
    AnswerEvent,
    MissionEvent,
    Period,
    ReadEvent,
    accuracy,
    accuracy_by_concept,
    activity_days,
    current_streak,
    longest_streak,
    most_missed,
    parse_period,
    period_start,
    rank,
    score_events,
    weakest,
)
from tests.store.support import SEOUL, seoul

A, B, C, D, E, F, G = range(1, 8)


def answer(user: int, question: str, correct: bool, at: datetime, concept: str = "c1") -> AnswerEvent:
    return AnswerEvent(user, question, concept, correct, at)


# Member A studies on Dec 1, 2, 3, 5 and 6 (Seoul). The answers at 23:59 and 00:01 are two days,
# although both fall on Dec 1 in UTC.
STREAK_READS = [ReadEvent(A, "c2", seoul(2024, 12, 3, 12))]
STREAK_ANSWERS = [
    answer(A, "q1", True, seoul(2024, 12, 1, 23, 59)),
    answer(A, "q2", False, seoul(2024, 12, 2, 0, 1)),
    answer(A, "q3", True, seoul(2024, 12, 5, 21)),
    answer(A, "q4", True, seoul(2024, 12, 6, 8)),
]


def test_days_are_local_days_of_the_servers_zone() -> None:
    days = activity_days(STREAK_READS, STREAK_ANSWERS, SEOUL)[A]
    assert days == {date(2024, 12, d) for d in (1, 2, 3, 5, 6)}
    utc_days = activity_days([], STREAK_ANSWERS[:2], UTC)  # type: ignore[arg-type]
    assert utc_days[A] == {date(2024, 12, 1)}  # the same two answers are one day in UTC


@pytest.mark.parametrize(
    ("today", "streak"),
    [
        (date(2024, 12, 1), 1),
        (date(2024, 12, 2), 2),  # 23:59 and 00:01: two days
        (date(2024, 12, 3), 3),
        (date(2024, 12, 4), 3),  # nothing yet today: yesterday's streak is still alive
        (date(2024, 12, 5), 1),  # Dec 4 was missed
        (date(2024, 12, 6), 2),
        (date(2024, 12, 7), 2),
        (date(2024, 12, 8), 0),  # a whole day missed
    ],
)
def test_streak_by_hand(today: date, streak: int) -> None:
    days = activity_days(STREAK_READS, STREAK_ANSWERS, SEOUL)[A]
    assert current_streak(days, today) == streak


def test_longest_streak() -> None:
    assert longest_streak(activity_days(STREAK_READS, STREAK_ANSWERS, SEOUL)[A]) == 3
    assert longest_streak(set()) == 0


# The ranking history; "now" is Thursday Dec 5 2024, the week began on Monday Dec 2 (Seoul).
NOW = seoul(2024, 12, 5, 18)
READS = [
    ReadEvent(A, "c1", seoul(2024, 12, 1, 10)),  # Sunday: last week, this month
    ReadEvent(A, "c2", seoul(2024, 12, 3, 9, 30)),
    ReadEvent(B, "c1", seoul(2024, 12, 2, 8)),
    ReadEvent(C, "c1", seoul(2024, 11, 20, 9)),
    ReadEvent(E, "c1", seoul(2024, 11, 25, 9)),
    ReadEvent(F, "c1", seoul(2024, 11, 28, 12)),
    ReadEvent(G, "c1", seoul(2024, 11, 28, 12)),
]
ANSWERS = [
    answer(A, "q1", True, seoul(2024, 12, 2, 10)),  # first try: 2 + 3
    answer(A, "q2", False, seoul(2024, 12, 2, 10, 1)),
    answer(A, "q2", True, seoul(2024, 12, 3, 9)),  # right, but not the first try: 2
    answer(B, "q1", False, seoul(2024, 12, 2, 8, 5)),
    answer(B, "q1", True, seoul(2024, 12, 2, 8, 10)),  # 2
    answer(B, "q3", True, seoul(2024, 12, 3, 8)),  # first try: 5
    answer(D, "q1", False, seoul(2024, 12, 3, 12)),
]
MISSIONS = [MissionEvent(C, "docker-install", seoul(2024, 12, 4, 22))]

#            points  reached                   (week)
#   C        20      Dec 4 22:00  mission
#   B        17      Dec 3 08:00  read 10 + correct 2 + first-try correct 5
#   A        17      Dec 3 09:30  first-try correct 5 + correct 2 + read 10 -> tie with B, B got there first
#   D, E, F, G       no points this week
WEEK = [(C, 20), (B, 17), (A, 17)]
#   month (from Dec 1): A 27 (+ the Sunday read), C 20 (the November read is out), B 17
MONTH = [(A, 27), (C, 20), (B, 17)]
#   all: C 30, A 27, B 17, then E, F, G with 10 each: E got there first; F and G at the same moment -> lower id
ALL = [(C, 30), (A, 27), (B, 17), (E, 10), (F, 10), (G, 10)]


@pytest.mark.parametrize(("period", "expected"), [(Period.WEEK, WEEK), (Period.MONTH, MONTH), (Period.ALL, ALL)])
def test_leaderboard_by_hand(period: Period, expected: list[tuple[int, int]]) -> None:
    since = period_start(period, NOW, SEOUL)
    standings = rank(score_events(READS, ANSWERS, MISSIONS, SEOUL), since=since)
    assert [(s.user_id, s.points) for s in standings] == expected
    assert [s.rank for s in standings] == list(range(1, len(expected) + 1))


def test_a_standing_counts_what_earned_the_points() -> None:
    [_, b, a] = rank(score_events(READS, ANSWERS, MISSIONS, SEOUL), since=period_start(Period.WEEK, NOW, SEOUL))
    assert (b.user_id, b.reached_at) == (B, seoul(2024, 12, 3, 8))
    assert dict(a.counts) == {"first_try": 1, "correct": 2, "read": 1}


def test_period_starts_in_the_servers_zone() -> None:
    assert period_start(Period.WEEK, NOW, SEOUL) == seoul(2024, 12, 2, 0)
    assert period_start(Period.MONTH, NOW, SEOUL) == seoul(2024, 12, 1, 0)
    assert period_start(Period.ALL, NOW, SEOUL) is None
    sunday_night = datetime(2024, 12, 1, 14, 30, tzinfo=UTC)  # Sunday 23:30 in Seoul
    assert period_start(Period.WEEK, sunday_night, SEOUL) == seoul(2024, 11, 25, 0)
    monday_early = datetime(2024, 12, 1, 16, 0, tzinfo=UTC)  # still Sunday in UTC, Monday 01:00 in Seoul
    assert period_start(Period.WEEK, monday_early, SEOUL) == seoul(2024, 12, 2, 0)


def test_period_names() -> None:
    assert parse_period(" Week ") is Period.WEEK
    assert parse_period("month") is Period.MONTH
    assert parse_period("year") is None


def test_accuracy_most_missed_and_weakest() -> None:
    answers = [
        answer(A, "q1", True, NOW, "c1"),
        answer(B, "q1", False, NOW, "c1"),
        answer(A, "q2", False, NOW, "c2"),
        answer(B, "q2", False, NOW, "c2"),
        answer(C, "q2", True, NOW, "c2"),
        answer(A, "q3", False, NOW, "c2"),
        answer(A, "q4", True, NOW, "c3"),
        answer(B, "q4", True, NOW, "c3"),
        answer(C, "q4", True, NOW, "c3"),
    ]
    assert accuracy(answers).percent == "56%"  # 5 of 9
    by_concept = accuracy_by_concept(answers)
    assert {k: (v.correct, v.answered) for k, v in by_concept.items()} == {"c1": (1, 2), "c2": (1, 4), "c3": (3, 3)}
    # q3 was missed once but answered only once: not enough answers to call it
    assert [(q, acc.wrong, acc.answered) for q, acc in most_missed(answers)] == [("q2", 2, 3), ("q1", 1, 2)]
    assert [c for c, _ in weakest(by_concept, min_answers=2)] == ["c2", "c1"]  # c3 is perfect
    assert accuracy([]).percent == "-"


def test_a_question_answered_right_again_the_same_day_scores_once() -> None:
    farming = [answer(A, "q1", True, seoul(2024, 12, 2, 20, minute)) for minute in range(0, 50, 5)]
    next_day = [answer(A, "q1", True, seoul(2024, 12, 3, 8))]
    [standing] = rank(score_events([], farming + next_day, [], SEOUL))
    assert dict(standing.counts) == {"correct": 2, "first_try": 1}
    assert standing.points == 2 + 3 + 2
