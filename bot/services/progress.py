"""Progress: concept reads, quiz sessions and answers, member summary, leaderboard, group report.

The rules (streaks, points, ranking, Leitner review) live in bot.core.progress and bot.core.review. What
they need is recorded with each answer and read (bot.store.scoring); the figures here are SQL aggregates
of that record (bot.store.progress_repo), never a reload of the server's history.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.answers import MAX_ANSWER_LENGTH, AliasTable, judge
from bot.core.course import Course, Question
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
from bot.core.review import Review, build_cards, pick_questions
from bot.core.text import josa, quoted, truncate
from bot.services.errors import NotFound, UserFacingError
from bot.services.reply import Field, Reply, Tone, command
from bot.store import AnswerStatus, Clock, Confirmation, Database, MissionStatus
from bot.store.progress_repo import (
    MemberOverview,
    MemberRow,
    ProgressRepo,
    QuestionTally,
    Ranking,
    ReportFigures,
    Standing,
)

MAX_QUIZ_QUESTIONS = 10
CHANNEL_QUIZ_SECONDS = (10, 600)
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


class ProgressStore(Protocol):
    """What the progress figures need from the store (bot.store.progress_repo.ProgressRepo)."""

    async def add_read(self, guild_id: int, user_id: int, display_name: str, concept_id: str, at: datetime) -> bool: ...

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
    def __init__(
        self, db: Database, course: Course, *, clock: Clock | None = None, store: ProgressStore | None = None
    ) -> None:
        self.db = db
        self.store: ProgressStore = store or ProgressRepo(db)
        self.course = course
        self.clock = clock or db.clock
        self._concept_ids = [c.id for c in course.concepts]
        self._concept_of = {q.id: q.concept_id for q in course.questions}
        self._aliases = AliasTable.from_groups(course.alias_groups)
        self._mission_ids = {m.id for m in course.missions}

    # -- recording --------------------------------------------------------------------------------

    async def record_read(self, guild_id: int, user_id: int, display_name: str, concept_id: str) -> bool:
        """Mark a concept read; True the first time (a second read changes nothing)."""
        if self.course.concept(concept_id) is None:
            raise NotFound(f"{josa(quoted(concept_id), '은/는')} 이 코스에 없는 개념이에요.")
        return await self.store.add_read(guild_id, user_id, display_name, concept_id, self.clock())

    async def read_concepts(self, guild_id: int, user_id: int) -> set[str]:
        return await self.db.read_concepts(guild_id, user_id)

    async def record_answer(
        self,
        guild_id: int,
        user_id: int,
        display_name: str,
        session_id: int,
        question_id: str,
        answer: str,
        correct: bool,
    ) -> AnswerResult:
        """Record a member's answer to a question of a quiz session. A second answer to the same question
        of the same session (a double click) is a DUPLICATE and changes nothing; a closed channel quiz
        is CLOSED; another member's personal quiz NOT_YOURS; anything else unknown NOT_FOUND."""
        status = await self.db.add_attempt(
            guild_id, user_id, display_name, session_id, question_id, answer, correct, at=self.clock()
        )
        return AnswerResult(status)

    async def answer(
        self, guild_id: int, user_id: int, display_name: str, session_id: int, question_id: str, given: str
    ) -> Reply:
        """Judge a member's answer (Korean-aware for short answers), record it once, and say whether it
        was right, the right answer, the explanation and the section it comes from."""
        question = self.course.question(question_id)
        if question is None:
            raise NotFound("이 문제는 지금 코스에 없어요. 새 퀴즈로 다시 풀어 주세요.")
        if len(given) > MAX_ANSWER_LENGTH:
            return Reply(
                body=f"답이 너무 길어요 ({len(given):,}자). {MAX_ANSWER_LENGTH}자 안으로 핵심 낱말만 적어 주세요.",
                tone=Tone.WARNING,
            )
        correct = judge(question, given, self._aliases)
        result = await self.record_answer(
            guild_id, user_id, display_name, session_id, question_id, given.strip(), correct
        )
        if result.status is not AnswerStatus.COUNTED:
            return Reply(body=_NOT_COUNTED[result.status], tone=Tone.INFO)
        concept = self.course.concept(question.concept_id)
        fields = [] if correct else [Field("정답", question.answer_text)]
        fields.append(Field("해설", question.explanation))
        if concept is not None:
            where = " › ".join((*concept.breadcrumb[1:], concept.title))
            fields.append(
                Field("📖 출처", f"{concept.index + 1}. {where}\n{command('concept show')} 로 다시 읽을 수 있어요.")
            )
        return Reply(
            title="⭕ 정답이에요!" if correct else "❌ 아쉬워요, 오답이에요",
            fields=tuple(fields),
            tone=Tone.SUCCESS if correct else Tone.WARNING,
        )

    # -- quizzes ----------------------------------------------------------------------------------

    def _candidates(self, concept_id: str | None) -> tuple[Question, ...]:
        if concept_id is None:
            return self.course.questions
        if self.course.concept(concept_id) is None:
            raise NotFound(f"{josa(quoted(concept_id), '은/는')} 이 코스에 없는 개념이에요. 목록에서 골라 주세요.")
        questions = self.course.questions_for(concept_id)
        if not questions:
            raise NotFound("이 개념에는 아직 퀴즈 문제가 없어요.")
        return questions

    async def pick_questions(self, guild_id: int, user_id: int, concept_id: str | None, count: int) -> list[Question]:
        """Questions for a personal quiz: due for review first, then unseen (from concepts the member has
        read first), then the ones due soonest; no question twice. `count` is kept within 1-10."""
        candidates = self._candidates(concept_id)
        activity = await self.db.activity(guild_id, user_id)
        cards = build_cards(
            Review(a.question_id, a.correct, a.answered_at)
            for a in activity.attempts
            if a.question_id in self._concept_of
        )
        read = {r.concept_id for r in activity.reads}
        prefer = {q.id for q in candidates if q.concept_id in read}
        count = min(max(count, 1), MAX_QUIZ_QUESTIONS)
        ids = pick_questions([q.id for q in candidates], cards, self.clock(), count, prefer=prefer)
        by_id = {q.id: q for q in candidates}
        return [by_id[qid] for qid in ids]

    async def start_quiz(
        self, guild_id: int, user_id: int, display_name: str, concept_id: str | None, count: int
    ) -> QuizSession:
        """Pick the questions and open a personal quiz session for them."""
        questions = await self.pick_questions(guild_id, user_id, concept_id, count)
        record = await self.db.create_quiz_session(
            guild_id,
            [q.id for q in questions],
            user_id=user_id,
            display_name=display_name,
            concept_id=concept_id,
            at=self.clock(),
        )
        return QuizSession(record.session_id, tuple(questions), concept_id)

    async def start_channel_quiz(
        self, guild_id: int, channel_id: int, concept_id: str | None, seconds: int
    ) -> QuizSession:
        """One question for the whole channel: the one this server has answered least (course order breaks
        ties), open for `seconds` (kept within 10-600)."""
        candidates = self._candidates(concept_id)
        counts = await self.db.question_answer_counts(guild_id)
        question = min(candidates, key=lambda q: counts.get(q.id, 0))  # min keeps the first of equals
        seconds = min(max(seconds, CHANNEL_QUIZ_SECONDS[0]), CHANNEL_QUIZ_SECONDS[1])
        now = self.clock()
        closes_at = now + timedelta(seconds=seconds)
        record = await self.db.create_quiz_session(
            guild_id, [question.id], concept_id=concept_id, channel_id=channel_id, closes_at=closes_at, at=now
        )
        return QuizSession(record.session_id, (question,), concept_id, closes_at)

    async def close_channel_quiz(self, guild_id: int, session_id: int) -> Reply | None:
        """Close a channel quiz and give its results; None if it was closed already (or is unknown)."""
        if not await self.db.close_quiz_session(guild_id, session_id, at=self.clock()):
            return None
        session = await self.db.get_quiz_session(guild_id, session_id)
        question = self.course.question(session.question_ids[0]) if session else None
        attempts = await self.db.session_attempts(guild_id, session_id)
        members = {m.user_id: m.display_name for m in await self.db.list_members(guild_id)}
        right = [members.get(a.user_id, str(a.user_id)) for a in attempts if a.correct]
        lines = [f"정답: {question.answer_text}" if question else "정답: -"]
        if question:
            lines.append(f"💡 {question.explanation}")
        lines.append("")
        lines.append(f"참여 {len(attempts)}명 · 정답 {len(right)}명")
        if right:
            lines.append("🎉 맞힌 사람: " + ", ".join(right))
        return Reply(
            title=f"⏰ 채널 퀴즈 결과 — {truncate(question.prompt, 80)}" if question else "⏰ 채널 퀴즈 결과",
            body="\n".join(lines),
            tone=Tone.SUCCESS,
            ephemeral=False,
        )

    # -- reading the progress ---------------------------------------------------------------------

    async def _zone(self, guild_id: int) -> ZoneInfo:
        return await self.db.guild_zone(guild_id)

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
                missions={m.id: _state_of(row.confirmations.get(m.id)) for m in self.course.missions},
            )
            for row in rows
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
            fields.append(Field(f"🐳 {mission.title}", MISSION_LABELS[state.status] + when, inline=True))
        cards = build_cards(Review(a.question_id, a.correct, a.at) for a in overview.answers)
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
                    f"🐳 {mission.title}",
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
