"""What the store hands out: plain frozen records, and the one timestamp format it keeps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum


def to_db(moment: datetime) -> str:
    """UTC ISO 8601 with microseconds: one fixed format, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("a stored time must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True)
class GuildSettings:
    guild_id: int
    channel_id: int | None
    post_time: time | None
    timezone: str  # the server's zone, or the bot's default when the server never set one
    paused: bool
    organizer_role_id: int | None
    command_sync_hash: str | None
    paused_reason: str | None = None  # why the schedule paused itself; None when paused by an organizer
    schedule_since: datetime | None = None  # set or resumed at: no post is due for an earlier post time


@dataclass(frozen=True)
class Member:
    guild_id: int
    user_id: int
    display_name: str
    first_seen: datetime


class PostStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"  # the day was handled on purpose with nothing to post (e.g. no weak concept)


class PostKind(StrEnum):
    CONCEPT = "concept"
    MISSION = "mission"
    REVIEW = "review"
    NONE = "none"  # a skipped day


@dataclass(frozen=True)
class PostRecord:
    """One row of the post ledger (bot/store/posts.py)."""

    post_id: int
    guild_id: int
    local_date: date
    seq: int
    kind: PostKind
    concept_id: str | None
    mission_id: str | None
    manual: bool
    channel_id: int | None
    nonce: str | None
    status: PostStatus
    message_id: int | None
    reason: str | None
    claimed_at: datetime
    updated_at: datetime


class QuizKind(StrEnum):
    PERSONAL = "personal"
    CHANNEL = "channel"


@dataclass(frozen=True)
class QuizSessionRecord:
    session_id: int
    guild_id: int
    kind: QuizKind
    user_id: int | None
    concept_id: str | None
    channel_id: int | None
    message_id: int | None
    question_ids: tuple[str, ...]
    created_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None


class AnswerStatus(StrEnum):
    COUNTED = "counted"
    DUPLICATE = "duplicate"  # this member already answered this question of this session
    CLOSED = "closed"  # the session was closed or its time ran out
    NOT_YOURS = "not_yours"  # a personal quiz of another member
    NOT_FOUND = "not_found"  # no such session in this server, or the question is not part of it


@dataclass(frozen=True)
class AttemptRow:
    """A recorded answer as a quiz session shows it (with the text given); the rules read `Review`s."""

    user_id: int
    session_id: int
    question_id: str
    answer: str
    correct: bool
    answered_at: datetime


class MissionStatus(StrEnum):
    NOT_STARTED = "not_started"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Confirmation:
    guild_id: int
    user_id: int
    mission_id: str
    status: MissionStatus
    evidence: str | None
    decided_by: int | None
    updated_at: datetime
    reason: str | None


@dataclass(frozen=True)
class ConfirmationChange:
    """What a mission decision writes; an `audit_action` (with `decided_by`) is logged in the same transaction."""

    status: MissionStatus
    evidence: str | None
    decided_by: int | None
    reason: str | None
    audit_action: str | None = None


@dataclass(frozen=True)
class AuditEntry:
    guild_id: int
    actor_id: int
    action: str
    target_id: int | None
    detail: str
    at: datetime
