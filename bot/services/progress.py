"""Progress: concept reads, member summary, leaderboard, group report (quizzes: bot.services.quizzes).

The rules (streaks, points, ranking, Leitner review) live in bot.core.progress and bot.core.review. What
they need is recorded with each answer and read (bot.store.scoring); the figures here are SQL aggregates
of that record (bot.store.progress_repo), never a reload of the server's history.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.course import Course
from bot.core.document import Concept
from bot.core.progress import (
    POINTS,
    Accuracy,
    Period,
    ScoreKind,
    combined,
    local_date,
    most_missed_of,
    parse_period,
    period_start,
    weakest,
)
from bot.core.review import build_cards
from bot.core.text import josa, quoted, truncate
from bot.services.errors import NotFound, UserFacingError
from bot.services.ports import GuildZones
from bot.services.reply import Field, Reply, command
from bot.store import Clock, Confirmation, MissionStatus
from bot.store.pacing import paced
from bot.store.progress_repo import (
    MemberOverview,
    MemberRow,
    QuestionTally,
    Ranking,
    ReportFigures,
    Standing,
)

LEADERBOARD_SIZE = 10
WEAK_BELOW = 0.6  # a concept answered right less often than this is marked ⚠️
PERIOD_TITLES = {Period.WEEK: "이번 주", Period.MONTH: "이번 달", Period.ALL: "전체"}
MISSION_LABELS = {
    MissionStatus.NOT_STARTED: "아직 안 함",
    MissionStatus.PENDING: "검토 대기",
    MissionStatus.CONFIRMED: "확인 완료",
    MissionStatus.REVOKED: "취소됨",
}
MEDALS = ("🥇", "🥈", "🥉")
POINTS_RULE = (
    f"점수: 개념 읽기 {POINTS[ScoreKind.READ]} · 정답 {POINTS[ScoreKind.CORRECT]}"
    f" · 첫 시도 정답 +{POINTS[ScoreKind.FIRST_TRY]} · 미션 완료 {POINTS[ScoreKind.MISSION]}"
    " · 동점이면 먼저 도달한 사람이 위"
)


@dataclass(frozen=True, slots=True)
class MissionState:
    status: MissionStatus
    confirmed_at: datetime | None  # when it was confirmed, if it is


@dataclass(frozen=True, slots=True)  # slots: fewer objects per member in the export (GC pauses)
class MemberStats:
    user_id: int
    display_name: str
    concepts_read: int
    quiz_answered: int
    quiz_correct: int
    streak_days: int
    longest_streak: int
    points: int
    missions: Mapping[str, MissionState]  # by mission id, every mission of the course

    @property
    def accuracy(self) -> Accuracy:
        return Accuracy(self.quiz_answered, self.quiz_correct)


class ProgressStore(Protocol):
    """What the progress figures need from the store (bot.store.progress_repo.ProgressRepo)."""

    async def add_read(
        self, guild_id: int, user_id: int, display_name: str, concept_id: str, at: datetime | None = None
    ) -> bool: ...

    async def read_concepts(self, guild_id: int, user_id: int) -> set[str]: ...

    async def ranking(self, guild_id: int, since: datetime | None, *, limit: int, user_id: int | None) -> Ranking: ...

    async def member_overview(
        self, guild_id: int, user_id: int, concept_ids: Collection[str], question_ids: Collection[str], today: date
    ) -> MemberOverview: ...

    async def report_figures(self, guild_id: int, active_since: date) -> ReportFigures: ...

    async def member_rows(
        self, guild_id: int, concept_ids: Collection[str], question_ids: Collection[str], today: date
    ) -> list[MemberRow]: ...


def mission_state(confirmation: Confirmation | None) -> MissionState:
    if confirmation is None:
        return MissionState(MissionStatus.NOT_STARTED, None)
    confirmed = confirmation.updated_at if confirmation.status is MissionStatus.CONFIRMED else None
    return MissionState(confirmation.status, confirmed)


class ProgressService:
    def __init__(self, course: Course, store: ProgressStore, zones: GuildZones, *, clock: Clock) -> None:
        self.store = store
        self.zones = zones
        self.course = course
        self.clock = clock
        self._concept_ids = [c.id for c in course.concepts]
        self._concept_of = {q.id: q.concept_id for q in course.questions}
        self._mission_ids = {m.id for m in course.missions}

    # -- recording --------------------------------------------------------------------------------

    async def record_read(self, guild_id: int, user_id: int, display_name: str, concept_id: str) -> bool:
        """Mark a concept read; True the first time (a second read changes nothing)."""
        if self.course.concept(concept_id) is None:
            raise NotFound(f"{josa(quoted(concept_id), '은/는')} 이 코스에 없는 개념이에요.")
        return await self.store.add_read(guild_id, user_id, display_name, concept_id, self.clock())

    async def read_concepts(self, guild_id: int, user_id: int) -> set[str]:
        return await self.store.read_concepts(guild_id, user_id)

    # -- reading the progress ---------------------------------------------------------------------

    async def _zone(self, guild_id: int) -> ZoneInfo:
        return await self.zones.guild_zone(guild_id)

    def _mission_states(self, confirmations: Mapping[str, Confirmation | None]) -> dict[str, MissionState]:
        return {m.id: mission_state(confirmations.get(m.id)) for m in self.course.missions}

    def _by_concept(self, tallies: Collection[QuestionTally]) -> dict[str, Accuracy]:
        """Each concept's accuracy from its questions' tallies (questions no longer in the course are left out)."""
        groups: dict[str, list[Accuracy]] = defaultdict(list)
        for tally in tallies:
            concept_id = self._concept_of.get(tally.question_id)
            if concept_id is not None:
                groups[concept_id].append(Accuracy(tally.answered, tally.correct))
        return {concept_id: combined(accs) for concept_id, accs in groups.items()}

    async def member_stats(self, guild_id: int) -> list[MemberStats]:
        """Every known member of the server (by user id): one indexed lookup per figure, no history reload.
        The rows become MemberStats on a worker thread: thousands of members must not hold up the event loop."""
        today = local_date(self.clock(), await self._zone(guild_id))
        rows = await self.store.member_rows(guild_id, self._concept_ids, self._concept_of.keys(), today)
        return await asyncio.to_thread(self._member_stats, rows)

    def _member_stats(self, rows: list[MemberRow]) -> list[MemberStats]:
        # Most members confirmed no mission: they share one read-only mapping instead of a dict each (fewer
        # objects for the garbage collector to walk while thousands of rows are built).
        no_missions: Mapping[str, MissionState] = MappingProxyType(
            {m.id: _state_of(None) for m in self.course.missions}
        )
        return [
            MemberStats(
                user_id=row.user_id,
                display_name=row.display_name,
                concepts_read=row.concepts_read,
                quiz_answered=row.quiz_answered,
                quiz_correct=row.quiz_correct,
                streak_days=row.streak.current,
                longest_streak=row.streak.longest,
                points=row.points,
                missions=(
                    {m.id: _state_of(row.confirmations.get(m.id)) for m in self.course.missions}
                    if row.confirmations
                    else no_missions
                ),
            )
            for row in paced(rows)
        ]

    async def member_summary(self, guild_id: int, user_id: int, display_name: str | None = None) -> Reply:
        """A member's progress (their own, or another member's when an organizer or friend looks): concepts
        read, answers and accuracy, accuracy per concept weakest first, streak, points and rank, missions and
        reviews due."""
        zone = await self._zone(guild_id)
        now = self.clock()
        overview = await self.store.member_overview(
            guild_id, user_id, self._concept_ids, self._concept_of.keys(), local_date(now, zone)
        )
        name = display_name or overview.display_name or "멤버"
        title = f"📊 {name} 님의 학습 현황"
        if not (overview.concepts_read or overview.answers or overview.confirmations):
            return Reply(
                title=title,
                body=f"아직 학습 기록이 없어요. {command('concept today')} 로 오늘의 개념부터 읽어 보세요!",
            )
        week = (
            await self.store.ranking(guild_id, period_start(Period.WEEK, now, zone), limit=0, user_id=user_id)
        ).caller
        total = (await self.store.ranking(guild_id, None, limit=0, user_id=user_id)).caller
        quiz = combined(Accuracy(t.answered, t.correct) for t in overview.questions)
        streak = f"{overview.streak.current}일"
        if overview.streak.longest > overview.streak.current:
            streak += f" (최고 {overview.streak.longest}일)"
        fields = [
            Field("📖 읽은 개념", f"{overview.concepts_read}/{len(self.course.concepts)}개", inline=True),
            Field(
                "📝 퀴즈",
                f"{quiz.answered}문제 · 정답 {quiz.correct}개 ({quiz.percent})"
                if quiz.answered
                else "아직 안 풀었어요",
                inline=True,
            ),
            Field("🔥 연속 학습", streak, inline=True),
            Field("⭐ 점수", f"이번 주 {_points_and_rank(week)} · 전체 {_points_and_rank(total)}", inline=True),
        ]
        states = self._mission_states({c.mission_id: c for c in overview.confirmations})
        for mission in self.course.missions:
            state = states[mission.id]
            when = f" ({state.confirmed_at.astimezone(zone):%m/%d})" if state.confirmed_at else ""
            fields.append(Field(f"{mission.emoji} {mission.title}", MISSION_LABELS[state.status] + when, inline=True))
        cards = build_cards(overview.answers)
        due = sum(1 for card in cards.values() if card.due_at <= now)
        fields.append(
            Field(
                "🔁 복습",
                f"지금 복습할 문제 {due}개 — {command('quiz start')} 로 풀 수 있어요."
                if due
                else "지금 복습할 문제는 없어요.",
                inline=True,
            )
        )
        lines = [
            f"{'⚠️' if (acc.ratio or 0) < WEAK_BELOW else '•'} {concept.title} — {acc.correct}/{acc.answered} ({acc.percent})"
            for concept, acc in self._weakest_first(self._by_concept(overview.questions))
        ]
        if lines:
            fields.append(Field("📊 개념별 정답률 (약한 순)", "\n".join(lines)))
        return Reply(title=title, fields=tuple(fields), footer=POINTS_RULE)

    def _weakest_first(self, by_concept: Mapping[str, Accuracy]) -> list[tuple[Concept, Accuracy]]:
        pairs = [(c, by_concept[c.id]) for c in self.course.concepts if c.id in by_concept]
        pairs.sort(key=lambda pair: (pair[1].ratio or 0, -pair[1].answered, pair[0].index))
        return pairs

    async def leaderboard(self, guild_id: int, period: str | Period = Period.WEEK, user_id: int | None = None) -> Reply:
        """The top 10 of the period with their points, and the caller's own place when outside it."""
        chosen = period if isinstance(period, Period) else parse_period(period)
        if chosen is None:
            raise UserFacingError(
                f"{josa(quoted(truncate(str(period), 40)), '은/는')} 없는 기간이에요. "
                "week(이번 주), month(이번 달), all(전체) 중에서 골라 주세요."
            )
        zone = await self._zone(guild_id)
        since = period_start(chosen, self.clock(), zone)
        ranking = await self.store.ranking(guild_id, since, limit=LEADERBOARD_SIZE, user_id=user_id)
        title = f"🏆 {PERIOD_TITLES[chosen]} 순위"
        footer = POINTS_RULE + (f" · {since:%m/%d}부터" if since else "")
        if not ranking.top:
            return Reply(
                title=title,
                body=f"{PERIOD_TITLES[chosen]}에는 아직 점수를 얻은 멤버가 없어요. 개념을 읽고 퀴즈를 풀면 점수가 쌓여요!",
                footer=footer,
                ephemeral=False,
            )
        lines = [_leaderboard_line(standing) for standing in ranking.top]
        if user_id is not None and ranking.caller is None:
            lines += ["", f"🙋 나: {PERIOD_TITLES[chosen]}에는 아직 점수가 없어요."]
        elif ranking.caller is not None and ranking.caller.rank > LEADERBOARD_SIZE:
            lines += ["⋯", f"🙋 나: {_leaderboard_line(ranking.caller)}"]
        footer += f" · 점수를 얻은 멤버 {ranking.ranked}명"
        return Reply(title=title, body="\n".join(lines), footer=footer, ephemeral=False)

    async def group_report(self, guild_id: int) -> Reply:
        zone = await self._zone(guild_id)
        week_start = period_start(Period.WEEK, self.clock(), zone)
        figures = await self.store.report_figures(guild_id, week_start.date() if week_start else date.min)
        title = "📋 스터디 리포트"
        if not figures.members:
            return Reply(title=title, body="아직 이 서버의 학습 기록이 없어요.")
        members = figures.members
        by_question = {
            t.question_id: Accuracy(t.answered, t.correct)
            for t in figures.questions
            if t.question_id in self._concept_of
        }
        quiz = combined(by_question.values())
        body = f"멤버 {members}명 · 이번 주 활동 {figures.active}명 · 퀴즈 {quiz.answered}문제 (정답률 {quiz.percent})"
        fields = []
        for mission in self.course.missions:
            done = figures.missions.get((mission.id, MissionStatus.CONFIRMED), 0)
            pending = figures.missions.get((mission.id, MissionStatus.PENDING), 0)
            fields.append(
                Field(
                    f"{mission.emoji} {mission.title}",
                    f"확인 완료 {done}/{members}명 ({Accuracy(members, done).percent}) · 검토 대기 {pending}명",
                )
            )
        by_concept = self._by_concept(figures.questions)
        lines = [
            f"{concept.index + 1}. {concept.title} — {acc.percent} ({acc.correct}/{acc.answered})"
            for concept in self.course.concepts
            if (acc := by_concept.get(concept.id))
        ]
        fields.append(Field("📊 개념별 정답률", "\n".join(lines) or "아직 푼 문제가 없어요"))
        missed = most_missed_of(by_question)
        if missed:
            missed_lines = []
            for qid, acc in missed:
                question = self.course.question(qid)
                prompt = truncate(question.prompt, 70) if question else qid
                missed_lines.append(f"• {prompt} — 오답 {acc.wrong}/{acc.answered}")
            fields.append(Field("❌ 가장 많이 틀린 문제", "\n".join(missed_lines)))
        weak = weakest(by_concept)
        if weak:
            weak_lines = []
            for concept_id, acc in weak:
                concept = self.course.concept(concept_id)
                weak_lines.append(f"• {concept.title if concept else concept_id} — {acc.percent}")
            fields.append(Field("⚠️ 약한 개념 (다시 보면 좋아요)", "\n".join(weak_lines)))
        return Reply(title=title, body=body, fields=tuple(fields))


def _state_of(confirmation: tuple[MissionStatus, datetime] | None) -> MissionState:
    if confirmation is None:
        return MissionState(MissionStatus.NOT_STARTED, None)
    status, updated_at = confirmation
    return MissionState(status, updated_at if status is MissionStatus.CONFIRMED else None)


def _points_and_rank(standing: Standing | None) -> str:
    return f"{standing.points}점 ({standing.rank}위)" if standing else "0점"


def _leaderboard_line(standing: Standing) -> str:
    place = MEDALS[standing.rank - 1] if standing.rank <= len(MEDALS) else f"{standing.rank}."
    return f"{place} {standing.display_name} — {standing.points}점 (정답 {standing.correct} · 개념 {standing.reads})"
