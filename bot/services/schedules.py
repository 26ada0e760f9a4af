"""/schedule set | show | pause | resume: a server's daily post time, zone and channel.

Every change is validated before anything is saved, written to the audit log, and announced to a
`ScheduleListener` (the Discord adapter's scheduler updates its timer for the server).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.schedule import BadTime, BadZone, next_run, parse_post_time, parse_zone
from bot.core.text import josa, quoted
from bot.services.daily_posts import DailyPostService, ScheduleListener
from bot.services.errors import UserFacingError
from bot.services.ports import AuditTrail
from bot.services.reply import Field, Reply, Tone, command
from bot.store.records import GuildSettings, PostKind, PostRecord, PostStatus

COMMON_ZONES = (
    "Asia/Seoul",
    "UTC",
    "Asia/Tokyo",
    "America/Los_Angeles",
    "America/New_York",
    "Europe/London",
    "Europe/Berlin",
)
MAX_SUGGESTIONS = 25
WEEKDAYS = "월화수목금토일"


class ScheduleStore(Protocol):
    async def get_guild(self, guild_id: int) -> GuildSettings: ...

    async def update_guild(self, guild_id: int, **fields: object) -> GuildSettings: ...


class LastDelivery(Protocol):
    async def last_delivery(self, guild_id: int) -> PostRecord | None: ...


@cache
def _all_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


def zone_suggestions(query: str) -> list[str]:
    """The common zones first, then every IANA zone containing the typed text (case-insensitive)."""
    wanted = query.strip().casefold()
    common = [z for z in COMMON_ZONES if wanted in z.casefold()]
    rest = [z for z in _all_zones() if wanted and wanted in z.casefold() and z not in COMMON_ZONES]
    return (common + rest)[:MAX_SUGGESTIONS]


def local_time_text(moment: datetime) -> str:
    return f"{moment.month}월 {moment.day}일 ({WEEKDAYS[moment.weekday()]}) {moment:%H:%M}"


BAD_TIME = "{value} 시간으로 읽을 수 없어요. 24시간제 HH:MM으로 적어 주세요. 예: 09:00, 9:00, 21:30"
BAD_ZONE = "{value} 알 수 없는 시간대예요. 'Asia/Seoul', 'Europe/Berlin' 같은 IANA 이름을 목록에서 골라 주세요."
MISSING_PERMISSIONS = (
    "봇이 {channel} 채널에서 {missing} 권한이 없어서 여기에 올릴 수 없어요. "
    "채널 설정 > 권한에서 봇 역할에 허용한 뒤 다시 해 주세요. (아무것도 저장하지 않았어요)"
)


class ScheduleService:
    def __init__(
        self,
        store: ScheduleStore,
        audit: AuditTrail,
        posts: DailyPostService,
        deliveries: LastDelivery,
        *,
        default_timezone: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.audit = audit
        self.posts = posts
        self.deliveries = deliveries
        self.default_timezone = default_timezone
        self.clock = clock
        self.listener: ScheduleListener | None = None

    def _changed(self, settings: GuildSettings) -> None:
        if self.listener is not None:
            self.listener.schedule_changed(settings)

    async def set_schedule(
        self,
        guild_id: int,
        actor_id: int,
        *,
        channel_id: int,
        channel_name: str,
        time_text: str,
        zone_text: str | None,
        missing_permissions: Sequence[str] = (),
    ) -> Reply:
        """Validate everything first; a refusal saves nothing."""
        try:
            at = parse_post_time(time_text)
        except BadTime:
            raise UserFacingError(BAD_TIME.format(value=josa(quoted(time_text[:20]), "은/는"))) from None
        zone_name = (zone_text or "").strip() or self.default_timezone
        try:
            zone = parse_zone(zone_name)
        except BadZone:
            raise UserFacingError(BAD_ZONE.format(value=josa(quoted(zone_name[:40]), "은/는"))) from None
        if missing_permissions:
            raise UserFacingError(
                MISSING_PERMISSIONS.format(channel=f"#{channel_name}", missing=", ".join(missing_permissions))
            )
        before = await self.store.get_guild(guild_id)
        now = self.clock()
        settings = await self.store.update_guild(
            guild_id, channel_id=channel_id, post_time=at, timezone=zone.key, schedule_since=now
        )
        await self.audit.add_audit(
            guild_id,
            actor_id,
            "schedule_set",
            target_id=channel_id,
            detail=f"{_summary(before)} -> {_summary(settings)}",
        )
        self._changed(settings)
        upcoming = local_time_text(next_run(now, at, zone))
        body = f"매일 {at:%H:%M} ({zone.key})에 #{channel_name} 채널로 다음 개념을 올려요.\n다음 게시: {upcoming}"
        if settings.paused:
            body += f"\n지금은 일시 정지 상태예요. {command('schedule resume')}으로 다시 시작해 주세요."
        return Reply(title="게시 일정을 저장했어요", body=body, tone=Tone.SUCCESS)

    async def pause(self, guild_id: int, actor_id: int) -> Reply:
        settings = await self.store.update_guild(guild_id, paused=True, paused_reason=None)
        await self.audit.add_audit(guild_id, actor_id, "schedule_pause")
        self._changed(settings)
        return Reply(
            title="매일 게시를 멈췄어요",
            body=f"{command('schedule resume')}으로 다시 시작할 때까지 올리지 않아요.",
            tone=Tone.SUCCESS,
        )

    async def resume(self, guild_id: int, actor_id: int) -> Reply:
        current = await self.store.get_guild(guild_id)
        if current.post_time is None or current.channel_id is None:
            raise UserFacingError(f"아직 일정이 없어요. 먼저 {command('schedule set')}으로 채널과 시간을 정해 주세요.")
        now = self.clock()
        settings = await self.store.update_guild(guild_id, paused=False, paused_reason=None, schedule_since=now)
        await self.audit.add_audit(guild_id, actor_id, "schedule_resume", detail=current.paused_reason or "")
        self._changed(settings)
        assert settings.post_time is not None
        upcoming = local_time_text(next_run(now, settings.post_time, ZoneInfo(settings.timezone)))
        return Reply(title="매일 게시를 다시 시작해요", body=f"다음 게시: {upcoming}", tone=Tone.SUCCESS)

    async def post_now(self, guild_id: int, actor_id: int) -> Reply:
        return await self.posts.post_now(guild_id, actor_id, self.clock())

    async def show(self, guild_id: int, channel_label: Callable[[int], str]) -> Reply:
        settings = await self.store.get_guild(guild_id)
        total = len(self.posts.course.concepts)
        position = await self.posts.position(guild_id)
        if settings.post_time is None or settings.channel_id is None:
            return Reply(
                title="게시 일정",
                body=f"아직 일정이 없어요. {command('schedule set')}으로 채널과 시간을 정해 주세요.",
                fields=(Field("진도", f"{position}/{total}일째"),),
            )
        zone = ZoneInfo(settings.timezone)
        if settings.paused:
            state = "⏸️ 일시 정지" + (f" — {settings.paused_reason}" if settings.paused_reason else "")
            upcoming = f"없음 ({command('schedule resume')}으로 다시 시작)"
        else:
            state = "▶️ 진행 중"
            upcoming = local_time_text(next_run(self.clock(), settings.post_time, zone))
        fields = [
            Field("채널", channel_label(settings.channel_id), inline=True),
            Field("시간", f"{settings.post_time:%H:%M} ({settings.timezone})", inline=True),
            Field("다음 게시", upcoming, inline=True),
            Field("상태", state, inline=True),
            Field("진도", f"{position}/{total}일째", inline=True),
            Field("마지막 게시", await self._last_delivery(guild_id)),
        ]
        return Reply(title="게시 일정", fields=tuple(fields))

    async def _last_delivery(self, guild_id: int) -> str:
        post = await self.deliveries.last_delivery(guild_id)
        if post is None:
            return "아직 없어요"
        when = f"{post.local_date.month}월 {post.local_date.day}일"
        what = {
            PostKind.CONCEPT: "개념",
            PostKind.MISSION: "미션 안내",
            PostKind.REVIEW: "복습",
            PostKind.NONE: "게시 없음",
        }[post.kind]
        status = {
            PostStatus.SENT: "✅ 올렸어요",
            PostStatus.PENDING: "⏳ 보내는 중",
            PostStatus.FAILED: "❌ 실패",
            PostStatus.SKIPPED: "➖ 건너뜀",
        }[post.status]
        reason = f" — {post.reason}" if post.reason and post.status is not PostStatus.SENT else ""
        return f"{when} {what}: {status}{reason}"


def _summary(settings: GuildSettings) -> str:
    at = f"{settings.post_time:%H:%M}" if settings.post_time else "-"
    return f"{settings.channel_id or '-'} {at} {settings.timezone}"
