"""Every member's progress in one server as CSV: `studybot export` and `/study export` share this builder.

Encoding: UTF-8 with a byte order mark. Excel (what most organizers open a CSV with) reads a CSV without
BOM in the system code page (CP949 on Korean Windows) and garbles Hangul names; with the BOM it reads
UTF-8. Python (`utf-8-sig`), pandas, LibreOffice and Google Sheets read it either way.
Columns:
  accuracy              quiz_correct / quiz_answered with 3 decimals; empty when nothing was answered
  streak_days, points   as /progress shows them (points: all time, formula in bot.core.progress)
  mission_status        not_started | pending | confirmed | revoked; with several missions "id=status; ..."
  mission_confirmed_at  ISO 8601 in the server's zone, empty unless confirmed
A display name that starts with = + - @ gets a leading ' so a spreadsheet never runs it as a formula.

The figures are indexed SQL lookups per member (bot.store.progress_repo.member_rows); the CSV text is made
on a worker thread, so a server of thousands of members does not hold up the event loop.
"""

from __future__ import annotations

import asyncio
import csv
import io
from zoneinfo import ZoneInfo

from bot.core.course import Course
from bot.services.ports import AuditTrail, GuildZones
from bot.services.progress import MemberStats, ProgressService
from bot.services.reply import FileAttachment, Reply, Tone
from bot.store import Clock
from bot.store.pacing import paced

HEADER = (
    "user_id",
    "display_name",
    "concepts_read",
    "quiz_answered",
    "quiz_correct",
    "accuracy",
    "streak_days",
    "points",
    "mission_status",
    "mission_confirmed_at",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


class ExportService:
    def __init__(
        self, course: Course, progress: ProgressService, zones: GuildZones, audit: AuditTrail, *, clock: Clock
    ) -> None:
        self.course = course
        self.zones = zones
        self.audit = audit
        self.clock = clock
        self._progress = progress

    def _row(self, stats: MemberStats, zone: ZoneInfo) -> list[str | int]:
        ratio = stats.accuracy.ratio
        states = [(mission.id, stats.missions[mission.id]) for mission in self.course.missions]
        if len(states) == 1:
            status = states[0][1].status.value
            when = states[0][1].confirmed_at
            confirmed_at = when.astimezone(zone).isoformat(sep=" ", timespec="seconds") if when else ""
        else:
            status = "; ".join(f"{mid}={state.status.value}" for mid, state in states)
            confirmed_at = "; ".join(
                f"{mid}={state.confirmed_at.astimezone(zone).isoformat(sep=' ', timespec='seconds')}"
                for mid, state in states
                if state.confirmed_at
            )
        return [
            stats.user_id,
            _safe_text(stats.display_name),
            stats.concepts_read,
            stats.quiz_answered,
            stats.quiz_correct,
            "" if ratio is None else f"{ratio:.3f}",
            stats.streak_days,
            stats.points,
            status,
            confirmed_at,
        ]

    def _csv(self, members: list[MemberStats], zone: ZoneInfo) -> bytes:
        members.sort(key=lambda s: (s.display_name.casefold(), s.user_id))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADER)
        for stats in paced(members):
            writer.writerow(self._row(stats, zone))
        return out.getvalue().encode("utf-8-sig")

    async def _build(self, guild_id: int) -> tuple[bytes, int, ZoneInfo]:
        zone = await self.zones.guild_zone(guild_id)
        members = await self._progress.member_stats(guild_id)
        data = await asyncio.to_thread(self._csv, members, zone)
        return data, len(members), zone

    async def export_csv(self, guild_id: int) -> bytes:
        """The CSV of this server only: header, then one row per member (by name, then id)."""
        data, _, _ = await self._build(guild_id)
        return data

    async def export_reply(self, guild_id: int, organizer_id: int | None = None) -> Reply:
        """The CSV as an attachment for /study export; the organizer's export goes to the audit log."""
        data, rows, zone = await self._build(guild_id)
        if organizer_id is not None:
            await self.audit.add_audit(guild_id, organizer_id, "export", detail=f"{rows} rows")
        day = self.clock().astimezone(zone)
        filename = f"studybot-{guild_id}-{day:%Y%m%d}.csv"
        return Reply(
            title="📤 진행 상황 내보내기",
            body=f"멤버 {rows}명의 진행 상황이에요. 엑셀에서 바로 열 수 있어요 (UTF-8).",
            files=(FileAttachment(filename, data, "멤버별 진행 상황 CSV"),),
            tone=Tone.SUCCESS,
        )
