"""Missions: check pasted evidence against the course's rules, confirm, organizer verify/revoke, roster.

States per member and mission: not_started (no row) -> confirmed when the evidence passes every rule;
pending when it does not (the evidence is kept, so an organizer can look and verify it by hand); an
organizer can verify (-> confirmed) or revoke (-> revoked, with a reason). After a revoke, evidence that
passes goes to pending, not straight to confirmed: the organizer had a reason, so they decide again.
Every organizer decision is written to the audit log in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.course import Course, Mission
from bot.core.evidence import MAX_EVIDENCE_LENGTH, EvidenceCheck, check_evidence
from bot.core.text import josa, quoted
from bot.services.progress import MISSION_LABELS
from bot.services.reply import Field, Reply, Tone, command
from bot.store import Clock, Confirmation, ConfirmationChange, Database, MissionStatus
from bot.store.database import MAX_REASON_LENGTH, clean_name

MARKS = {
    MissionStatus.CONFIRMED: "✅",
    MissionStatus.PENDING: "⏳",
    MissionStatus.REVOKED: "↩️",
    MissionStatus.NOT_STARTED: "⬜",
}


def _status(confirmation: Confirmation | None) -> MissionStatus:
    return confirmation.status if confirmation else MissionStatus.NOT_STARTED


def _quote(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%m/%d %H:%M}"


def _rule_fields(check: EvidenceCheck) -> tuple[Field, ...]:
    return tuple(
        Field(f"✅ {r.label}", f"찾음: {_quote(r.excerpt or '')}")
        if r.matched
        else Field(f"❌ {r.label}", f"없음 → {r.hint}")
        for r in check.results
    )


class MissionService:
    def __init__(self, db: Database, course: Course, *, clock: Clock | None = None) -> None:
        self.db = db
        self.course = course
        self.clock = clock or db.clock

    def _mission(self, mission_id: str | None) -> Mission | Reply:
        """The mission, or an error reply to show instead; None means the course's first mission."""
        if not self.course.missions:
            return Reply(title="미션이 없어요", body="이 코스에는 실전 미션이 없어요.", tone=Tone.ERROR)
        if mission_id is None:
            return self.course.missions[0]
        mission = self.course.mission(mission_id)
        if mission is None:
            known = ", ".join(f"{m.id} ({m.title})" for m in self.course.missions)
            return Reply(
                title="미션을 찾을 수 없어요",
                body=f"{josa(quoted(mission_id[:60]), '은/는')} 이 코스에 없는 미션이에요. 있는 미션: {known}",
                tone=Tone.ERROR,
            )
        return mission

    def _input_problem(self, mission: Mission, text: str) -> Reply | None:
        if not text.strip():
            return Reply(title="내용이 비어 있어요", body="명령의 출력을 붙여 넣어 주세요.", tone=Tone.ERROR)
        if len(text) > MAX_EVIDENCE_LENGTH:
            needed = ", ".join(rule.label for rule in mission.evidence)
            return Reply(
                title="붙여 넣은 내용이 너무 길어요",
                body=f"{len(text):,}자를 받았어요. {MAX_EVIDENCE_LENGTH:,}자 이내로, 필요한 출력만 붙여 넣어 주세요."
                f"\n필요한 것: {needed}\n(이번 제출은 저장하지 않았어요. 이전 기록은 그대로예요.)",
                tone=Tone.ERROR,
            )
        return None

    def info(self, mission_id: str | None = None) -> Reply:
        mission = self._mission(mission_id)
        if isinstance(mission, Reply):
            return mission
        needed = "\n".join(f"• {rule.label}" for rule in mission.evidence)
        return Reply(
            title=f"🐳 {mission.title}",
            body=mission.instructions.strip(),
            fields=(Field("봇이 확인하는 것", needed or "-"),),
            footer=f"{command('mission confirm')} 을 누르고 출력을 붙여 넣으면 바로 확인해요.",
        )

    def _checked(self, mission_id: str | None, text: str) -> tuple[Mission, EvidenceCheck] | Reply:
        """The mission and what the evidence shows, or the reply that explains why nothing was checked."""
        mission = self._mission(mission_id)
        if isinstance(mission, Reply):
            return mission
        return self._input_problem(mission, text) or (mission, check_evidence(mission, text))

    def check(self, mission_id: str | None, text: str) -> Reply:
        """What the pasted text shows for each rule: the matched text, or the hint for what is missing.
        Records nothing."""
        checked = self._checked(mission_id, text)
        if isinstance(checked, Reply):
            return checked
        mission, result = checked
        if result.passed:
            return Reply(
                title=f"🔍 {mission.title}",
                body="모든 항목을 찾았어요!",
                fields=_rule_fields(result),
                tone=Tone.SUCCESS,
            )
        return Reply(
            title=f"🔍 {mission.title}",
            body=f"{len(result.results)}개 중 {len(result.missing)}개 항목이 빠졌어요.",
            fields=_rule_fields(result),
            tone=Tone.WARNING,
        )

    async def confirm(self, guild_id: int, user_id: int, display_name: str, mission_id: str | None, text: str) -> Reply:
        """Check the evidence and record the outcome: confirmed when every rule matches, pending when not
        (nothing is confirmed; the reply says what is missing), already-done when confirmed before."""
        checked = self._checked(mission_id, text)
        if isinstance(checked, Reply):
            return checked
        mission, result = checked

        def decide(current: Confirmation | None) -> ConfirmationChange | None:
            status = _status(current)
            if status is MissionStatus.CONFIRMED:
                return None
            if result.passed and status is not MissionStatus.REVOKED:
                return ConfirmationChange(MissionStatus.CONFIRMED, text, None, None)
            reason = (
                "취소된 뒤 다시 제출" if result.passed else "빠진 항목: " + ", ".join(r.label for r in result.missing)
            )
            return ConfirmationChange(MissionStatus.PENDING, text, None, reason)

        before, after = await self.db.change_confirmation(
            guild_id, user_id, mission.id, decide, display_name=display_name, at=self.clock()
        )
        fields = _rule_fields(result)
        if after is None:
            when = _local(before.updated_at, await self._zone(guild_id)) if before else ""
            return Reply(
                title="이미 완료한 미션이에요",
                body=f"{josa(mission.title, '은/는')} {when}에 확인됐어요. 다시 제출하지 않아도 돼요. 🎉",
                tone=Tone.INFO,
            )
        if after.status is MissionStatus.CONFIRMED:
            return Reply(
                title="🎉 미션 완료!",
                body=f"{mission.title} 확인됐어요. 수고했어요!",
                fields=fields,
                tone=Tone.SUCCESS,
            )
        if result.passed:
            return Reply(
                title="제출했어요 — 운영진 확인 대기",
                body="출력은 모두 확인됐어요. 이 미션은 운영진이 취소한 적이 있어서, 운영진이 확인하면 완료돼요.",
                fields=fields,
                tone=Tone.INFO,
            )
        return Reply(
            title="아직 확인되지 않았어요",
            body=f"{len(result.results)}개 중 {len(result.missing)}개 항목이 빠졌어요. "
            "아래 안내대로 출력을 채워서 다시 제출해 주세요. (제출한 내용은 운영진도 볼 수 있어요)",
            fields=fields,
            tone=Tone.WARNING,
        )

    async def _zone(self, guild_id: int) -> ZoneInfo:
        return await self.db.guild_zone(guild_id)

    async def _decide(
        self,
        guild_id: int,
        organizer_id: int,
        user_id: int,
        mission_id: str | None,
        reason: str,
        display_name: str | None,
        *,
        revoke: bool,
    ) -> Reply:
        mission = self._mission(mission_id)
        if isinstance(mission, Reply):
            return mission
        reason = " ".join(reason.split())[:MAX_REASON_LENGTH]
        if revoke and not reason:
            return Reply(title="사유가 필요해요", body="취소하는 사유를 적어 주세요. 멤버에게 보여요.", tone=Tone.ERROR)

        def decide(current: Confirmation | None) -> ConfirmationChange | None:
            status = _status(current)
            evidence = current.evidence if current else None
            if revoke:
                if status not in (MissionStatus.CONFIRMED, MissionStatus.PENDING):
                    return None
                return ConfirmationChange(MissionStatus.REVOKED, evidence, organizer_id, reason, "mission_revoke")
            if status is MissionStatus.CONFIRMED:
                return None
            return ConfirmationChange(MissionStatus.CONFIRMED, evidence, organizer_id, reason or None, "mission_verify")

        before, after = await self.db.change_confirmation(
            guild_id, user_id, mission.id, decide, display_name=display_name, at=self.clock()
        )
        member = await self.db.get_member(guild_id, user_id)
        name = member.display_name if member else clean_name(display_name, user_id)
        if after is None:
            state = MISSION_LABELS[_status(before)]
            if revoke:
                return Reply(
                    title="취소할 확인이 없어요",
                    body=f"{name} 님의 {mission.title}: 지금 '{state}' 상태예요.",
                    tone=Tone.WARNING,
                )
            return Reply(
                title="이미 확인 완료예요", body=f"{name} 님의 {josa(mission.title, '은/는')} 이미 확인됐어요."
            )
        if revoke:
            return Reply(
                title="↩️ 확인을 취소했어요",
                body=f"{name} 님의 {mission.title}: {MISSION_LABELS[_status(before)]} → 취소됨\n사유: {reason}",
                footer="운영진 작업 기록에 남았어요.",
                tone=Tone.WARNING,
            )
        return Reply(
            title="✅ 확인했어요",
            body=f"{name} 님의 {mission.title}: {MISSION_LABELS[_status(before)]} → 확인 완료"
            + (f"\n메모: {reason}" if reason else ""),
            footer="운영진 작업 기록에 남았어요.",
            tone=Tone.SUCCESS,
        )

    async def verify(
        self,
        guild_id: int,
        organizer_id: int,
        user_id: int,
        mission_id: str | None,
        reason: str = "",
        *,
        display_name: str | None = None,
    ) -> Reply:
        """An organizer confirms a member's mission by hand (audit-logged). The caller checks permission."""
        return await self._decide(guild_id, organizer_id, user_id, mission_id, reason, display_name, revoke=False)

    async def revoke(
        self,
        guild_id: int,
        organizer_id: int,
        user_id: int,
        mission_id: str | None,
        reason: str,
        *,
        display_name: str | None = None,
    ) -> Reply:
        """An organizer revokes a confirmed or pending mission, with a reason (audit-logged)."""
        return await self._decide(guild_id, organizer_id, user_id, mission_id, reason, display_name, revoke=True)

    async def status(self, guild_id: int, user_id: int) -> Reply:
        if not self.course.missions:
            return Reply(title="미션이 없어요", body="이 코스에는 실전 미션이 없어요.")
        zone = await self._zone(guild_id)
        fields = []
        for mission in self.course.missions:
            current = await self.db.get_confirmation(guild_id, user_id, mission.id)
            status = _status(current)
            lines = [f"{MARKS[status]} {MISSION_LABELS[status]}"]
            if current is not None:
                lines[0] += f" ({_local(current.updated_at, zone)})"
            if status is MissionStatus.NOT_STARTED:
                lines.append(
                    f"{command('mission info')} 로 할 일을 보고 {command('mission confirm')} 으로 출력을 붙여 넣어 주세요."
                )
            elif status is MissionStatus.PENDING:
                lines.append("운영진 확인을 기다리고 있어요. 빠진 출력을 채워 다시 제출해도 돼요.")
                if current and current.reason:
                    lines.append(current.reason)
            elif status is MissionStatus.REVOKED:
                lines.append(f"사유: {current.reason if current and current.reason else '-'}")
                lines.append("다시 제출하면 운영진이 확인해요.")
            else:
                lines.append("🎉 완료했어요!")
            fields.append(Field(f"🐳 {mission.title}", "\n".join(lines)))
        return Reply(title="내 미션 상태", fields=tuple(fields))

    async def roster(self, guild_id: int) -> Reply:
        """Who has confirmed, who is pending review, who was revoked, who has not started: per mission,
        among the members the bot has seen in this server."""
        if not self.course.missions:
            return Reply(title="미션이 없어요", body="이 코스에는 실전 미션이 없어요.")
        members = await self.db.list_members(guild_id)
        confirmations = {(c.user_id, c.mission_id): c for c in await self.db.list_confirmations(guild_id)}
        several = len(self.course.missions) > 1
        fields = []
        for mission in self.course.missions:
            prefix = f"{mission.title} · " if several else ""
            groups: dict[MissionStatus, list[str]] = {status: [] for status in MARKS}
            for member in members:
                groups[_status(confirmations.get((member.user_id, mission.id)))].append(member.display_name)
            for status, names in groups.items():
                fields.append(
                    Field(
                        f"{prefix}{MARKS[status]} {MISSION_LABELS[status]} ({len(names)}명)",
                        ", ".join(sorted(names)) or "-",
                    )
                )
        title = "🐳 미션 현황" if several else f"🐳 미션 현황 — {self.course.missions[0].title}"
        return Reply(
            title=title, body=f"이 서버에서 봇을 사용한 멤버 {len(members)}명 기준이에요.", fields=tuple(fields)
        )
