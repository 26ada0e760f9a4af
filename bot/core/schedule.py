"""The daily-post policy, pure: what is due for a server at an instant, and what comes next.

Every adapter that fires daily posts (APScheduler in the Discord bot, a console with a simulated clock)
asks these functions, so the rules live in one place:

- A server's day is its local calendar day. The post is due once `now` has reached the day's post
  instant and the day has no post yet (sent, being sent, or deliberately skipped). A failed day is due
  again (the next start retries it), never an earlier day: missed days are not replayed.
- DST: the post instant of a local time that does not exist (spring forward, e.g. 02:30 in Berlin on
  2026-03-29) is the same wall time read with the offset before the change (03:30 summer time); a local
  time that happens twice (autumn, 02:30 on 2026-10-25) counts at its first occurrence. Because "done
  today" is decided by the local date, the second occurrence finds the day done.
- Course order: each concept once, in reading order; then the course's mission post (if it has a
  mission); then review days, each on the group's weakest concept (see `weakest_concept`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NONCE_LENGTH = 25  # Discord's limit for a message nonce
REVIEW_MIN_ANSWERS = 5  # a concept needs this many answers in the server before it can be "weak"
REVIEW_MAX_ACCURACY = 0.8  # ... and an accuracy below this
FAILED_DAYS_BEFORE_PAUSE = 3
# After a failed send that may pass (a Discord 5xx, a network error): one-off retries this long after
# each failure, never past the server's local day, never more than these.
RETRY_DELAYS = (timedelta(minutes=5), timedelta(minutes=15), timedelta(minutes=60))

_TIME = re.compile(r"^\s*(\d{1,2})\s*:\s*(\d{2})\s*$")


class BadTime(ValueError):
    pass


class BadZone(ValueError):
    pass


def parse_post_time(text: str) -> time:
    """24-hour H:MM or HH:MM ("9:00", "09:00", "21:30")."""
    match = _TIME.match(text)
    if not match:
        raise BadTime(text)
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise BadTime(text)
    return time(hour, minute)


def parse_zone(name: str) -> ZoneInfo:
    cleaned = name.strip()
    if not cleaned or cleaned.startswith("/") or ".." in cleaned:
        raise BadZone(name)
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise BadZone(name) from exc


def post_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of `at` on the local `day` (DST rules in the module docstring)."""
    wall = datetime.combine(day, at).replace(tzinfo=zone, fold=0)
    # Through a timestamp: a non-existent wall time becomes the real instant it names (fold=0 offset).
    return datetime.fromtimestamp(wall.timestamp(), UTC)


def local_day(now: datetime, zone: ZoneInfo) -> date:
    return now.astimezone(zone).date()


def next_run(now: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The next post instant strictly after `now`, in the server's zone."""
    day = local_day(now, zone)
    for offset in range(3):
        instant = post_instant(day + timedelta(days=offset), at, zone)
        if instant > now:
            return instant.astimezone(zone)
    raise AssertionError("unreachable: a post instant exists within three days")


class DayState(StrEnum):
    OPEN = "open"  # nothing posted today yet
    FAILED = "failed"  # only failed attempts today: due again
    DONE = "done"  # sent, being sent, or skipped on purpose


@dataclass(frozen=True)
class Due:
    local_date: date
    due: bool
    catch_up: bool  # due, and later than a minute after the post instant (the bot was down or late)
    instant: datetime  # the day's post instant (UTC)


def due_at(now: datetime, at: time, zone: ZoneInfo, today: DayState, *, paused: bool) -> Due:
    day = local_day(now, zone)
    instant = post_instant(day, at, zone)
    due = not paused and now >= instant and today is not DayState.DONE
    return Due(day, due, due and now - instant > timedelta(minutes=1), instant)


class NextKind(StrEnum):
    CONCEPT = "concept"
    MISSION = "mission"
    REVIEW = "review"


@dataclass(frozen=True)
class Next:
    kind: NextKind
    concept_index: int | None = None  # for CONCEPT


def next_post(last_concept_index: int | None, concept_count: int, *, has_mission: bool, mission_posted: bool) -> Next:
    """What the server's next post is, from its ledger: the concept after the last one posted, then the
    mission post, then review days."""
    following = 0 if last_concept_index is None else last_concept_index + 1
    if following < concept_count:
        return Next(NextKind.CONCEPT, following)
    if has_mission and not mission_posted:
        return Next(NextKind.MISSION)
    return Next(NextKind.REVIEW)


@dataclass(frozen=True)
class ConceptScore:
    concept_id: str
    index: int  # reading order, for ties
    answers: int
    correct: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answers if self.answers else 1.0


def concept_scores(
    question_stats: Iterable[tuple[str, int, int]], concept_of: dict[str, tuple[str, int]]
) -> list[ConceptScore]:
    """Per-question (id, answers, correct) aggregates folded into per-concept scores; `concept_of` maps a
    question id to its (concept id, concept index). Questions no longer in the course are ignored."""
    totals: dict[str, list[int]] = {}
    order: dict[str, int] = {}
    for question_id, answers, correct in question_stats:
        found = concept_of.get(question_id)
        if found is None:
            continue
        concept_id, index = found
        bucket = totals.setdefault(concept_id, [0, 0])
        bucket[0] += answers
        bucket[1] += correct
        order[concept_id] = index
    return [ConceptScore(cid, order[cid], a, c) for cid, (a, c) in totals.items()]


def weakest_concept(
    scores: Sequence[ConceptScore],
    *,
    min_answers: int = REVIEW_MIN_ANSWERS,
    max_accuracy: float = REVIEW_MAX_ACCURACY,
) -> ConceptScore | None:
    """The concept with the lowest accuracy among those with at least `min_answers` answers and an
    accuracy below `max_accuracy`; ties go to more answers, then reading order. None: nothing is weak."""
    eligible = [s for s in scores if s.answers >= min_answers and s.accuracy < max_accuracy]
    if not eligible:
        return None
    return min(eligible, key=lambda s: (s.accuracy, -s.answers, s.index))


def post_nonce(guild_id: int, local_date: date, seq: int, item: str) -> str:
    """The message nonce of a ledger row: a hash of the server, the day, the post number and what is
    posted (at most 25 characters). The same row always gets the same nonce, so a repeated send is
    dropped by Discord; another post (another number or item) gets another nonce."""
    digest = hashlib.sha256(f"{guild_id}|{local_date.isoformat()}|{seq}|{item}".encode()).hexdigest()
    return f"sb{digest[: NONCE_LENGTH - 4]}"  # 23 characters: room for a 2-digit part number


def part_nonce(nonce: str, part: int) -> str:
    """A nonce per message of a post that takes several messages (part 0, 1, ...)."""
    return f"{nonce}{part:02d}"[:NONCE_LENGTH]


def failed_streak_pauses(failed_days_in_a_row: int) -> bool:
    return failed_days_in_a_row >= FAILED_DAYS_BEFORE_PAUSE


def retry_instant(failed_at: datetime, zone: ZoneInfo, retries_done: int) -> datetime | None:
    """When to try a failed post again, after `retries_done` retries of that day; None: no more retries
    (all RETRY_DELAYS used, or the retry would fall on the next local day, which posts on its own)."""
    if retries_done >= len(RETRY_DELAYS):
        return None
    instant = failed_at + RETRY_DELAYS[retries_done]
    return instant if local_day(instant, zone) == local_day(failed_at, zone) else None
