"""The daily-post policy: times, zones, DST, what is due and what comes next."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.schedule import (
    BadTime,
    BadZone,
    ConceptScore,
    DayState,
    NextKind,
    concept_scores,
    due_at,
    next_post,
    next_run,
    parse_post_time,
    parse_zone,
    part_nonce,
    post_instant,
    post_nonce,
    weakest_concept,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
SEOUL = ZoneInfo("Asia/Seoul")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(("text", "expected"), [("9:00", time(9)), ("09:00", time(9)), (" 21:05 ", time(21, 5))])
def test_post_times_accept_one_or_two_digit_hours(text: str, expected: time) -> None:
    assert parse_post_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "9:5", "09:60", "9시", "", "9:00pm"])
def test_bad_post_times_are_refused(text: str) -> None:
    with pytest.raises(BadTime):
        parse_post_time(text)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "/etc/localtime", "Asia/ Seoul"])
def test_bad_zones_are_refused(name: str) -> None:
    with pytest.raises(BadZone):
        parse_zone(name)


def test_dst_a_missing_local_time_posts_once_after_the_jump_and_a_repeated_one_at_its_first_occurrence() -> None:
    # 2026-03-29 02:30 does not exist in Berlin (clocks go 02:00 -> 03:00): it means 03:30 summer time.
    assert post_instant(date(2026, 3, 29), time(2, 30), BERLIN) == utc(2026, 3, 29, 1, 30)
    # 2026-10-25 02:30 happens twice (03:00 -> 02:00): the first one counts.
    assert post_instant(date(2026, 10, 25), time(2, 30), BERLIN) == utc(2026, 10, 25, 0, 30)
    # New York: 2026-03-08 02:30 does not exist; 2026-11-01 01:30 happens twice.
    assert post_instant(date(2026, 3, 8), time(2, 30), NEW_YORK) == utc(2026, 3, 8, 7, 30)
    assert post_instant(date(2026, 11, 1), time(1, 30), NEW_YORK) == utc(2026, 11, 1, 5, 30)


def test_the_second_occurrence_of_a_repeated_time_finds_the_day_done() -> None:
    first, second = utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)  # both 02:30 in Berlin
    assert due_at(first, time(2, 30), BERLIN, DayState.OPEN, paused=False).due
    later = due_at(second, time(2, 30), BERLIN, DayState.DONE, paused=False)
    assert not later.due and later.local_date == date(2026, 10, 25)


def test_due_only_after_the_local_time_not_paused_and_not_done() -> None:
    at = time(9)
    before = due_at(datetime(2026, 12, 1, 8, 59, tzinfo=SEOUL), at, SEOUL, DayState.OPEN, paused=False)
    on_time = due_at(datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL), at, SEOUL, DayState.OPEN, paused=False)
    late = due_at(datetime(2026, 12, 1, 15, 0, tzinfo=SEOUL), at, SEOUL, DayState.FAILED, paused=False)
    assert (before.due, on_time.due, on_time.catch_up, late.due, late.catch_up) == (False, True, False, True, True)
    assert not due_at(datetime(2026, 12, 1, 9, 0, tzinfo=SEOUL), at, SEOUL, DayState.OPEN, paused=True).due
    assert not due_at(datetime(2026, 12, 1, 23, 59, tzinfo=SEOUL), at, SEOUL, DayState.DONE, paused=False).due
    # Just after local midnight the day is a new one: yesterday's missed post is not due, today's not yet.
    assert not due_at(datetime(2026, 12, 2, 0, 5, tzinfo=SEOUL), at, SEOUL, DayState.OPEN, paused=False).due


def test_next_run_is_in_the_servers_zone() -> None:
    now = utc(2026, 12, 1, 0, 30)  # 09:30 in Seoul: today's has passed
    assert next_run(now, time(9), SEOUL) == datetime(2026, 12, 2, 9, 0, tzinfo=SEOUL)
    assert next_run(now, time(9), BERLIN) == datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN)


def test_the_course_runs_concepts_then_the_mission_then_reviews() -> None:
    assert next_post(None, 3, has_mission=True, mission_posted=False) == next_post(
        None, 3, has_mission=False, mission_posted=False
    )
    assert next_post(None, 3, has_mission=True, mission_posted=False).concept_index == 0
    assert next_post(1, 3, has_mission=True, mission_posted=False).concept_index == 2
    assert next_post(2, 3, has_mission=True, mission_posted=False).kind is NextKind.MISSION
    assert next_post(2, 3, has_mission=True, mission_posted=True).kind is NextKind.REVIEW
    assert next_post(2, 3, has_mission=False, mission_posted=False).kind is NextKind.REVIEW


def test_the_weakest_concept_needs_enough_answers_and_low_accuracy() -> None:
    concept_of = {"q1": ("a", 0), "q2": ("a", 0), "q3": ("b", 1), "q4": ("c", 2)}
    scores = concept_scores([("q1", 4, 1), ("q2", 2, 1), ("q3", 10, 5), ("q4", 3, 0), ("gone", 9, 0)], concept_of)
    assert {s.concept_id: (s.answers, s.correct) for s in scores} == {"a": (6, 2), "b": (10, 5), "c": (3, 0)}
    weakest = weakest_concept(scores)  # c has too few answers; a (33%) is weaker than b (50%)
    assert weakest is not None and weakest.concept_id == "a"
    assert weakest_concept([ConceptScore("b", 1, 10, 9)]) is None  # 90%: nothing is weak
    tie = weakest_concept([ConceptScore("x", 3, 5, 0), ConceptScore("y", 1, 8, 0)])
    assert tie is not None and tie.concept_id == "y"  # same accuracy: more answers first


def test_nonces_are_short_stable_and_differ_per_post() -> None:
    one = post_nonce(1, date(2026, 12, 1), 1, "concept:a")
    assert one == post_nonce(1, date(2026, 12, 1), 1, "concept:a")
    others = {
        post_nonce(2, date(2026, 12, 1), 1, "concept:a"),
        post_nonce(1, date(2026, 12, 2), 1, "concept:a"),
        post_nonce(1, date(2026, 12, 1), 2, "concept:b"),
    }
    assert one not in others and len(others) == 3
    assert len(part_nonce(one, 11)) <= 25 and part_nonce(one, 0) != part_nonce(one, 1)
