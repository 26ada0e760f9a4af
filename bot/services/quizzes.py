"""Quizzes: a personal quiz played with buttons, and a timed channel quiz for everyone in a channel.

Which questions: due Leitner reviews first, then unseen questions of the chosen concept, or (without a
concept) of the concepts this server has already been posted; before the first post, of the first
concept. Nobody is quizzed on a topic that was not posted yet unless they choose it.

Every click is checked against the stored session (owner, still open, which question) and recorded
through `add_attempt`, whose UNIQUE key makes a double click count once. Replies name their buttons
with the ids of `bot.services.quiz_actions`, so a click after a restart finds everything it needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.answers import MAX_ANSWER_LENGTH, AliasTable, judge
from bot.core.course import Course, Question, QuestionType
from bot.core.document import Concept
from bot.core.review import Review, build_cards, pick_questions
from bot.core.text import josa, quoted, truncate
from bot.services import quiz_replies as replies
from bot.services.errors import NotAllowed, NotFound, UserFacingError
from bot.services.ports import MemberDirectory
from bot.services.quiz_replies import answer_keys, key_answer, shown_answer
from bot.services.reply import Reply, Tone, command
from bot.store.engine import Clock
from bot.store.quizzes import PickingState
from bot.store.records import AnswerStatus, AttemptRow, QuizKind, QuizSessionRecord

MAX_QUESTIONS = 10
DEFAULT_QUESTIONS = 5
CHANNEL_SECONDS = (10, 600)
DEFAULT_CHANNEL_SECONDS = 60
CHANNEL_TYPES = (QuestionType.CHOICE, QuestionType.TRUEFALSE)  # answerable with one click
CHANNEL_QUESTIONS_KEPT = 256  # channel quiz questions remembered (a handful are open at once)


class QuizStore(Protocol):
    """Sessions, attempts and their aggregates (bot.store.quizzes.QuizRecords)."""

    async def create_quiz_session(
        self,
        guild_id: int,
        question_ids: Sequence[str],
        *,
        user_id: int | None = None,
        display_name: str | None = None,
        concept_id: str | None = None,
        channel_id: int | None = None,
        closes_at: datetime | None = None,
        at: datetime | None = None,
    ) -> QuizSessionRecord: ...

    async def get_quiz_session(self, guild_id: int, session_id: int) -> QuizSessionRecord | None: ...

    async def set_quiz_message(self, guild_id: int, session_id: int, message_id: int) -> None: ...

    async def close_quiz_session(self, guild_id: int, session_id: int, *, at: datetime | None = None) -> bool: ...

    async def open_channel_quizzes(self) -> list[QuizSessionRecord]: ...

    async def add_attempt(
        self,
        guild_id: int,
        user_id: int,
        display_name: str,
        session_id: int,
        question_id: str,
        answer: str,
        correct: bool,
        *,
        at: datetime | None = None,
    ) -> AnswerStatus: ...

    async def session_attempts(self, guild_id: int, session_id: int) -> list[AttemptRow]: ...

    async def member_reviews(self, guild_id: int, user_id: int) -> list[Review]: ...

    async def picking_state(self, guild_id: int, user_id: int) -> PickingState: ...

    async def question_answer_counts(self, guild_id: int) -> dict[str, int]: ...

    async def given_answer(self, guild_id: int, session_id: int, question_id: str, user_id: int) -> str | None: ...

    async def answer_counts(self, guild_id: int, session_id: int) -> dict[str, int]: ...

    async def first_right(self, guild_id: int, session_id: int) -> int | None: ...


class ReadConcepts(Protocol):
    """Which concepts a member has read (bot.store.progress_repo.ProgressRepo)."""

    async def read_concepts(self, guild_id: int, user_id: int) -> set[str]: ...


class PostedConcepts(Protocol):
    """What this server has been posted so far (the daily-post ledger, bot.store.posts.PostLedger)."""

    async def posted_concept_ids(self, guild_id: int) -> set[str]: ...


class ConceptFinder(Protocol):
    def find(self, reference: str) -> Concept: ...


@dataclass(frozen=True)
class ChannelQuiz:
    session_id: int
    closes_at: datetime
    reply: Reply  # the question, to be posted in the channel


@dataclass(frozen=True)
class ChannelResults:
    guild_id: int
    session_id: int
    channel_id: int | None
    message_id: int | None
    reply: Reply  # the results, to be edited into the quiz message


@dataclass(frozen=True)
class PendingClose:
    guild_id: int
    session_id: int
    closes_at: datetime


class QuizService:
    def __init__(
        self,
        course: Course,
        store: QuizStore,
        reads: ReadConcepts,
        posted: PostedConcepts,
        members: MemberDirectory,
        concepts: ConceptFinder,
        *,
        clock: Clock,
    ) -> None:
        self.course = course
        self.store = store
        self.reads = reads
        self.posted = posted
        self.members = members
        self.concepts = concepts
        self.clock = clock
        self._questions = {q.id: q for q in course.questions}
        self._aliases = AliasTable.from_groups(course.alias_groups)
        self._channel_questions: dict[tuple[int, int], Question] = {}  # (guild, session), oldest first

    # -- which questions ----------------------------------------------------------------------------

    def _concept_id(self, reference: str | None) -> str | None:
        if reference is None or not reference.strip():
            return None
        return self.concepts.find(reference).id

    async def allowed_concepts(self, guild_id: int) -> set[str]:
        """Concepts already posted in this server; before the first post, the first concept."""
        return self._allowed(await self.posted.posted_concept_ids(guild_id))

    def _allowed(self, posted: set[str]) -> set[str]:
        known = {c.id for c in self.course.concepts}
        return (posted & known) or {self.course.concepts[0].id}

    async def _candidates(self, guild_id: int, concept_id: str | None) -> tuple[Question, ...]:
        if concept_id is not None:
            return self.course.questions_for(concept_id)
        allowed = await self.allowed_concepts(guild_id)
        return tuple(q for q in self.course.questions if q.concept_id in allowed)

    async def pick_questions(self, guild_id: int, user_id: int, concept_id: str | None, count: int) -> list[Question]:
        """Due reviews first (lowest box, longest overdue), then unseen questions (those of concepts the
        member has read first), then the ones due soonest; no question twice; `count` kept within 1-10.
        Without a concept, due reviews of any concept the member has answered come first too."""
        # One snapshot for what the picking needs (one trip to a reader thread, not three); the reviews are
        # each question's latest answers only, which give the same boxes as the whole history.
        state = await self.store.picking_state(guild_id, user_id)
        cards = build_cards(r for r in state.reviews if r.question_id in self._questions)
        if concept_id is not None:
            candidates = list(self.course.questions_for(concept_id))
        else:
            allowed = self._allowed(state.posted)
            candidates = [q for q in self.course.questions if q.concept_id in allowed]
        if concept_id is None:
            listed = {q.id for q in candidates}
            candidates += [q for q in self.course.questions if q.id in cards and q.id not in listed]
        if not candidates:
            raise NotFound("이 개념에는 아직 퀴즈 문제가 없어요. 다른 개념을 골라 주세요.")
        prefer = {q.id for q in candidates if q.concept_id in state.read}
        count = min(max(count, 1), MAX_QUESTIONS)
        ids = pick_questions([q.id for q in candidates], cards, self.clock(), count, prefer=prefer)
        return [self._questions[qid] for qid in ids]

    # -- a personal quiz ----------------------------------------------------------------------------

    async def start(
        self, guild_id: int, user_id: int, display_name: str, concept: str | None, count: int = DEFAULT_QUESTIONS
    ) -> Reply:
        """Open a personal quiz and show its first question."""
        session = await self.open_quiz(guild_id, user_id, display_name, self._concept_id(concept), count)
        return self._question_reply(session, 0)

    async def open_quiz(
        self, guild_id: int, user_id: int, display_name: str, concept_id: str | None, count: int
    ) -> QuizSessionRecord:
        """Pick the questions and store the session (its positions are what the buttons carry)."""
        if concept_id is not None and self.course.concept(concept_id) is None:
            raise NotFound(f"{josa(quoted(concept_id), '은/는')} 이 코스에 없는 개념이에요. 목록에서 골라 주세요.")
        questions = await self.pick_questions(guild_id, user_id, concept_id, count)
        return await self.store.create_quiz_session(
            guild_id,
            [q.id for q in questions],
            user_id=user_id,
            display_name=display_name,
            concept_id=concept_id,
            at=self.clock(),
        )

    async def start_on_concept(self, guild_id: int, user_id: int, display_name: str, index: int) -> Reply:
        """The daily post's "오늘의 퀴즈": a personal quiz on the concept with this 0-based index."""
        if not 0 <= index < len(self.course.concepts):
            raise NotFound(f"이 개념은 지금 코스에 없어요. {command('quiz start')}로 퀴즈를 시작해 주세요.")
        return await self.start(guild_id, user_id, display_name, self.course.concepts[index].id)

    async def _own_session(self, guild_id: int, user_id: int, session_id: int) -> QuizSessionRecord:
        session = await self.store.get_quiz_session(guild_id, session_id)
        if session is None or session.kind is not QuizKind.PERSONAL:
            raise NotFound(f"이 퀴즈를 찾을 수 없어요. {command('quiz start')}로 새 퀴즈를 시작해 주세요.")
        if session.user_id != user_id:
            raise NotAllowed(f"다른 멤버의 퀴즈라서 답할 수 없어요. {command('quiz start')}로 내 퀴즈를 시작해 보세요!")
        return session

    @staticmethod
    def _finished() -> NotAllowed:
        return NotAllowed(f"이미 끝난 퀴즈예요. {command('quiz start')}로 새 퀴즈를 시작해 보세요!")

    def _at(self, session: QuizSessionRecord, position: int) -> Question:
        if not 0 <= position < len(session.question_ids):
            raise NotFound(f"이 퀴즈에 없는 문제예요. {command('quiz start')}로 새 퀴즈를 시작해 주세요.")
        question = self._questions.get(session.question_ids[position])
        if question is None:
            raise NotFound(f"이 문제는 지금 코스에 없어요. {command('quiz start')}로 새 퀴즈를 풀어 주세요.")
        return question

    async def check_open(self, guild_id: int, user_id: int, session_id: int, position: int) -> Question:
        """Before the typed-answer form opens: the member's own, open quiz, and a question not yet answered."""
        session = await self._own_session(guild_id, user_id, session_id)
        if session.closed_at is not None:
            raise self._finished()
        question = self._at(session, position)
        await self._refuse_if_answered(guild_id, user_id, session_id, question)
        return question

    async def _refuse_if_answered(self, guild_id: int, user_id: int, session_id: int, question: Question) -> None:
        given = await self.store.given_answer(guild_id, session_id, question.id, user_id)
        if given is not None:
            raise UserFacingError(
                f"이미 답한 문제예요 (처음 낸 답: {quoted(truncate(shown_answer(question, given), 90))})."
                " 한 번 낸 답은 바꿀 수 없어요."
            )

    async def question(self, guild_id: int, user_id: int, session_id: int, position: int) -> Reply:
        """The question at `position` ("다음 문제 ▶")."""
        session = await self._own_session(guild_id, user_id, session_id)
        if session.closed_at is not None:
            raise self._finished()
        self._at(session, position)
        return self._question_reply(session, position)

    async def answer_key(
        self, guild_id: int, user_id: int, display_name: str, session_id: int, position: int, key: str
    ) -> Reply:
        """A click on A-E or O/X."""
        session = await self._own_session(guild_id, user_id, session_id)
        question = self._at(session, position)
        if key not in answer_keys(question):
            raise NotFound("이 문제에 없는 보기예요. 메시지의 버튼으로 다시 답해 주세요.")
        return await self._answer(session, user_id, display_name, position, question, key_answer(question, key))

    async def answer_text(
        self, guild_id: int, user_id: int, display_name: str, session_id: int, position: int, given: str
    ) -> Reply:
        """A typed answer from the form. Too long is refused before anything is recorded, so the
        question stays open for a proper answer."""
        session = await self._own_session(guild_id, user_id, session_id)
        question = self._at(session, position)
        text = given.strip()
        if len(text) > MAX_ANSWER_LENGTH:
            raise UserFacingError(
                f"답이 너무 길어요 ({len(text):,}자). {MAX_ANSWER_LENGTH}자 안으로 핵심 낱말만 적어 주세요. "
                "이 문제는 아직 답하지 않은 것으로 남아 있어요."
            )
        if not text:
            raise UserFacingError("답이 비어 있어요. 한 단어라도 적어 주세요.")
        return await self._answer(session, user_id, display_name, position, question, text)

    async def _answer(
        self,
        session: QuizSessionRecord,
        user_id: int,
        display_name: str,
        position: int,
        question: Question,
        given: str,
    ) -> Reply:
        guild_id, session_id = session.guild_id, session.session_id
        if session.closed_at is not None:
            await self._refuse_if_answered(guild_id, user_id, session_id, question)
            raise self._finished()
        correct = judge(question, given, self._aliases)
        status = await self.store.add_attempt(
            guild_id, user_id, display_name, session_id, question.id, given, correct, at=self.clock()
        )
        if status is AnswerStatus.DUPLICATE:
            await self._refuse_if_answered(guild_id, user_id, session_id, question)
        if status is not AnswerStatus.COUNTED:
            raise self._finished()
        if position + 1 >= len(session.question_ids):  # over once the last is answered; later clicks are told so
            await self.store.close_quiz_session(guild_id, session_id, at=self.clock())
        return replies.feedback_reply(
            session_id, position, len(session.question_ids), question, self._concept_of(question), given, correct
        )

    async def stop(self, guild_id: int, user_id: int, session_id: int) -> Reply:
        """ "그만하기": end the quiz now and show what was answered."""
        session = await self._own_session(guild_id, user_id, session_id)
        if not await self.store.close_quiz_session(guild_id, session_id, at=self.clock()):
            raise self._finished()
        return await self._summary(session)

    async def results(self, guild_id: int, user_id: int, session_id: int) -> Reply:
        """ "결과 보기" after the last question."""
        session = await self._own_session(guild_id, user_id, session_id)
        return await self._summary(session)

    # -- what a personal quiz shows -----------------------------------------------------------------

    def _concept_of(self, question: Question) -> Concept | None:
        return self.course.concept(question.concept_id)

    def _question_reply(self, session: QuizSessionRecord, position: int) -> Reply:
        question = self._at(session, position)
        total = len(session.question_ids)
        return replies.question_reply(session.session_id, position, total, question, self._concept_of(question))

    async def _summary(self, session: QuizSessionRecord) -> Reply:
        guild_id, user_id = session.guild_id, session.user_id or 0
        attempts = [a for a in await self.store.session_attempts(guild_id, session.session_id) if a.user_id == user_id]
        review: list[Concept] = []
        for attempt in attempts:
            question = self._questions.get(attempt.question_id)
            concept = self._concept_of(question) if question and not attempt.correct else None
            if concept is not None and concept not in review:
                review.append(concept)
        taken = (max(a.answered_at for a in attempts) - session.created_at).total_seconds() if attempts else None
        return replies.summary_reply(
            len(session.question_ids),
            len(attempts),
            sum(1 for a in attempts if a.correct),
            taken,
            review,
            await self._next_review(guild_id, user_id, {a.question_id for a in attempts}),
        )

    async def _next_review(self, guild_id: int, user_id: int, question_ids: set[str]) -> str:
        """When the quiz's questions come up for review (Leitner boxes of the member's whole history)."""
        if not question_ids:
            return replies.next_review_text(0, None)
        now = self.clock()
        reviews = await self.store.member_reviews(guild_id, user_id)
        cards = build_cards(r for r in reviews if r.question_id in question_ids)
        later = sorted(c.due_at for c in cards.values() if c.due_at > now)
        zone = await self.members.guild_zone(guild_id)
        return replies.next_review_text(
            sum(1 for c in cards.values() if c.due_at <= now), later[0].astimezone(zone) if later else None
        )

    # -- a channel quiz -----------------------------------------------------------------------------

    async def start_channel(
        self, guild_id: int, channel_id: int, concept: str | None, seconds: int = DEFAULT_CHANNEL_SECONDS
    ) -> ChannelQuiz:
        """One choice or O/X question for the channel: the one this server has answered least (course
        order breaks ties), open for `seconds` (kept within 10-600)."""
        concept_id = self._concept_id(concept)
        candidates = [q for q in await self._candidates(guild_id, concept_id) if q.type in CHANNEL_TYPES]
        if not candidates:
            raise NotFound("채널 퀴즈로 낼 객관식이나 O/X 문제가 없어요. 다른 개념을 골라 주세요.")
        counts = await self.store.question_answer_counts(guild_id)
        question = min(candidates, key=lambda q: counts.get(q.id, 0))  # min keeps the first of equals
        seconds = min(max(seconds, CHANNEL_SECONDS[0]), CHANNEL_SECONDS[1])
        now = self.clock()
        closes_at = now + timedelta(seconds=seconds)
        session = await self.store.create_quiz_session(
            guild_id, [question.id], concept_id=concept_id, channel_id=channel_id, closes_at=closes_at, at=now
        )
        zone = await self.members.guild_zone(guild_id)
        reply = replies.channel_question_reply(
            session.session_id, question, self._concept_of(question), seconds, closes_at.astimezone(zone)
        )
        return ChannelQuiz(session.session_id, closes_at, reply)

    async def attach_message(self, guild_id: int, session_id: int, message_id: int) -> None:
        """Remember the channel message of a channel quiz, so that its results can be edited into it."""
        await self.store.set_quiz_message(guild_id, session_id, message_id)

    async def cancel_channel(self, guild_id: int, session_id: int) -> None:
        """The question could not be posted: close the session without results."""
        await self.store.close_quiz_session(guild_id, session_id, at=self.clock())

    async def _channel_question(self, guild_id: int, session_id: int) -> Question:
        """The question of a channel quiz. A session's question never changes, so it is remembered: a busy
        channel quiz then costs one write per click (the write itself refuses answers once it closed)."""
        key = (guild_id, session_id)
        question = self._channel_questions.get(key)
        if question is None:
            _, question = await self._channel_session(guild_id, session_id)
            if len(self._channel_questions) >= CHANNEL_QUESTIONS_KEPT:
                self._channel_questions.pop(next(iter(self._channel_questions)))
            self._channel_questions[key] = question
        return question

    async def _channel_session(self, guild_id: int, session_id: int) -> tuple[QuizSessionRecord, Question]:
        session = await self.store.get_quiz_session(guild_id, session_id)
        if session is None or session.kind is not QuizKind.CHANNEL or not session.question_ids:
            raise NotFound("이 채널 퀴즈를 찾을 수 없어요.")
        question = self._questions.get(session.question_ids[0])
        if question is None:
            raise NotFound("이 문제는 지금 코스에 없어요.")
        return session, question

    async def answer_channel(self, guild_id: int, user_id: int, display_name: str, session_id: int, key: str) -> Reply:
        """One answer per member; the acknowledgement repeats the choice and says it is final."""
        question = await self._channel_question(guild_id, session_id)
        if key not in answer_keys(question):
            raise NotFound("이 문제에 없는 보기예요. 메시지의 버튼으로 답해 주세요.")
        given = key_answer(question, key)
        status = await self.store.add_attempt(
            guild_id, user_id, display_name, session_id, question.id, given, judge(question, given), at=self.clock()
        )
        if status is AnswerStatus.DUPLICATE:
            first = await self.store.given_answer(guild_id, session_id, question.id, user_id) or given
            raise UserFacingError(
                f"이미 답했어요 (내 답: {quoted(truncate(shown_answer(question, first), 90))})."
                " 한 번 고른 답은 바꿀 수 없어요. 마감 뒤 결과를 기다려 주세요!"
            )
        if status is not AnswerStatus.COUNTED:
            raise NotAllowed("이 채널 퀴즈는 이미 끝났어요. 결과는 퀴즈 메시지에서 볼 수 있어요.")
        return Reply(
            body=f"내 답: {quoted(truncate(shown_answer(question, given), 90))}\n"
            "한 번 고른 답은 바꿀 수 없어요. 마감되면 결과가 퀴즈 메시지에 나와요.",
            tone=Tone.SUCCESS,
        )

    async def close_channel(self, guild_id: int, session_id: int) -> ChannelResults | None:
        """Close a channel quiz and give its results; None if it was closed already (only one caller of
        all the timers and buttons gets the results)."""
        if not await self.store.close_quiz_session(guild_id, session_id, at=self.clock()):
            return None
        session, question = await self._channel_session(guild_id, session_id)
        counts = await self.store.answer_counts(guild_id, session_id)
        first_id = await self.store.first_right(guild_id, session_id)
        first = None
        if first_id is not None:
            known = await self.members.get_member(guild_id, first_id)
            first = (first_id, known.display_name if known else str(first_id))
        reply = replies.channel_results_reply(session_id, question, self._concept_of(question), counts, first)
        return ChannelResults(guild_id, session_id, session.channel_id, session.message_id, reply)

    async def pending_closes(self) -> list[PendingClose]:
        """Channel quizzes still open in any server, soonest first: their timers are re-armed at start."""
        return [
            PendingClose(s.guild_id, s.session_id, s.closes_at)
            for s in await self.store.open_channel_quizzes()
            if s.closes_at is not None
        ]
