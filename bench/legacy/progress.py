"""BASELINE for bench/bench_progress.py only: the read path as it was before migration 0006 (every
guild-wide figure reloads the server's history through Database.activity and recomputes it with the
core). Not used by the bot."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.answers import AliasTable
from bot.core.course import Course, Question
from bot.core.progress import (
    POINTS,
    Accuracy,
    AnswerEvent,
    MissionEvent,
    Period,
    ReadEvent,
    ScoreKind,
    accuracy,
    accuracy_by_concept,
    activity_days,
    current_streak,
    local_date,
    longest_streak,
    most_missed,
    parse_period,
    period_start,
    rank,
    score_events,
    weakest,
)
from bot.core.text import josa, quoted, truncate
from bot.services.reply import Field, Reply, Tone, command
from bot.store import Activity, AnswerStatus, Clock, Confirmation, Database, MissionStatus

MAX_QUIZ_QUESTIONS = 10
CHANNEL_QUIZ_SECONDS = (10, 600)
LEADERBOARD_SIZE = 10
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


@dataclass(frozen=True)
class AnswerResult:
    status: AnswerStatus

    @property
    def counted(self) -> bool:
        return self.status is AnswerStatus.COUNTED


_NOT_COUNTED = {
    AnswerStatus.DUPLICATE: "이미 답한 문제예요. 처음 낸 답이 기록되어 있어요.",
    AnswerStatus.CLOSED: "이 퀴즈는 이미 끝났어요.",
    AnswerStatus.NOT_YOURS: "다른 멤버의 퀴즈예요. 내 퀴즈에서 답해 주세요.",
    AnswerStatus.NOT_FOUND: "이 퀴즈를 찾을 수 없어요. 새 퀴즈로 다시 풀어 주세요.",
}


@dataclass(frozen=True)
class QuizSession:
    session_id: int
    questions: tuple[Question, ...]
    concept_id: str | None
    closes_at: datetime | None = None  # channel quizzes


@dataclass(frozen=True)
class MissionState:
    status: MissionStatus
    confirmed_at: datetime | None  # when it was confirmed, if it is


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class _Events:
    reads: tuple[ReadEvent, ...]
    answers: tuple[AnswerEvent, ...]
    missions: tuple[MissionEvent, ...]
    names: Mapping[int, str]
    confirmations: Mapping[tuple[int, str], Confirmation]


def mission_state(confirmation: Confirmation | None) -> MissionState:
    if confirmation is None:
        return MissionState(MissionStatus.NOT_STARTED, None)
    confirmed = confirmation.updated_at if confirmation.status is MissionStatus.CONFIRMED else None
    return MissionState(confirmation.status, confirmed)


class ProgressService:
    def __init__(self, db: Database, course: Course, *, clock: Clock | None = None) -> None:
        self.db = db
        self.course = course
        self.clock = clock or db.clock
        self._concept_of = {q.id: q.concept_id for q in course.questions}
        self._aliases = AliasTable.from_groups(course.alias_groups)
        self._mission_ids = {m.id for m in course.missions}

    # -- reading the progress ---------------------------------------------------------------------

    async def _zone(self, guild_id: int) -> ZoneInfo:
        return await self.db.guild_zone(guild_id)

    def _events(self, activity: Activity) -> _Events:
        confirmations = {
            (c.user_id, c.mission_id): c for c in activity.confirmations if c.mission_id in self._mission_ids
        }
        return _Events(
            reads=tuple(
                ReadEvent(r.user_id, r.concept_id, r.read_at)
                for r in activity.reads
                if self.course.concept(r.concept_id) is not None
            ),
            answers=tuple(
                AnswerEvent(a.user_id, a.question_id, self._concept_of[a.question_id], a.correct, a.answered_at)
                for a in activity.attempts
                if a.question_id in self._concept_of
            ),
            missions=tuple(
                MissionEvent(c.user_id, c.mission_id, c.updated_at)
                for c in confirmations.values()
                if c.status is MissionStatus.CONFIRMED
            ),
            names={m.user_id: m.display_name for m in activity.members},
            confirmations=confirmations,
        )

    def _stats(self, events: _Events, zone: ZoneInfo) -> list[MemberStats]:
        today = local_date(self.clock(), zone)
        days = activity_days(events.reads, events.answers, zone)
        points = {s.user_id: s.points for s in rank(score_events(events.reads, events.answers, events.missions, zone))}
        answers: dict[int, list[AnswerEvent]] = defaultdict(list)
        for answer in events.answers:
            answers[answer.user_id].append(answer)
        reads = Counter(r.user_id for r in events.reads)
        stats = []
        for user_id, name in events.names.items():
            quiz = accuracy(answers.get(user_id, ()))
            member_days = days.get(user_id, set())
            stats.append(
                MemberStats(
                    user_id=user_id,
                    display_name=name,
                    concepts_read=reads[user_id],
                    quiz_answered=quiz.answered,
                    quiz_correct=quiz.correct,
                    streak_days=current_streak(member_days, today),
                    longest_streak=longest_streak(member_days),
                    points=points.get(user_id, 0),
                    missions={
                        m.id: mission_state(events.confirmations.get((user_id, m.id))) for m in self.course.missions
                    },
                )
            )
        return stats

    async def member_stats(self, guild_id: int) -> list[MemberStats]:
        """Every known member of the server, in the order they first showed up."""
        zone = await self._zone(guild_id)
        return self._stats(self._events(await self.db.activity(guild_id)), zone)

    async def member_summary(self, guild_id: int, user_id: int, display_name: str | None = None) -> Reply:
        zone = await self._zone(guild_id)
        events = self._events(await self.db.activity(guild_id, user_id))
        name = display_name or events.names.get(user_id) or "멤버"
        title = f"📊 {name} 님의 학습 현황"
        if not events.names or not (events.reads or events.answers or events.confirmations):
            return Reply(
                title=title,
                body=f"아직 학습 기록이 없어요. {command('concept today')} 로 오늘의 개념부터 읽어 보세요!",
            )
        stats = self._stats(events, zone)[0]
        week_start = period_start(Period.WEEK, self.clock(), zone)
        week = rank(score_events(events.reads, events.answers, events.missions, zone), since=week_start)
        quiz = stats.accuracy
        streak = f"{stats.streak_days}일"
        if stats.longest_streak > stats.streak_days:
            streak += f" (최고 {stats.longest_streak}일)"
        fields = [
            Field("📖 읽은 개념", f"{stats.concepts_read}/{len(self.course.concepts)}개", inline=True),
            Field(
                "📝 퀴즈",
                f"{quiz.answered}문제 · 정답 {quiz.correct}개 ({quiz.percent})"
                if quiz.answered
                else "아직 안 풀었어요",
                inline=True,
            ),
            Field("🔥 연속 학습", streak, inline=True),
            Field("⭐ 점수", f"이번 주 {week[0].points if week else 0}점 · 전체 {stats.points}점", inline=True),
        ]
        for mission in self.course.missions:
            state = stats.missions[mission.id]
            when = f" ({state.confirmed_at.astimezone(zone):%m/%d})" if state.confirmed_at else ""
            fields.append(Field(f"🐳 {mission.title}", MISSION_LABELS[state.status] + when, inline=True))
        by_concept = accuracy_by_concept(events.answers)
        lines = [
            f"{'⚠️' if (acc.ratio or 0) < 0.6 else '•'} {concept.title} — {acc.correct}/{acc.answered} ({acc.percent})"
            for concept in self.course.concepts
            if (acc := by_concept.get(concept.id))
        ]
        if lines:
            fields.append(Field("📊 개념별 정답률", "\n".join(lines)))
        return Reply(title=title, fields=tuple(fields), footer=POINTS_RULE)

    async def leaderboard(self, guild_id: int, period: str | Period = Period.WEEK) -> Reply:
        chosen = period if isinstance(period, Period) else parse_period(period)
        if chosen is None:
            return Reply(
                title="기간을 알 수 없어요",
                body=f"{josa(quoted(truncate(str(period), 40)), '은/는')} 없는 기간이에요. "
                "week(이번 주), month(이번 달), all(전체) 중에서 골라 주세요.",
                tone=Tone.ERROR,
            )
        zone = await self._zone(guild_id)
        events = self._events(await self.db.activity(guild_id))
        since = period_start(chosen, self.clock(), zone)
        standings = rank(score_events(events.reads, events.answers, events.missions, zone), since=since)
        title = f"🏆 {PERIOD_TITLES[chosen]} 순위"
        footer = POINTS_RULE + (f" · {since:%m/%d}부터" if since else "")
        if not standings:
            return Reply(
                title=title,
                body=f"{PERIOD_TITLES[chosen]}에는 아직 점수를 얻은 멤버가 없어요. 개념을 읽고 퀴즈를 풀면 점수가 쌓여요!",
                footer=footer,
                ephemeral=False,
            )
        lines = []
        for standing in standings[:LEADERBOARD_SIZE]:
            place = MEDALS[standing.rank - 1] if standing.rank <= len(MEDALS) else f"{standing.rank}."
            name = events.names.get(standing.user_id, str(standing.user_id))
            correct = standing.counts.get(ScoreKind.CORRECT, 0)
            reads = standing.counts.get(ScoreKind.READ, 0)
            lines.append(f"{place} {name} — {standing.points}점 (정답 {correct} · 개념 {reads})")
        return Reply(title=title, body="\n".join(lines), footer=footer, ephemeral=False)

    async def group_report(self, guild_id: int) -> Reply:
        zone = await self._zone(guild_id)
        events = self._events(await self.db.activity(guild_id))
        title = "📋 스터디 리포트"
        if not events.names:
            return Reply(title=title, body="아직 이 서버의 학습 기록이 없어요.")
        members = len(events.names)
        week_start = period_start(Period.WEEK, self.clock(), zone)
        active = {r.user_id for r in events.reads if week_start and r.at >= week_start}
        active |= {a.user_id for a in events.answers if week_start and a.at >= week_start}
        quiz = accuracy(events.answers)
        body = f"멤버 {members}명 · 이번 주 활동 {len(active)}명 · 퀴즈 {quiz.answered}문제 (정답률 {quiz.percent})"
        fields = []
        for mission in self.course.missions:
            statuses = [c.status for (_, mid), c in events.confirmations.items() if mid == mission.id]
            done = statuses.count(MissionStatus.CONFIRMED)
            pending = statuses.count(MissionStatus.PENDING)
            fields.append(
                Field(
                    f"🐳 {mission.title}",
                    f"확인 완료 {done}/{members}명 ({Accuracy(members, done).percent}) · 검토 대기 {pending}명",
                )
            )
        by_concept = accuracy_by_concept(events.answers)
        lines = [
            f"{concept.index + 1}. {concept.title} — {acc.percent} ({acc.correct}/{acc.answered})"
            for concept in self.course.concepts
            if (acc := by_concept.get(concept.id))
        ]
        fields.append(Field("📊 개념별 정답률", "\n".join(lines) or "아직 푼 문제가 없어요"))
        missed = most_missed(events.answers)
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
