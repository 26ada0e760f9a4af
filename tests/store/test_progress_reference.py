"""The SQL read path against the pure core: random histories written through the store's write path
(reads, quiz answers, mission decisions; two servers, one in a zone with summer time), then every figure of
the leaderboard, /progress, the report and the export compared with bot.core.progress computed from the
same rows. The core stays the reference for the rules; the SQL is only a faster way to the same numbers."""

from __future__ import annotations

import contextlib
import random
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.course import Course
from bot.core.progress import (
    POINTS,
    AnswerEvent,
    MissionEvent,
    Period,
    ReadEvent,
    ScoreEvent,
    ScoreKind,
    accuracy,
    accuracy_by,
    activity_days,
    current_streak,
    local_date,
    longest_streak,
    period_start,
    rank,
    score_events,
)
from bot.services.errors import UserFacingError
from bot.store import Database, MissionStatus
from bot.store.migrate import migrate
from bot.store.records import to_db
from tests.services import evidence_samples as samples
from tests.store.history import load_history
from tests.store.support import FakeClock, docker_course, services_for

SEOUL_GUILD, NEW_YORK_GUILD = 10, 20
ORGANIZER = 999


@pytest.fixture
def clock() -> FakeClock:
    # Three weeks across the end of US summer time (2024-11-03) and a month boundary.
    return FakeClock(datetime(2024, 10, 20, 8, 0, tzinfo=ZoneInfo("UTC")))


@pytest.fixture
async def db(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "studybot.db", clock=clock)
    yield database
    await database.close()


async def write_random_history(
    db: Database, clock: FakeClock, course: Course, seed: int, *, looking: bool = False
) -> None:
    """`looking`: someone asks for the week's leaderboard now and then, so that the kept weekly totals
    (migration 0007) are filled early and then kept by the triggers through answers, reads, missions
    confirmed and revoked, and new weeks."""
    rng = random.Random(seed)
    services = services_for(db, course)
    progress, missions = services.progress, services.missions
    await db.guilds.update_guild(NEW_YORK_GUILD, timezone="America/New_York")
    members = {
        guild: [(guild * 100 + n, f"멤버{guild}-{n}") for n in range(7)] for guild in (SEOUL_GUILD, NEW_YORK_GUILD)
    }
    # A few concepts only, so that questions come back (again on the same day, and on later days).
    questions = [q for q in course.questions if q.concept_id in {c.id for c in course.concepts[:3]}]
    for step in range(160):
        clock.advance(minutes=rng.choice([1, 5, 40, 180, 420, 900, 1440]))
        guild = rng.choice(list(members))
        if looking and step % 7 == 0:
            await progress.leaderboard(guild, "week")
        user, name = rng.choice(members[guild])
        roll = rng.random()
        if roll < 0.25:
            await progress.record_read(guild, user, name, rng.choice(course.concepts[:6]).id)
        elif roll < 0.88:
            picked = rng.sample(questions, rng.randint(1, 3))
            session = await db.quizzes.create_quiz_session(
                guild, [q.id for q in picked], user_id=user, display_name=name
            )
            for question in picked:
                clock.advance(seconds=rng.randint(1, 30))
                await db.quizzes.add_attempt(
                    guild, user, name, session.session_id, question.id, "답", rng.random() < 0.6
                )
        elif roll < 0.94:
            outcome = await missions.confirm(guild, user, name, None, rng.choice([samples.LINUX, samples.PODMAN]))
            if not outcome.confirmed:  # the rules did not know the paste: the member asks the organizers
                with contextlib.suppress(UserFacingError):
                    await missions.request_review(guild, user, name, 0)
        elif roll < 0.97:
            with contextlib.suppress(UserFacingError):  # refused when there is nothing to revoke
                await missions.revoke(guild, ORGANIZER, user, None, "다시 확인해 주세요")
        else:
            with contextlib.suppress(UserFacingError):  # refused when already confirmed
                await missions.verify(guild, ORGANIZER, user, None)


class Reference:
    """The core's figures from one server's rows (as the read path computed them before migration 0006)."""

    def __init__(
        self, reads: list[ReadEvent], answers: list[AnswerEvent], missions: list[MissionEvent], zone: ZoneInfo
    ):
        self.reads, self.answers, self.zone = reads, answers, zone
        self.events: list[ScoreEvent] = score_events(reads, answers, missions, zone)
        self.days = activity_days(reads, answers, zone)

    @classmethod
    async def of(cls, db: Database, course: Course, guild_id: int) -> Reference:
        activity = await load_history(db, guild_id)
        concept_of = {q.id: q.concept_id for q in course.questions}
        concepts = {c.id for c in course.concepts}
        return cls(
            [r for r in activity.reads if r.concept_id in concepts],
            [
                AnswerEvent(a.user_id, a.question_id, concept_of[a.question_id], a.correct, a.answered_at)
                for a in activity.attempts
                if a.question_id in concept_of
            ],
            [
                MissionEvent(c.user_id, c.mission_id, c.updated_at)
                for c in activity.confirmations
                if c.status is MissionStatus.CONFIRMED
            ],
            await db.guilds.guild_zone(guild_id),
        )


@pytest.mark.parametrize(("seed", "looking"), [(1, False), (2, False), (3, True), (4, True), (5, True)])
async def test_sql_figures_equal_the_core_on_random_histories(
    db: Database, clock: FakeClock, seed: int, looking: bool
) -> None:
    course = docker_course()
    await write_random_history(db, clock, course, seed, looking=looking)
    repo = db.progress
    now = clock()
    concept_ids = [c.id for c in course.concepts]
    question_ids = [q.id for q in course.questions]
    for guild in (SEOUL_GUILD, NEW_YORK_GUILD):
        ref = await Reference.of(db, course, guild)
        today = local_date(now, ref.zone)
        assert ref.events and ref.answers  # the history is not trivial

        # The leaderboard, every period, and each member's own place in it.
        for period in Period:
            since = period_start(period, now, ref.zone)
            expected = [
                (
                    s.rank,
                    s.user_id,
                    s.points,
                    s.reached_at,
                    s.counts.get(ScoreKind.CORRECT, 0),
                    s.counts.get(ScoreKind.READ, 0),
                )
                for s in rank(ref.events, since=since)
            ]
            ranking = await repo.ranking(guild, since, limit=1000, user_id=None)
            got = [(s.rank, s.user_id, s.points, s.reached_at, s.correct, s.reads) for s in ranking.top]
            assert got == expected, (guild, period)
            assert ranking.ranked == len(expected)
            for place in expected:
                caller = (await repo.ranking(guild, since, limit=2, user_id=place[1])).caller
                assert caller is not None and (caller.rank, caller.points) == (place[0], place[2])

        # The export's rows and /progress of each member.
        points = {s.user_id: s.points for s in rank(ref.events)}
        rows = {row.user_id: row for row in await repo.member_rows(guild, concept_ids, question_ids, today)}
        reads = Counter(r.user_id for r in ref.reads)
        for user_id, row in rows.items():
            mine = [a for a in ref.answers if a.user_id == user_id]
            days = ref.days.get(user_id, set())
            quiz = accuracy(mine)
            assert (row.concepts_read, row.quiz_answered, row.quiz_correct, row.points) == (
                reads[user_id],
                quiz.answered,
                quiz.correct,
                points.get(user_id, 0),
            ), user_id
            assert (row.streak.current, row.streak.longest) == (current_streak(days, today), longest_streak(days))
            overview = await repo.member_overview(guild, user_id, concept_ids, question_ids, today)
            assert overview.concepts_read == reads[user_id] and overview.streak == row.streak
            by_question = accuracy_by(mine, lambda a: a.question_id)
            assert {t.question_id: (t.answered, t.correct) for t in overview.questions} == {
                q: (acc.answered, acc.correct) for q, acc in by_question.items()
            }

        # The report's figures.
        week_start = period_start(Period.WEEK, now, ref.zone)
        assert week_start is not None
        figures = await repo.report_figures(guild, week_start.date())
        assert figures.members == len(rows)
        active = {e.user_id for e in (*ref.reads, *ref.answers) if e.at >= week_start}
        assert figures.active == len(active)
        assert {t.question_id: (t.answered, t.correct) for t in figures.questions} == {
            q: (acc.answered, acc.correct) for q, acc in accuracy_by(ref.answers, lambda a: a.question_id).items()
        }


async def test_a_question_scores_once_a_local_day_and_the_first_try_bonus_once_ever(
    db: Database, clock: FakeClock
) -> None:
    course = docker_course()
    question = course.questions[0].id
    clock.now = datetime(2024, 12, 2, 14, 50, tzinfo=ZoneInfo("UTC"))  # 23:50 in Seoul
    for _ in range(3):  # right three times on the same Seoul day
        session = await db.quizzes.create_quiz_session(SEOUL_GUILD, [question], user_id=1, display_name="민지")
        await db.quizzes.add_attempt(SEOUL_GUILD, 1, "민지", session.session_id, question, "답", True)
        clock.advance(minutes=2)
    clock.advance(minutes=10)  # 00:06 the next Seoul day
    session = await db.quizzes.create_quiz_session(SEOUL_GUILD, [question], user_id=1, display_name="민지")
    await db.quizzes.add_attempt(SEOUL_GUILD, 1, "민지", session.session_id, question, "답", True)

    rows = await db.read(
        lambda c: c.execute(
            "SELECT kind, day, points FROM score_events WHERE guild_id = ? ORDER BY event_id", (SEOUL_GUILD,)
        ).fetchall()
    )
    assert [tuple(r) for r in rows] == [
        ("correct", "2024-12-02", POINTS[ScoreKind.CORRECT]),
        ("first_try", "", POINTS[ScoreKind.FIRST_TRY]),
        ("correct", "2024-12-03", POINTS[ScoreKind.CORRECT]),
    ]
    ranking = await db.progress.ranking(SEOUL_GUILD, None, limit=10, user_id=1)
    assert ranking.caller is not None and ranking.caller.points == 2 + 3 + 2


async def test_a_first_answer_that_was_wrong_earns_no_first_try_bonus_later(db: Database) -> None:
    course = docker_course()
    question = course.questions[0].id
    first = await db.quizzes.create_quiz_session(SEOUL_GUILD, [question], user_id=1, display_name="민지")
    await db.quizzes.add_attempt(SEOUL_GUILD, 1, "민지", first.session_id, question, "틀림", False)
    second = await db.quizzes.create_quiz_session(SEOUL_GUILD, [question], user_id=1, display_name="민지")
    await db.quizzes.add_attempt(SEOUL_GUILD, 1, "민지", second.session_id, question, "답", True)
    kinds = await db.read(
        lambda c: [r[0] for r in c.execute("SELECT kind FROM score_events WHERE guild_id = ?", (SEOUL_GUILD,))]
    )
    assert kinds == ["correct"]


def test_the_points_in_the_migration_are_the_cores() -> None:
    sql = next(p for p in (Path(__file__).parents[2] / "bot" / "store" / "migrations").glob("0006_*.sql")).read_text()
    assert f"'read', NEW.concept_id, {POINTS[ScoreKind.READ]}," in sql
    assert f"'mission', NEW.mission_id, {POINTS[ScoreKind.MISSION]}," in sql
    assert "'correct', a.question_id, date(substr(a.answered_at, 1, 19), z.shift), 2," in sql
    assert POINTS[ScoreKind.CORRECT] == 2 and POINTS[ScoreKind.FIRST_TRY] == 3
    assert "'first_try', question_id, 3, answered_at" in sql


async def test_migration_0006_scores_an_existing_history_as_the_core_does(tmp_path: Path, clock: FakeClock) -> None:
    """A database of version 5 holds reads, answers and confirmations but no scoring record; 0006 builds it."""
    course = docker_course()
    path = tmp_path / "old.db"
    rng = random.Random(7)
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=5)
    utc_guild = 30
    conn.execute("INSERT INTO guilds (guild_id) VALUES (?)", (SEOUL_GUILD,))  # no zone set: the default
    conn.execute("INSERT INTO guilds (guild_id, timezone) VALUES (?, 'UTC')", (utc_guild,))
    questions = [q.id for q in course.questions[:6]]
    for guild in (SEOUL_GUILD, utc_guild):
        for user in range(1, 6):
            conn.execute(
                "INSERT INTO members (guild_id, user_id, display_name, first_seen) VALUES (?, ?, ?, ?)",
                (guild, user, f"멤버{user}", to_db(clock())),
            )
    for _ in range(150):
        clock.advance(minutes=rng.choice([3, 50, 300, 700, 1440]))
        guild, user = rng.choice([SEOUL_GUILD, utc_guild]), rng.randint(1, 5)
        now = to_db(clock())
        if rng.random() < 0.2:
            conn.execute(
                "INSERT OR IGNORE INTO concept_reads (guild_id, user_id, concept_id, read_at) VALUES (?, ?, ?, ?)",
                (guild, user, rng.choice(course.concepts[:5]).id, now),
            )
        elif rng.random() < 0.9:
            session = conn.execute(
                "INSERT INTO quiz_sessions (guild_id, kind, user_id, created_at) VALUES (?, 'personal', ?, ?)",
                (guild, user, now),
            ).lastrowid
            question = rng.choice(questions)
            conn.execute(
                "INSERT INTO quiz_items (session_id, position, question_id) VALUES (?, 0, ?)", (session, question)
            )
            conn.execute(
                "INSERT INTO quiz_attempts (guild_id, session_id, question_id, user_id, answer, correct, answered_at)"
                " VALUES (?, ?, ?, ?, '답', ?, ?)",
                (guild, session, question, user, int(rng.random() < 0.6), now),
            )
        else:
            conn.execute(
                "INSERT INTO mission_confirmations (guild_id, user_id, mission_id, status, updated_at)"
                " VALUES (?, ?, 'docker-install', ?, ?) ON CONFLICT DO UPDATE SET status = excluded.status,"
                " updated_at = excluded.updated_at",
                (guild, user, rng.choice(["confirmed", "revoked", "pending"]), now),
            )
    conn.close()

    db = await Database.open(path, clock=clock)
    try:
        assert (db.migrated_from, db.schema_version) == (5, 7)
        repo = db.progress
        for guild in (SEOUL_GUILD, utc_guild):
            ref = await Reference.of(db, course, guild)
            today = local_date(clock(), ref.zone)
            expected = [(s.rank, s.user_id, s.points, s.reached_at) for s in rank(ref.events)]
            got = (await repo.ranking(guild, None, limit=100, user_id=None)).top
            assert [(s.rank, s.user_id, s.points, s.reached_at) for s in got] == expected
            # The week's kept totals (0007) start empty and are filled from the migrated record when first asked.
            week = period_start(Period.WEEK, clock(), ref.zone)
            expected = [(s.rank, s.user_id, s.points, s.reached_at) for s in rank(ref.events, since=week)]
            got = (await repo.ranking(guild, week, limit=100, user_id=None)).top
            assert expected and [(s.rank, s.user_id, s.points, s.reached_at) for s in got] == expected
            for row in await repo.member_rows(guild, [c.id for c in course.concepts], questions, today):
                days = ref.days.get(row.user_id, set())
                assert (row.streak.current, row.streak.longest) == (current_streak(days, today), longest_streak(days))
    finally:
        await db.close()
