"""Spaced review with Leitner boxes, worked out from a member's answers.

A question the member never answered is *unseen*. The first answer puts it in box 2 when right, box 1
when wrong; after that a right answer moves it up one box (at most box 5) and a wrong answer sends it
back to box 1. A question is *due* again `BOX_INTERVALS[box]` after its last answer: box 1 at once,
box 2 after a day, box 3 after 3 days, box 4 after a week, box 5 after two weeks.

The boxes are not stored anywhere: they are recomputed from the recorded attempts, so they can never
disagree with them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

BOX_INTERVALS: Mapping[int, timedelta] = {
    1: timedelta(0),
    2: timedelta(days=1),
    3: timedelta(days=3),
    4: timedelta(days=7),
    5: timedelta(days=14),
}
TOP_BOX = max(BOX_INTERVALS)


@dataclass(frozen=True)
class Review:
    question_id: str
    correct: bool
    at: datetime


@dataclass(frozen=True)
class Card:
    question_id: str
    box: int
    last_at: datetime
    answers: int

    @property
    def due_at(self) -> datetime:
        return self.last_at + BOX_INTERVALS[self.box]


def next_box(box: int | None, correct: bool) -> int:
    """The box after an answer; `box` is None for an unseen question."""
    if not correct:
        return 1
    return 2 if box is None else min(box + 1, TOP_BOX)


def build_cards(history: Iterable[Review]) -> dict[str, Card]:
    """Each answered question's card after replaying the member's answers in time order."""
    cards: dict[str, Card] = {}
    for review in sorted(history, key=lambda r: r.at):
        card = cards.get(review.question_id)
        box = next_box(card.box if card else None, review.correct)
        cards[review.question_id] = Card(review.question_id, box, review.at, (card.answers if card else 0) + 1)
    return cards


def pick_questions(
    candidates: Sequence[str],
    cards: Mapping[str, Card],
    now: datetime,
    count: int,
    *,
    prefer: Collection[str] = (),
) -> list[str]:
    """Up to `count` distinct question ids for one quiz: due questions first (lowest box, then the
    longest overdue), then unseen ones in the given order (those in `prefer` first, e.g. questions of
    concepts the member has read), then the ones due soonest to make up the number."""
    unique = list(dict.fromkeys(candidates))
    seen = [cards[q] for q in unique if q in cards]
    due = sorted((c for c in seen if c.due_at <= now), key=lambda c: (c.box, c.due_at))
    unseen = [q for q in unique if q not in cards]
    unseen.sort(key=lambda q: q not in prefer)  # stable: keeps the course order within each group
    later = sorted((c for c in seen if c.due_at > now), key=lambda c: (c.due_at, c.box))
    ordered = [c.question_id for c in due] + unseen + [c.question_id for c in later]
    return ordered[: max(count, 0)]
