"""The daily post: deciding (through bot.core.schedule), claiming in the ledger, sending, reconciling.

One entry point for every adapter that fires posts: `post_due(guild_id, now)`. The APScheduler job of the
Discord bot calls it at the post time and once at start (catch-up); a console with a simulated clock can
call it with its own `now`. Sending goes through a `Publisher`, the only platform-specific part.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.course import Course, Mission
from bot.core.document import MISSION_MARKER, Concept
from bot.core.schedule import (
    DayState,
    Next,
    NextKind,
    concept_scores,
    due_at,
    failed_streak_pauses,
    local_day,
    next_post,
    next_run,
    post_nonce,
    retry_instant,
    weakest_concept,
)
from bot.core.text import josa, quoted
from bot.services.concept_posts import concept_messages
from bot.services.errors import NotFound, UserFacingError
from bot.services.ports import AuditTrail
from bot.services.reply import Button, ButtonStyle, Field, Reply, Tone, command
from bot.store.posts import NonceFor, PlannedPost
from bot.store.records import GuildSettings, PostKind, PostRecord, PostStatus

log = logging.getLogger("studybot.daily")

READ_BUTTON_LABEL = "읽었어요 ✅"
QUIZ_BUTTON_LABEL = "오늘의 퀴즈"
SYSTEM_ACTOR = 0  # audit entries the bot writes by itself (an automatic pause)
RECONCILE_SLACK = timedelta(minutes=1)  # a message may carry a timestamp slightly before the claim


def read_action(concept_index: int) -> str:
    return f"post:read:{concept_index}"


def quiz_action(concept_index: int) -> str:
    """Handled by the quiz feature (a personal quiz on this concept)."""
    return f"quiz:concept:{concept_index}"


class PublishError(Exception):
    """Sending failed; `reason` is what organizers read in /schedule show (status, code, meaning).
    `retryable`: the same send may pass later the same day (a 5xx); False for a missing channel or access."""

    def __init__(self, reason: str, *, retryable: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class SendInterrupted(Exception):
    """The adapter is stopping while a send is under way: whether the post went out is unknown, so its row
    stays pending and the next start reconciles it (looks in the channel before sending again)."""


@dataclass(frozen=True)
class PublishedMessage:
    message_id: int
    title: str | None  # the title of the message's first embed


class Publisher(Protocol):
    async def send(self, channel_id: int, replies: Sequence[Reply], nonce: str) -> int:
        """Send the messages in order; returns the id of the last one. Raises PublishError (Discord said
        no), SendInterrupted (the adapter is stopping), anything else when the send broke on the way."""
        ...

    async def recent_messages(self, channel_id: int, since: datetime) -> list[PublishedMessage]:
        """The bot's own messages in the channel created since `since`. Raises PublishError."""
        ...


class Ledger(Protocol):
    async def claim(
        self,
        guild_id: int,
        local_date: date,
        plan: PlannedPost,
        *,
        channel_id: int | None,
        nonce_for: NonceFor,
        manual: bool,
    ) -> PostRecord | None: ...

    async def mark_sent(self, guild_id: int, post_id: int, message_id: int) -> bool: ...

    async def mark_failed(self, guild_id: int, post_id: int, reason: str) -> None: ...

    async def skip_reason(self, guild_id: int, post_id: int, reason: str) -> None: ...

    async def day_posts(self, guild_id: int, local_date: date) -> list[PostRecord]: ...

    async def pending(self, guild_id: int) -> list[PostRecord]: ...

    async def latest_sent(self, guild_id: int, *kinds: PostKind) -> PostRecord | None: ...

    async def sent_count(self, guild_id: int, kind: PostKind) -> int: ...

    async def mission_posted(self, guild_id: int, mission_id: str) -> bool: ...

    async def failed_days_in_a_row(self, guild_id: int, limit: int = 10) -> int: ...

    async def read_count(self, guild_id: int, concept_id: str) -> int: ...

    async def mission_progress(self, guild_id: int, mission_id: str) -> tuple[int, int]: ...

    async def question_stats(self, guild_id: int) -> list[tuple[str, int, int]]: ...


class GuildStore(Protocol):
    async def get_guild(self, guild_id: int) -> GuildSettings: ...

    async def update_guild(self, guild_id: int, **fields: object) -> GuildSettings: ...


class ReadTracker(Protocol):
    async def record_read(self, guild_id: int, user_id: int, display_name: str, concept_id: str) -> bool: ...


class ScheduleListener(Protocol):
    """Told about every schedule change (the Discord adapter's scheduler moves or removes the timer)."""

    def schedule_changed(self, settings: GuildSettings) -> None: ...


class Outcome(StrEnum):
    NOT_SCHEDULED = "not_scheduled"
    NOT_DUE = "not_due"
    SENT = "sent"
    RECONCILED = "reconciled"  # a pending post was found in the channel: marked sent, nothing sent
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    post: PostRecord | None = None
    retryable: bool = False  # FAILED only: worth another try later today (see bot.core.schedule.RETRY_DELAYS)


def day_state(rows: Sequence[PostRecord]) -> DayState:
    if not rows:
        return DayState.OPEN
    if all(r.status is PostStatus.FAILED for r in rows):
        return DayState.FAILED
    return DayState.DONE


# Why a row failed, as organizers read it in /schedule show.
SEND_BROKE = "보내는 도중 연결이 끊겼거나 응답이 없었어요 ({error})"
LEFT_THE_COURSE = "코스에서 사라진 개념이나 미션이라 올리지 않았어요 (봇이 멈춘 사이 코스가 바뀌었어요)"

NO_WEAK_CONCEPT = (
    "복습할 개념이 없어요: 정답률이 80% 아래이면서 답이 5개 이상 모인 개념이 없어요. 퀴즈가 더 쌓이면 복습 글을 올려요."
)


class DailyPostService:
    def __init__(
        self,
        course: Course,
        ledger: Ledger,
        guilds: GuildStore,
        audit: AuditTrail,
        reads: ReadTracker,
        publisher: Publisher | None = None,
        *,
        clock: Callable[[], datetime],
    ) -> None:
        self.course = course
        self.clock = clock
        self.ledger = ledger
        self.guilds = guilds
        self.audit = audit
        self.reads = reads
        self.publisher = publisher
        self.listener: ScheduleListener | None = None
        self._locks: dict[int, asyncio.Lock] = {}
        self._concept_of = {
            q.id: (q.concept_id, c.index) for q in course.questions if (c := course.concept(q.concept_id)) is not None
        }

    def attach(self, publisher: Publisher) -> None:
        """The adapter that can send (the Discord client once it is connected)."""
        self.publisher = publisher

    def _lock(self, guild_id: int) -> asyncio.Lock:
        # One post decision at a time per server: the start-up catch-up and a timer, or two post-nows.
        return self._locks.setdefault(guild_id, asyncio.Lock())

    @property
    def mission(self) -> Mission | None:
        return self.course.missions[0] if self.course.missions else None

    # -- the entry point of every timer ------------------------------------------------------------

    async def post_due(self, guild_id: int, now: datetime) -> Result:
        """Post this server's daily post if it is due at `now`; reconcile a post left pending first."""
        async with self._lock(guild_id):
            settings = await self.guilds.get_guild(guild_id)
            if settings.post_time is None or settings.channel_id is None:
                return Result(Outcome.NOT_SCHEDULED)
            zone = ZoneInfo(settings.timezone)
            reconciled = await self._reconcile(settings, now)
            if reconciled is not None:
                return reconciled
            today = local_day(now, zone)
            rows = await self.ledger.day_posts(guild_id, today)
            due = due_at(now, settings.post_time, zone, day_state(rows), paused=settings.paused)
            if not due.due or (settings.schedule_since is not None and due.instant < settings.schedule_since):
                return Result(Outcome.NOT_DUE)
            if due.catch_up:
                log.info("guild %s: catching up today's post (due at %s)", guild_id, due.instant.isoformat())
            return await self._claim_and_send(settings, now, manual=False)

    async def post_now(self, guild_id: int, actor_id: int, now: datetime) -> Reply:
        """/schedule post-now: the next post at once; it counts as today's post."""
        async with self._lock(guild_id):
            settings = await self.guilds.get_guild(guild_id)
            if settings.channel_id is None:
                raise UserFacingError(
                    f"아직 게시할 채널이 없어요. 먼저 {command('schedule set')}으로 채널과 시간을 정해 주세요."
                )
            today = local_day(now, ZoneInfo(settings.timezone))
            reconciled = await self._reconcile(settings, now)
            if (
                reconciled is not None
                and reconciled.post is not None
                and reconciled.outcome in (Outcome.SENT, Outcome.RECONCILED)
                and reconciled.post.local_date == today
            ):
                # Today's post left pending by a crash went out (or was found) just now: that is the post.
                owed = reconciled.post
                detail = f"{owed.local_date} #{owed.seq} {owed.kind.value} {owed.concept_id or ''}"
                await self.audit.add_audit(
                    guild_id, actor_id, "schedule_post_now", detail=f"{reconciled.outcome}: {detail}"
                )
                what = josa(self._describe(owed), "을/를")
                body = f"보내다 멈췄던 {what} 마저 올렸어요. 이 글이 오늘의 게시라서 새 글은 올리지 않았어요."
                return Reply(title="지금 올렸어요", body=body, tone=Tone.SUCCESS)
            earlier = [r for r in await self.ledger.day_posts(guild_id, today) if r.status is PostStatus.SENT]
            result = await self._claim_and_send(settings, now, manual=True)
            post = result.post
            detail = "" if post is None else f"{post.local_date} #{post.seq} {post.kind.value} {post.concept_id or ''}"
            await self.audit.add_audit(guild_id, actor_id, "schedule_post_now", detail=f"{result.outcome}: {detail}")
        if post is None or result.outcome is Outcome.NOT_DUE:
            raise UserFacingError("지금은 올릴 수 없어요. 잠시 뒤 다시 해 주세요.")
        if result.outcome is Outcome.SKIPPED:
            return Reply(title="올릴 글이 없어요", body=post.reason or NO_WEAK_CONCEPT, tone=Tone.WARNING)
        if result.outcome is Outcome.FAILED:
            raise UserFacingError(f"게시하지 못했어요: {post.reason}. 채널과 봇 권한을 확인해 주세요.")
        what = self._describe(post)
        if earlier:
            body = f"오늘 {len(earlier) + 1}번째 게시예요. 다음 순서인 {josa(what, '을/를')} 올렸어요."
        else:
            body = f"{josa(what, '을/를')} 올렸어요. 오늘의 게시로 쳐서 예약된 시간에는 다시 올리지 않아요."
        return Reply(title="지금 올렸어요", body=body, tone=Tone.SUCCESS)

    def _describe(self, post: PostRecord) -> str:
        if post.kind is PostKind.MISSION and self.mission is not None:
            return f"미션 안내 {quoted(self.mission.title)}"
        concept = self.course.concept(post.concept_id or "")
        if concept is None:
            return "글"
        if post.kind is PostKind.REVIEW:
            return f"복습 {quoted(concept.title)}"
        return f"{concept.index + 1}일째 개념 {quoted(concept.title)}"

    # -- what the ledger says ----------------------------------------------------------------------

    async def todays_concept_id(self, guild_id: int) -> str | None:
        """The concept of the latest sent post (a concept or a review), or None before the first post."""
        post = await self.ledger.latest_sent(guild_id, PostKind.CONCEPT, PostKind.REVIEW)
        return None if post is None else post.concept_id

    async def next_post_at(self, guild_id: int) -> datetime | None:
        """When the next scheduled post goes out (local time), or None without a running schedule."""
        settings = await self.guilds.get_guild(guild_id)
        if settings.post_time is None or settings.channel_id is None or settings.paused:
            return None
        return next_run(self.clock(), settings.post_time, ZoneInfo(settings.timezone))

    async def retry_at(self, guild_id: int, failed_at: datetime, retries_done: int) -> datetime | None:
        """When a retryable failed post should be tried again (None: not today any more)."""
        settings = await self.guilds.get_guild(guild_id)
        if settings.paused or settings.post_time is None or settings.channel_id is None:
            return None  # e.g. the failure just paused the schedule (3 failed days): a retry would do nothing
        return retry_instant(failed_at, ZoneInfo(settings.timezone), retries_done)

    # -- deciding and claiming ---------------------------------------------------------------------

    async def position(self, guild_id: int) -> int:
        """Concepts posted so far in this server (the "n" of "n/N일째")."""
        last = await self.ledger.latest_sent(guild_id, PostKind.CONCEPT)
        if last is None:
            return 0
        concept = self.course.concept(last.concept_id or "")
        if concept is not None:
            return concept.index + 1
        return min(await self.ledger.sent_count(guild_id, PostKind.CONCEPT), len(self.course.concepts))

    async def upcoming(self, guild_id: int) -> Next:
        last = await self.ledger.latest_sent(guild_id, PostKind.CONCEPT)
        position = await self.position(guild_id)
        last_index = None if last is None else position - 1
        mission = self.mission
        posted = mission is not None and await self.ledger.mission_posted(guild_id, mission.id)
        return next_post(last_index, len(self.course.concepts), has_mission=mission is not None, mission_posted=posted)

    async def weakest(self, guild_id: int) -> tuple[Concept, float, int] | None:
        """The group's weakest concept (see bot.core.schedule.weakest_concept): per-question aggregates from
        SQL, folded into concepts here. Returns (concept, accuracy, answers)."""
        scores = concept_scores(await self.ledger.question_stats(guild_id), self._concept_of)
        weakest = weakest_concept(scores)
        if weakest is None:
            return None
        concept = self.course.concept(weakest.concept_id)
        return None if concept is None else (concept, weakest.accuracy, weakest.answers)

    async def _plan(self, guild_id: int) -> tuple[PlannedPost, str | None]:
        upcoming = await self.upcoming(guild_id)
        if upcoming.kind is NextKind.CONCEPT and upcoming.concept_index is not None:
            return PlannedPost(PostKind.CONCEPT, concept_id=self.course.concepts[upcoming.concept_index].id), None
        if upcoming.kind is NextKind.MISSION and self.mission is not None:
            return PlannedPost(PostKind.MISSION, mission_id=self.mission.id), None
        weakest = await self.weakest(guild_id)
        if weakest is None:
            return PlannedPost(PostKind.NONE), NO_WEAK_CONCEPT
        return PlannedPost(PostKind.REVIEW, concept_id=weakest[0].id), None

    async def _claim_and_send(self, settings: GuildSettings, now: datetime, *, manual: bool) -> Result:
        guild_id = settings.guild_id
        today = local_day(now, ZoneInfo(settings.timezone))
        plan, skip_reason = await self._plan(guild_id)
        failed = (
            [] if manual else [r for r in await self.ledger.day_posts(guild_id, today) if r.status is PostStatus.FAILED]
        )
        post = await self.ledger.claim(
            guild_id,
            today,
            plan,
            channel_id=settings.channel_id,
            nonce_for=lambda seq: post_nonce(guild_id, today, seq, plan.item),
            manual=manual,
        )
        if post is None:
            return Result(Outcome.NOT_DUE)
        if post.status is PostStatus.SKIPPED:
            await self.ledger.skip_reason(guild_id, post.post_id, skip_reason or NO_WEAK_CONCEPT)
            log.info("guild %s: nothing to post on %s (%s)", guild_id, today, skip_reason)
            return Result(Outcome.SKIPPED, replace(post, reason=skip_reason))
        earlier = next((r for r in failed if r.post_id == post.post_id and r.nonce == post.nonce), None)
        if earlier is not None:
            # A retry of the same post: a send that broke on the way may have been created all the same, and
            # Discord's nonce only covers a few minutes. Look for it since the failed attempt's claim first.
            found = await self._find_in_channel(replace(post, claimed_at=earlier.claimed_at))
            if found is not None:
                await self.ledger.mark_sent(guild_id, post.post_id, found)
                log.info("guild %s: failed post %s was in the channel after all", guild_id, post.post_id)
                return Result(Outcome.RECONCILED, replace(post, status=PostStatus.SENT, message_id=found))
        return await self._send(post)

    # -- sending and reconciling -------------------------------------------------------------------

    async def _send(self, post: PostRecord) -> Result:
        if self.publisher is None or post.channel_id is None or post.nonce is None:
            raise RuntimeError("no publisher attached, or a claimed post without channel or nonce")
        replies = await self.post_replies(post)
        try:
            message_id = await self.publisher.send(post.channel_id, replies, post.nonce)
        except PublishError as exc:
            log.warning("guild %s: post %s failed: %s", post.guild_id, post.post_id, exc.reason)
            return await self._failed(post, exc.reason, retryable=exc.retryable)
        except SendInterrupted:
            log.warning("guild %s: post %s interrupted by shutdown, left pending", post.guild_id, post.post_id)
            raise
        except Exception as exc:
            # Not an answer from Discord (a reset connection, a timeout): the row must not stay pending until
            # the next day, or the post is lost without organizers hearing of it.
            log.exception("guild %s: post %s failed while sending", post.guild_id, post.post_id)
            return await self._failed(post, SEND_BROKE.format(error=type(exc).__name__), retryable=True)
        await self.ledger.mark_sent(post.guild_id, post.post_id, message_id)
        log.info("guild %s: posted %s %s as message %s", post.guild_id, post.kind.value, post.local_date, message_id)
        return Result(Outcome.SENT, replace(post, status=PostStatus.SENT, message_id=message_id))

    async def _failed(self, post: PostRecord, reason: str, *, retryable: bool) -> Result:
        await self.ledger.mark_failed(post.guild_id, post.post_id, reason)
        await self._pause_after_failed_days(post.guild_id)
        return Result(Outcome.FAILED, replace(post, status=PostStatus.FAILED, reason=reason), retryable=retryable)

    async def _pause_after_failed_days(self, guild_id: int) -> None:
        failed_days = await self.ledger.failed_days_in_a_row(guild_id)
        if not failed_streak_pauses(failed_days):
            return
        settings = await self.guilds.get_guild(guild_id)
        if settings.paused:
            return
        reason = f"{failed_days}일 연속으로 게시하지 못해서 자동으로 멈췄어요"
        paused = await self.guilds.update_guild(guild_id, paused=True, paused_reason=reason)
        if self.listener is not None:
            self.listener.schedule_changed(paused)
        await self.audit.add_audit(guild_id, SYSTEM_ACTOR, "schedule_auto_pause", detail=reason)
        log.warning("guild %s: schedule paused after %d failed days", guild_id, failed_days)

    async def _reconcile(self, settings: GuildSettings, now: datetime) -> Result | None:
        """A post left pending (the bot stopped between claim and the ledger update) is looked up in its
        channel: found, it becomes sent; not found, today's is sent again (same nonce, so Discord drops a
        duplicate) and an earlier day's is marked failed (missed days are never replayed)."""
        outcome: Result | None = None
        today = local_day(now, ZoneInfo(settings.timezone))
        for post in await self.ledger.pending(settings.guild_id):
            try:
                outcome = await self._reconcile_one(post, today) or outcome
            except NotFound:
                # The course was edited while the post hung: it cannot be rebuilt. Failing the row (rather
                # than raising) keeps every later post and post-now of the server working.
                await self.ledger.mark_failed(post.guild_id, post.post_id, LEFT_THE_COURSE)
                log.warning("guild %s: pending post %s is no longer in the course", post.guild_id, post.post_id)
        return outcome

    async def _reconcile_one(self, post: PostRecord, today: date) -> Result | None:
        found = await self._find_in_channel(post)
        if found is not None:
            await self.ledger.mark_sent(post.guild_id, post.post_id, found)
            log.info("guild %s: pending post %s found in the channel, marked sent", post.guild_id, post.post_id)
            return Result(Outcome.RECONCILED, replace(post, status=PostStatus.SENT, message_id=found))
        if post.local_date == today:
            return await self._send(post)
        await self.ledger.mark_failed(post.guild_id, post.post_id, "봇이 보내는 도중에 멈췄고 그날이 지났어요")
        return None

    async def _find_in_channel(self, post: PostRecord) -> int | None:
        if self.publisher is None or post.channel_id is None:
            return None
        expected = (await self.post_replies(post))[-1].title
        try:
            messages = await self.publisher.recent_messages(post.channel_id, post.claimed_at - RECONCILE_SLACK)
        except PublishError as exc:
            # Cannot read the history: sending again is still safe within Discord's nonce window.
            log.warning("guild %s: cannot read the channel to reconcile: %s", post.guild_id, exc.reason)
            return None
        return next((m.message_id for m in messages if m.title == expected), None)

    # -- the post itself ---------------------------------------------------------------------------

    async def post_replies(self, post: PostRecord) -> list[Reply]:
        if post.kind is PostKind.MISSION:
            return [await self._mission_post(post.guild_id)]
        concept = self.course.concept(post.concept_id or "")
        if concept is None:
            raise NotFound(f"{quoted(post.concept_id or '')} 개념이 코스에서 사라졌어요.")
        total = len(self.course.concepts)
        if post.kind is PostKind.REVIEW:
            heading, day = "🔁 복습의 날", "복습"
        else:
            heading, day = f"📅 오늘의 개념 ({concept.index + 1}일째)", f"{concept.index + 1}/{total}일째"
        messages = concept_messages(self.course, concept, heading=heading, ephemeral=False)
        progress = await self._mission_line(post.guild_id)
        out: list[Reply] = []
        for number, message in enumerate(messages, start=1):
            last = number == len(messages)
            bits = [day]
            if last:
                bits.extend([*([progress] if progress else []), *concept.credits])
            out.append(
                replace(
                    message,
                    footer=" · ".join(bits),
                    buttons=(
                        (
                            Button(read_action(concept.index), READ_BUTTON_LABEL, ButtonStyle.SUCCESS),
                            Button(quiz_action(concept.index), QUIZ_BUTTON_LABEL, ButtonStyle.PRIMARY),
                        ),
                    )
                    if last
                    else (),
                )
            )
        return out

    async def _mission_line(self, guild_id: int) -> str | None:
        mission = self.mission
        if mission is None:
            return None
        done, members = await self.ledger.mission_progress(guild_id, mission.id)
        name = mission.title.replace(MISSION_MARKER, "").strip()
        if members == 0:
            return f"{name} 미션: 아직 완료한 멤버가 없어요"
        return f"{name} 미션 {done}/{members}명 완료"

    async def _mission_post(self, guild_id: int) -> Reply:
        mission = self.mission
        if mission is None:
            raise NotFound("이 코스에는 미션이 없어요.")
        how = "\n".join(f"• {rule.label}" for rule in mission.evidence)
        return Reply(
            title=f"🎯 {mission.title}",
            body=mission.instructions.strip(),
            fields=(
                Field(
                    "확인 방법", f"{command('mission confirm')}으로 아래 출력을 붙여 넣으면 봇이 바로 확인해요.\n{how}"
                ),
            ),
            footer=await self._mission_line(guild_id),
            tone=Tone.INFO,
            ephemeral=False,
        )

    # -- the read button ---------------------------------------------------------------------------

    async def record_read(self, guild_id: int, user_id: int, display_name: str, concept_index: int) -> Reply:
        if not 0 <= concept_index < len(self.course.concepts):
            raise NotFound("이 글의 개념을 찾을 수 없어요. 코스가 바뀌었을 수 있어요.")
        concept = self.course.concepts[concept_index]
        first = await self.reads.record_read(guild_id, user_id, display_name, concept.id)
        count = await self.ledger.read_count(guild_id, concept.id)
        said = "읽음으로 기록했어요" if first else "이미 읽음으로 기록돼 있어요"
        return Reply(
            body=f"{quoted(concept.title)}, {said}. 지금까지 {count}명이 읽었어요.",
            tone=Tone.SUCCESS,
            ephemeral=True,
        )
