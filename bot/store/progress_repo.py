"""Progress in SQL: the scoring record written with each answer or read, and the guild-wide figures
(leaderboard, a member's progress, the group report, the export) read as indexed aggregates.

Tables (migration 0006): score_events (one row per scoring event; its UNIQUE key scores a question's
correct answer once per member and server-local day), member_points (all-time totals, kept by triggers),
member_days and member_streaks (study days and the runs of them). Migration 0007 adds member_week_points,
the current week's totals kept by triggers within bounds the application sets (week_points_span), so the
weekly leaderboard and /progress read an index instead of summing the week. The rules themselves are those
of bot.core.progress, which stays the tested reference (tests/store/test_progress_reference.py).

Every query filters by guild; none of the figures reads a server's whole history into Python. `activity`
(the raw rows) is there only for the reference test and the benchmark's old-path baseline; no service calls it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import MappingProxyType

from bot.core.progress import local_date
from bot.core.review import Review
from bot.store.engine import Engine
from bot.store.pacing import paced
from bot.store.records import Confirmation, MissionStatus, from_db, to_db
from bot.store.rows import confirmation_from, read_concepts_in, upsert_member
from bot.store.scoring import guild_zone_in, record_study_day

# -- what the reads hand out ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """A member's place in a period: rank by points (high first), then who reached them first, then user id."""

    rank: int
    user_id: int
    display_name: str
    points: int
    reached_at: datetime
    correct: int  # correct-answer scoring events in the period
    reads: int  # concept-read scoring events in the period


@dataclass(frozen=True)
class Ranking:
    top: tuple[Standing, ...]
    caller: Standing | None  # the caller's own standing (also when in the top), None without points
    ranked: int  # members with points in the period


@dataclass(frozen=True, slots=True)  # slots: one object per member in the export, not two (GC pauses)
class Streak:
    current: int  # consecutive days ending today, or yesterday while today is not over
    longest: int


@dataclass(frozen=True)
class QuestionTally:
    question_id: str
    answered: int
    correct: int


@dataclass(frozen=True)
class MemberOverview:
    display_name: str | None  # None: the server has never seen this member
    concepts_read: int
    questions: tuple[QuestionTally, ...]
    answers: tuple[Review, ...]  # the member's own answers, for the review boxes
    streak: Streak
    confirmations: tuple[Confirmation, ...]


@dataclass(frozen=True)
class ReportFigures:
    members: int
    active: int  # members with a study day since the given day
    questions: tuple[QuestionTally, ...]
    missions: dict[tuple[str, MissionStatus], int]  # (mission id, status) -> members


@dataclass(frozen=True, slots=True)
class MemberRow:
    user_id: int
    display_name: str
    concepts_read: int
    quiz_answered: int
    quiz_correct: int
    streak: Streak
    points: int
    confirmations: Mapping[str, tuple[MissionStatus, datetime]]  # mission id -> (status, updated_at)


_NO_STREAK = Streak(0, 0)
_NO_CONFIRMATIONS: Mapping[str, tuple[MissionStatus, datetime]] = MappingProxyType({})  # shared, read-only


def _streak(row: sqlite3.Row | None, today: date) -> Streak:
    if row is None:
        return _NO_STREAK
    last = date.fromisoformat(row["last_day"])
    alive = 0 <= (today - last).days <= 1
    return Streak(row["current"] if alive else 0, row["longest"])


def _ids(values: Collection[str]) -> str:
    return json.dumps(sorted(values))


# The period's totals, ranked. The loop runs over the members with points (CROSS JOIN keeps that order) and
# seeks each one's events of the period in score_events_member, so neither older history is read nor the
# events sorted; only the per-member totals are ordered for the ranking. For "all", member_points is read.
_PERIOD_RANKING = """
WITH totals AS (
    SELECT p.user_id, sum(e.points) AS points, max(e.at) AS reached_at,
           sum(e.kind = 'correct') AS correct, sum(e.kind = 'read') AS reads
    FROM member_points AS p
    CROSS JOIN score_events AS e INDEXED BY score_events_member
        ON e.guild_id = p.guild_id AND e.user_id = p.user_id AND e.at >= :since
    WHERE p.guild_id = :guild_id
    GROUP BY p.user_id
), ranked AS (
    SELECT *, row_number() OVER (ORDER BY points DESC, reached_at, user_id) AS rank, count(*) OVER () AS ranked
    FROM totals WHERE points > 0
)
SELECT r.rank, r.ranked, r.user_id, r.points, r.reached_at, r.correct, r.reads, m.display_name
FROM ranked AS r LEFT JOIN members AS m ON m.guild_id = :guild_id AND m.user_id = r.user_id
WHERE r.rank <= :limit OR r.user_id = :user_id
ORDER BY r.rank
"""
# Kept totals, ranked through their index: member_points (all time, migration 0006) or member_week_points (the
# week of week_points_span, migration 0007). {table} is one of those two names, never input.
_KEPT_TOP = """
SELECT p.user_id, p.points, p.reached_at, p.correct, p.reads, m.display_name
FROM {table} AS p LEFT JOIN members AS m ON m.guild_id = p.guild_id AND m.user_id = p.user_id
WHERE p.guild_id = :guild_id AND p.points > 0
ORDER BY p.points DESC, p.reached_at, p.user_id
LIMIT :limit
"""
_KEPT_AHEAD = """
SELECT (SELECT count(*) FROM {table} WHERE guild_id = :guild_id AND points > :points)
     + (SELECT count(*) FROM {table} WHERE guild_id = :guild_id AND points = :points AND reached_at < :reached)
     + (SELECT count(*) FROM {table}
        WHERE guild_id = :guild_id AND points = :points AND reached_at = :reached AND user_id < :user_id)
"""
_KEPT_COUNT = "SELECT count(*) FROM {table} WHERE guild_id = :guild_id AND points > 0"
_KEPT_ONE = """
SELECT p.user_id, p.points, p.reached_at, p.correct, p.reads, m.display_name FROM {table} AS p
LEFT JOIN members AS m ON m.guild_id = p.guild_id AND m.user_id = p.user_id
WHERE p.guild_id = :guild_id AND p.user_id = :user_id AND p.points > 0
"""
_ALL_TIME, _WEEK = "member_points", "member_week_points"

# A new week (or the server's zone changed): the week's totals, summed once from score_events the way
# _PERIOD_RANKING does, bounded by the week's end; from then on the triggers of migration 0007 keep them.
_FILL_WEEK = """
INSERT INTO member_week_points (guild_id, user_id, points, reached_at, reads, correct)
SELECT p.guild_id, p.user_id, sum(e.points), max(e.at), sum(e.kind = 'read'), sum(e.kind = 'correct')
FROM member_points AS p
CROSS JOIN score_events AS e INDEXED BY score_events_member
    ON e.guild_id = p.guild_id AND e.user_id = p.user_id AND e.at >= :since AND e.at < :until
WHERE p.guild_id = :guild_id
GROUP BY p.user_id
"""
_EVENTS_FROM = "SELECT 1 FROM score_events WHERE guild_id = :guild_id AND at >= :until LIMIT 1"


def _week_span(since: datetime) -> tuple[str, str] | None:
    """[since, until) as stored times when `since` is a Monday 00:00 in its own zone (the start of a week as
    bot.core.progress.period_start gives it), else None."""
    if since.tzinfo is None or since.weekday() != 0 or since.timetz().replace(tzinfo=None) != time(0):
        return None
    until = datetime.combine(since.date() + timedelta(days=7), time(0), tzinfo=since.tzinfo)
    return to_db(since), to_db(until)


def _fill_week(conn: sqlite3.Connection, guild_id: int, since: str, until: str) -> None:
    key = {"guild_id": guild_id, "since": since, "until": until}
    if conn.execute(
        "SELECT 1 FROM week_points_span WHERE guild_id = :guild_id AND since = :since AND until = :until", key
    ).fetchone():
        return  # another call filled it first
    conn.execute("DELETE FROM member_week_points WHERE guild_id = :guild_id", key)
    conn.execute(
        "INSERT INTO week_points_span (guild_id, since, until) VALUES (:guild_id, :since, :until)"
        " ON CONFLICT (guild_id) DO UPDATE SET since = excluded.since, until = excluded.until",
        key,
    )
    conn.execute(_FILL_WEEK, key)


def _kept_ranking(conn: sqlite3.Connection, table: str, guild_id: int, limit: int, user_id: int | None) -> Ranking:
    params = {"guild_id": guild_id, "limit": limit, "user_id": user_id}
    top = tuple(
        _standing(number, row)
        for number, row in enumerate(conn.execute(_KEPT_TOP.format(table=table), params).fetchall(), 1)
    )
    caller = next((s for s in top if s.user_id == user_id), None)
    if caller is None and user_id is not None:
        caller = _kept_standing(conn, table, guild_id, user_id)
    return Ranking(top, caller, conn.execute(_KEPT_COUNT.format(table=table), params).fetchone()[0])


# The export: members with their kept totals and streaks, then per-member counts of reads and answers. Each is
# one pass over a covering index in user order (the unary + keeps the course filter out of the index seek).
_MEMBERS = """
SELECT m.user_id, m.display_name, coalesce(p.points, 0) AS points, s.last_day, s.current, s.longest
FROM members AS m
LEFT JOIN member_points AS p ON p.guild_id = m.guild_id AND p.user_id = m.user_id
LEFT JOIN member_streaks AS s ON s.guild_id = m.guild_id AND s.user_id = m.user_id
WHERE m.guild_id = :guild_id
"""
_READS_BY_MEMBER = """
SELECT user_id, count(*) FROM concept_reads
WHERE guild_id = :guild_id AND +concept_id IN (SELECT value FROM json_each(:concepts))
GROUP BY user_id
"""
_ANSWERS_BY_MEMBER = """
SELECT user_id, count(*), sum(correct) FROM quiz_attempts INDEXED BY quiz_attempts_member_question
WHERE guild_id = :guild_id AND +question_id IN (SELECT value FROM json_each(:questions))
GROUP BY user_id
"""


class ProgressRepo:
    """The progress repository over the engine (one writer, reader snapshots)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- writing ---------------------------------------------------------------------------------

    async def add_read(
        self, guild_id: int, user_id: int, display_name: str, concept_id: str, at: datetime | None = None
    ) -> bool:
        """Record that the member read the concept, and the study day of that first read, in one transaction;
        False if they had read it before (the first time stays). Its points come from the trigger."""
        at = at if at is not None else self.engine.clock()
        now = to_db(at)
        default = self.engine.default_timezone

        def op(conn: sqlite3.Connection) -> bool:
            upsert_member(conn, guild_id, user_id, display_name, now)
            cursor = conn.execute(
                "INSERT INTO concept_reads (guild_id, user_id, concept_id, read_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (guild_id, user_id, concept_id, now),
            )
            if cursor.rowcount != 1:
                return False
            record_study_day(conn, guild_id, user_id, local_date(at, guild_zone_in(conn, guild_id, default)))
            return True

        return await self.engine.write(op)

    async def read_concepts(self, guild_id: int, user_id: int) -> set[str]:
        return await self.engine.read(lambda c: read_concepts_in(c, guild_id, user_id))

    # -- rankings --------------------------------------------------------------------------------

    async def ranking(self, guild_id: int, since: datetime | None, *, limit: int, user_id: int | None) -> Ranking:
        """The top `limit` of the period (from `since`; None = all time) and the caller's own standing."""
        if since is None:
            return await self.engine.read(lambda conn: _kept_ranking(conn, _ALL_TIME, guild_id, limit, user_id))
        params: dict[str, object] = {"guild_id": guild_id, "limit": limit, "user_id": user_id, "since": to_db(since)}

        def period(conn: sqlite3.Connection) -> Ranking:
            rows = conn.execute(_PERIOD_RANKING, params).fetchall()
            standings = [_standing(row["rank"], row) for row in rows]
            caller = next((s for s in standings if s.user_id == user_id), None)
            top = tuple(s for s in standings if s.rank <= limit)
            return Ranking(top, caller, rows[0]["ranked"] if rows else 0)

        span = _week_span(since)
        if span is None:
            return await self.engine.read(period)
        week_since, until = span

        def week(conn: sqlite3.Connection) -> Ranking | None:
            kept = conn.execute("SELECT since, until FROM week_points_span WHERE guild_id = ?", (guild_id,)).fetchone()
            if kept is None or tuple(kept) != span:
                return None  # not this week's totals yet
            if conn.execute(_EVENTS_FROM, {"guild_id": guild_id, "until": until}).fetchone():
                return period(conn)  # events after the week (a clock moved back): they count too, sum them all
            return _kept_ranking(conn, _WEEK, guild_id, limit, user_id)

        ranking = await self.engine.read(week)
        if ranking is None:
            await self.engine.write(lambda conn: _fill_week(conn, guild_id, week_since, until))
            ranking = await self.engine.read(week)
        return ranking if ranking is not None else await self.engine.read(period)

    # -- one member --------------------------------------------------------------------------------

    async def member_overview(
        self, guild_id: int, user_id: int, concept_ids: Collection[str], question_ids: Collection[str], today: date
    ) -> MemberOverview:
        key = {"guild_id": guild_id, "user_id": user_id}

        def fn(conn: sqlite3.Connection) -> MemberOverview:
            member = conn.execute(
                "SELECT display_name FROM members WHERE guild_id = :guild_id AND user_id = :user_id", key
            ).fetchone()
            reads = conn.execute(
                "SELECT count(*) FROM concept_reads WHERE guild_id = :guild_id AND user_id = :user_id"
                " AND concept_id IN (SELECT value FROM json_each(:concepts))",
                {**key, "concepts": _ids(concept_ids)},
            ).fetchone()[0]
            answers = [
                Review(row["question_id"], bool(row["correct"]), from_db(row["answered_at"]))
                for row in conn.execute(
                    "SELECT question_id, correct, answered_at FROM quiz_attempts"
                    " WHERE guild_id = :guild_id AND user_id = :user_id ORDER BY answered_at, attempt_id",
                    key,
                )
                if row["question_id"] in question_ids
            ]
            tallies = [
                QuestionTally(row[0], row[1], row[2])
                for row in conn.execute(
                    "SELECT question_id, count(*), sum(correct) FROM quiz_attempts"
                    " WHERE guild_id = :guild_id AND user_id = :user_id GROUP BY question_id",
                    key,
                )
                if row[0] in question_ids
            ]
            streak = conn.execute(
                "SELECT last_day, current, longest FROM member_streaks WHERE guild_id = :guild_id AND user_id = :user_id",
                key,
            ).fetchone()
            confirmations = conn.execute(
                "SELECT * FROM mission_confirmations WHERE guild_id = :guild_id AND user_id = :user_id", key
            ).fetchall()
            return MemberOverview(
                display_name=member[0] if member else None,
                concepts_read=reads,
                questions=tuple(tallies),
                answers=tuple(answers),
                streak=_streak(streak, today),
                confirmations=tuple(confirmation_from(row) for row in confirmations),
            )

        return await self.engine.read(fn)

    # -- the whole server, as aggregates --------------------------------------------------------------

    async def report_figures(self, guild_id: int, active_since: date) -> ReportFigures:
        params = {"guild_id": guild_id, "since": active_since.isoformat()}

        def fn(conn: sqlite3.Connection) -> ReportFigures:
            members = conn.execute("SELECT count(*) FROM members WHERE guild_id = :guild_id", params).fetchone()[0]
            active = conn.execute(
                "SELECT count(*) FROM member_streaks WHERE guild_id = :guild_id AND last_day >= :since", params
            ).fetchone()[0]
            questions = tuple(
                QuestionTally(row[0], row[1], row[2])
                for row in conn.execute(
                    "SELECT question_id, count(*), sum(correct) FROM quiz_attempts WHERE guild_id = :guild_id"
                    " GROUP BY question_id",
                    params,
                )
            )
            missions = {
                (row[0], MissionStatus(row[1])): row[2]
                for row in conn.execute(
                    "SELECT mission_id, status, count(*) FROM mission_confirmations WHERE guild_id = :guild_id"
                    " GROUP BY mission_id, status",
                    params,
                )
            }
            return ReportFigures(members, active, questions, missions)

        return await self.engine.read(fn)

    async def member_rows(
        self, guild_id: int, concept_ids: Collection[str], question_ids: Collection[str], today: date
    ) -> list[MemberRow]:
        """One row per member of the server (in no particular order), every figure an index lookup."""
        params = {"guild_id": guild_id, "concepts": _ids(concept_ids), "questions": _ids(question_ids)}

        def fn(conn: sqlite3.Connection) -> list[MemberRow]:
            confirmations: dict[int, dict[str, tuple[MissionStatus, datetime]]] = {}
            for row in conn.execute(
                "SELECT user_id, mission_id, status, updated_at FROM mission_confirmations WHERE guild_id = ?",
                (guild_id,),
            ):
                confirmations.setdefault(row[0], {})[row[1]] = (MissionStatus(row[2]), from_db(row[3]))
            reads = {row[0]: row[1] for row in conn.execute(_READS_BY_MEMBER, params)}
            answers = {row[0]: (row[1], row[2]) for row in conn.execute(_ANSWERS_BY_MEMBER, params)}
            return [
                MemberRow(
                    user_id=row["user_id"],
                    display_name=row["display_name"],
                    concepts_read=reads.get(row["user_id"], 0),
                    quiz_answered=answers.get(row["user_id"], (0, 0))[0],
                    quiz_correct=answers.get(row["user_id"], (0, 0))[1],
                    streak=_streak(row if row["last_day"] is not None else None, today),
                    points=row["points"],
                    confirmations=confirmations.get(row["user_id"], _NO_CONFIRMATIONS),
                )
                for row in paced(conn.execute(_MEMBERS, params))
            ]

        return await self.engine.read(fn)


def _standing(rank: int, row: sqlite3.Row) -> Standing:
    return Standing(
        rank=rank,
        user_id=row["user_id"],
        display_name=row["display_name"] or str(row["user_id"]),
        points=row["points"],
        reached_at=from_db(row["reached_at"]),
        correct=row["correct"],
        reads=row["reads"],
    )


def _kept_standing(conn: sqlite3.Connection, table: str, guild_id: int, user_id: int) -> Standing | None:
    row = conn.execute(_KEPT_ONE.format(table=table), {"guild_id": guild_id, "user_id": user_id}).fetchone()
    if row is None:
        return None
    ahead = conn.execute(
        _KEPT_AHEAD.format(table=table),
        {"guild_id": guild_id, "points": row["points"], "reached": row["reached_at"], "user_id": user_id},
    ).fetchone()[0]
    return _standing(ahead + 1, row)
