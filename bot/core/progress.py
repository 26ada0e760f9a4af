"""Progress rules: study days and streaks, points and ranking, accuracy. Pure: data in, data out.

Activity is a concept read or a question answered. Days are local days in the server's zone (an answer
at 23:59 and one at 00:01 Seoul time are two days). The *streak* is the number of consecutive days with
activity ending today, or ending yesterday when there is none today yet (the streak is still alive until
the day is over).

Points (`POINTS`):
  - 10 for each concept read (the first read only),
  - 2 for each correct answer (a question scores at most once per local day),
  - 3 more when the member's very first answer to a question is correct (first try),
  - 20 for each mission confirmed.
A period ranks the points earned inside it: `week` from Monday 00:00, `month` from the 1st 00:00 (both
in the server's zone), `all` everything. Equal points: whoever reached that total first ranks higher
(the time of their last scoring event in the period), then the lower user id.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"
    ALL = "all"


def parse_period(text: str) -> Period | None:
    try:
        return Period(text.strip().lower())
    except ValueError:
        return None


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def period_start(period: Period, now: datetime, zone: ZoneInfo) -> datetime | None:
    """The first moment of the period that contains `now`, as an aware time in `zone`; None for all."""
    today = local_date(now, zone)
    if period is Period.WEEK:
        first = today - timedelta(days=today.weekday())
    elif period is Period.MONTH:
        first = today.replace(day=1)
    else:
        return None
    return datetime.combine(first, time(0), tzinfo=zone)


def current_streak(days: Collection[date], today: date) -> int:
    start = today if today in days else today - timedelta(days=1)
    streak = 0
    while start - timedelta(days=streak) in days:
        streak += 1
    return streak


def longest_streak(days: Collection[date]) -> int:
    best = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue  # not the first day of a run
        length = 1
        while day + timedelta(days=length) in days:
            length += 1
        best = max(best, length)
    return best


@dataclass(frozen=True)
class ReadEvent:
    user_id: int
    concept_id: str
    at: datetime


@dataclass(frozen=True)
class AnswerEvent:
    user_id: int
    question_id: str
    concept_id: str
    correct: bool
    at: datetime


@dataclass(frozen=True)
class MissionEvent:
    user_id: int
    mission_id: str
    at: datetime  # when it was confirmed


def activity_days(reads: Iterable[ReadEvent], answers: Iterable[AnswerEvent], zone: ZoneInfo) -> dict[int, set[date]]:
    """Each member's local days with a read or an answer."""
    days: dict[int, set[date]] = defaultdict(set)
    for read in reads:
        days[read.user_id].add(local_date(read.at, zone))
    for answer in answers:
        days[answer.user_id].add(local_date(answer.at, zone))
    return days


class ScoreKind(StrEnum):
    READ = "read"
    CORRECT = "correct"
    FIRST_TRY = "first_try"
    MISSION = "mission"


POINTS: Mapping[ScoreKind, int] = {
    ScoreKind.READ: 10,
    ScoreKind.CORRECT: 2,
    ScoreKind.FIRST_TRY: 3,
    ScoreKind.MISSION: 20,
}


@dataclass(frozen=True)
class ScoreEvent:
    user_id: int
    at: datetime
    kind: ScoreKind

    @property
    def points(self) -> int:
        return POINTS[self.kind]


def score_events(
    reads: Iterable[ReadEvent], answers: Iterable[AnswerEvent], missions: Iterable[MissionEvent], zone: ZoneInfo
) -> list[ScoreEvent]:
    """Scoring events. A question answered right scores once per local day: repeating the same quiz
    all evening cannot buy a place on the leaderboard."""
    events = [ScoreEvent(r.user_id, r.at, ScoreKind.READ) for r in reads]
    answered: set[tuple[int, str]] = set()
    scored_today: set[tuple[int, str, date]] = set()
    for answer in sorted(answers, key=lambda a: a.at):
        key = (answer.user_id, answer.question_id)
        day = (*key, answer.at.astimezone(zone).date())
        if answer.correct and day not in scored_today:
            scored_today.add(day)
            events.append(ScoreEvent(answer.user_id, answer.at, ScoreKind.CORRECT))
            if key not in answered:
                events.append(ScoreEvent(answer.user_id, answer.at, ScoreKind.FIRST_TRY))
        answered.add(key)
    events.extend(ScoreEvent(m.user_id, m.at, ScoreKind.MISSION) for m in missions)
    return events


@dataclass(frozen=True)
class Standing:
    rank: int
    user_id: int
    points: int
    reached_at: datetime  # when the member reached these points (their last scoring event)
    counts: Mapping[ScoreKind, int] = field(default_factory=dict)  # scoring events by kind


def rank(events: Iterable[ScoreEvent], since: datetime | None = None) -> list[Standing]:
    """Members with points in the period, best first; ties go to whoever got there first."""
    points: Counter[int] = Counter()
    reached: dict[int, datetime] = {}
    counts: dict[int, Counter[ScoreKind]] = defaultdict(Counter)
    for event in events:
        if since is not None and event.at < since:
            continue
        points[event.user_id] += event.points
        counts[event.user_id][event.kind] += 1
        if event.user_id not in reached or event.at > reached[event.user_id]:
            reached[event.user_id] = event.at
    order = sorted((u for u in points if points[u] > 0), key=lambda u: (-points[u], reached[u], u))
    return [
        Standing(number, user, points[user], reached[user], dict(counts[user]))
        for number, user in enumerate(order, start=1)
    ]


@dataclass(frozen=True)
class Accuracy:
    answered: int
    correct: int

    @property
    def wrong(self) -> int:
        return self.answered - self.correct

    @property
    def ratio(self) -> float | None:
        return self.correct / self.answered if self.answered else None

    @property
    def percent(self) -> str:
        """'75%' (rounded), or '-' with no answers."""
        return "-" if self.ratio is None else f"{round(self.ratio * 100)}%"


def accuracy(answers: Iterable[AnswerEvent]) -> Accuracy:
    answered = correct = 0
    for answer in answers:
        answered += 1
        correct += answer.correct
    return Accuracy(answered, correct)


def accuracy_by(answers: Iterable[AnswerEvent], key: Callable[[AnswerEvent], str]) -> dict[str, Accuracy]:
    groups: dict[str, list[AnswerEvent]] = defaultdict(list)
    for answer in answers:
        groups[key(answer)].append(answer)
    return {name: accuracy(group) for name, group in groups.items()}


def accuracy_by_concept(answers: Iterable[AnswerEvent]) -> dict[str, Accuracy]:
    return accuracy_by(answers, lambda a: a.concept_id)


def combined(accuracies: Iterable[Accuracy]) -> Accuracy:
    """Several groups' accuracy as one (e.g. a concept's questions)."""
    answered = correct = 0
    for acc in accuracies:
        answered += acc.answered
        correct += acc.correct
    return Accuracy(answered, correct)


def most_missed(answers: Iterable[AnswerEvent], limit: int = 5, min_answers: int = 2) -> list[tuple[str, Accuracy]]:
    """Questions answered wrong most often (then the lowest accuracy), among those answered enough."""
    return most_missed_of(accuracy_by(answers, lambda a: a.question_id), limit, min_answers)


def most_missed_of(
    by_question: Mapping[str, Accuracy], limit: int = 5, min_answers: int = 2
) -> list[tuple[str, Accuracy]]:
    """`most_missed` from each question's accuracy (as an SQL aggregate gives it)."""
    missed = [(q, acc) for q, acc in by_question.items() if acc.wrong > 0 and acc.answered >= min_answers]
    missed.sort(key=lambda item: (-item[1].wrong, item[1].ratio, item[0]))
    return missed[:limit]


def weakest(
    accuracies: Mapping[str, Accuracy], limit: int = 3, min_answers: int = 3, below: float = 1.0
) -> list[tuple[str, Accuracy]]:
    """The lowest accuracies among the groups answered enough (and under `below`), weakest first."""
    ranked = [
        (name, acc)
        for name, acc in accuracies.items()
        if acc.answered >= min_answers and acc.ratio is not None and acc.ratio < below
    ]
    ranked.sort(key=lambda item: (item[1].ratio, -item[1].answered, item[0]))
    return ranked[:limit]
