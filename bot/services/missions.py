"""Missions: check pasted evidence against the course's rules, confirm, review requests, organizer
verify/revoke, and notices owed to members. (What organizers look at: mission_roster.py.)

States per member and mission: not_started (no row) -> confirmed when the evidence passes every rule.
Evidence that fails is not recorded as a decision: it is kept as a draft (one per member and mission, for
a day), and the member may send it to the organizers with a button -> pending (for setups the rules do not
know, e.g. Podman). An organizer can verify (-> confirmed) or revoke (-> revoked, with a required reason
the member is told). After a revoke, evidence that passes goes to pending, not straight to confirmed: the
organizer had a reason, so they decide again. Every organizer decision is written to the audit log in the
same transaction as the decision.

Refusals (bad input, nothing to do) are raised as `UserFacingError`; replies are what the action did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.core.course import Course, Mission
from bot.core.evidence import MAX_EVIDENCE_LENGTH, EvidenceCheck, check_evidence
from bot.core.text import josa
from bot.services.errors import UserFacingError
from bot.services.mission_common import (
    MARKS,
    QUEUE_ACTION,
    REVIEW_ACTION,
    local_time,
    mission_at,
    mission_by_id,
    no_missions,
    status_of,
)
from bot.services.ports import MemberDirectory
from bot.services.progress import MISSION_LABELS
from bot.services.reply import Button, ButtonStyle, Field, Reply, Tone, command
from bot.store import Confirmation, ConfirmationChange, MissionStatus
from bot.store.missions import Draft, Notice
from bot.store.rows import MAX_REASON_LENGTH, clean_name

DRAFT_LIFETIME = timedelta(days=1)  # how long failed evidence can still be sent for review


class MissionStore(Protocol):
    """Confirmations, drafts and notices (bot.store.missions.MissionRecords)."""

    async def get_confirmation(self, guild_id: int, user_id: int, mission_id: str) -> Confirmation | None: ...

    async def change_confirmation(
        self,
        guild_id: int,
        user_id: int,
        mission_id: str,
        decide: Callable[[Confirmation | None], ConfirmationChange | None],
        *,
        display_name: str | None = None,
        at: datetime | None = None,
    ) -> tuple[Confirmation | None, Confirmation | None]: ...

    async def save_draft(
        self,
        guild_id: int,
        user_id: int,
        mission_id: str,
        evidence: str,
        missing: str,
        *,
        display_name: str,
        at: datetime,
        purge_before: datetime,
    ) -> None: ...

    async def get_draft(self, guild_id: int, user_id: int, mission_id: str) -> Draft | None: ...

    async def drop_draft(self, guild_id: int, user_id: int, mission_id: str) -> None: ...

    async def add_notice(self, guild_id: int, user_id: int, mission_id: str, reason: str, *, at: datetime) -> None: ...

    async def drop_notice(self, guild_id: int, user_id: int, mission_id: str) -> None: ...

    async def take_notices(self, guild_id: int, user_id: int) -> list[Notice]: ...


@dataclass(frozen=True)
class MissionOutcome:
    """A reply plus what changed, for the adapter's side effects (a role, a DM to the member)."""

    reply: Reply
    mission: Mission
    user_id: int
    confirmed: bool = False  # this action made the member confirmed
    revoked: bool = False  # this action revoked the member's confirmation
    reason: str | None = None  # the organizer's reason, as stored


def _revoker(current: Confirmation | None) -> int | None:
    """The organizer who revoked this member's mission, while that still stands: revoked, or pending after
    the revoke (a pending row keeps the revoker in `decided_by`). Such a member waits for an organizer even
    with evidence that passes; otherwise a second paste would undo the revoke."""
    if current is None or current.status not in (MissionStatus.REVOKED, MissionStatus.PENDING):
        return None
    return current.decided_by


def _quote(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _rule_fields(check: EvidenceCheck) -> tuple[Field, ...]:
    return tuple(
        Field(f"✅ {r.label}", f"찾음: {_quote(r.excerpt or '')}")
        if r.matched
        else Field(f"❌ {r.label}", f"없음 → {r.hint}")
        for r in check.results
    )


def _clean_reason(reason: str) -> str:
    return " ".join(reason.split())


class MissionService:
    def __init__(
        self, course: Course, records: MissionStore, members: MemberDirectory, *, clock: Callable[[], datetime]
    ) -> None:
        self.course = course
        self.records = records
        self.members = members
        self.clock = clock

    # -- which mission -------------------------------------------------------------------------------

    def _mission(self, mission_id: str | None) -> Mission:
        return mission_by_id(self.course, mission_id)

    def mission_at(self, index: int) -> Mission:
        return mission_at(self.course, index)

    def _index(self, mission: Mission) -> int:
        return self.course.missions.index(mission)

    # -- member: what to do, check, confirm, ask for review, status ----------------------------------

    def _check_input(self, mission: Mission, text: str) -> None:
        if not text.strip():
            raise UserFacingError("붙여 넣은 내용이 비어 있어요. 명령의 출력을 붙여 넣어 주세요.")
        if len(text) > MAX_EVIDENCE_LENGTH:
            needed = ", ".join(rule.label for rule in mission.evidence)
            raise UserFacingError(
                f"붙여 넣은 내용이 너무 길어요: {len(text):,}자를 받았어요. {MAX_EVIDENCE_LENGTH:,}자 이내로, "
                f"필요한 출력만 붙여 넣어 주세요.\n필요한 것: {needed}\n"
                "(이번 제출은 저장하지 않았어요. 이전 기록은 그대로예요.)"
            )

    def info(self, mission_id: str | None = None) -> Reply:
        mission = self._mission(mission_id)
        needed = "\n".join(f"• {rule.label}" for rule in mission.evidence)
        return Reply(
            title=f"{mission.emoji} {mission.title}",
            body=mission.instructions.strip(),
            fields=(
                Field("봇이 확인하는 것", needed or "-"),
                Field(
                    "확인하는 방법",
                    f"{command('mission confirm')} 을 실행하고 출력을 붙여 넣으면 바로 확인해요. "
                    f"내 상태는 {command('mission status')} 로 볼 수 있어요.",
                ),
            ),
        )

    def check(self, mission_id: str | None, text: str) -> Reply:
        """What the pasted text shows for each rule: the matched text, or the hint for what is missing.
        Records nothing."""
        mission = self._mission(mission_id)
        self._check_input(mission, text)
        result = check_evidence(mission, text)
        body = (
            "모든 항목을 찾았어요!"
            if result.passed
            else f"{len(result.results)}개 중 {len(result.missing)}개 항목이 빠졌어요."
        )
        tone = Tone.SUCCESS if result.passed else Tone.WARNING
        return Reply(title=f"🔍 {mission.title}", body=body, fields=_rule_fields(result), tone=tone)

    async def confirm(
        self, guild_id: int, user_id: int, display_name: str, mission_id: str | None, text: str
    ) -> MissionOutcome:
        """Check the evidence. Passing evidence confirms at once (pending after an organizer's revoke);
        failing evidence is kept as a draft the member can send for review with a button."""
        mission = self._mission(mission_id)
        self._check_input(mission, text)
        result = check_evidence(mission, text)
        fields = _rule_fields(result)
        now = self.clock()
        if not result.passed:
            current = await self.records.get_confirmation(guild_id, user_id, mission.id)
            if status_of(current) is MissionStatus.CONFIRMED:
                return MissionOutcome(await self._already_done(guild_id, mission, current), mission, user_id)
            missing = ", ".join(r.label for r in result.missing)
            await self.records.save_draft(
                guild_id,
                user_id,
                mission.id,
                text,
                missing,
                display_name=display_name,
                at=now,
                purge_before=now - DRAFT_LIFETIME,
            )
            reply = Reply(
                title="아직 확인되지 않았어요",
                body=f"{len(result.results)}개 중 {len(result.missing)}개 항목이 빠졌어요. 아래 안내대로 출력을 채워서 "
                f"{command('mission confirm')} 으로 다시 제출해 주세요.\n"
                f"{mission.review_when}, '운영진 확인 요청' 버튼으로 이 제출을 운영진에게 보낼 수 있어요.",
                fields=fields,
                buttons=((Button(REVIEW_ACTION.format(index=self._index(mission)), "운영진 확인 요청"),),),
                tone=Tone.WARNING,
            )
            return MissionOutcome(reply, mission, user_id)

        def decide(current: Confirmation | None) -> ConfirmationChange | None:
            status = status_of(current)
            if status is MissionStatus.CONFIRMED:
                return None
            revoker = _revoker(current)
            if revoker is not None:
                return ConfirmationChange(MissionStatus.PENDING, text, revoker, "취소된 뒤 다시 제출")
            return ConfirmationChange(MissionStatus.CONFIRMED, text, None, None)

        before, after = await self.records.change_confirmation(
            guild_id, user_id, mission.id, decide, display_name=display_name, at=now
        )
        if after is None:
            return MissionOutcome(await self._already_done(guild_id, mission, before), mission, user_id)
        await self.records.drop_draft(guild_id, user_id, mission.id)
        if after.status is MissionStatus.CONFIRMED:
            reply = Reply(
                title="🎉 미션 완료!",
                body=f"{mission.title} 확인됐어요. 수고했어요!\n"
                "봇의 확인은 붙여 넣은 출력을 믿고 하는 자율 확인이에요. 운영진이 제출 내용을 다시 보고 "
                "확인을 취소할 수도 있어요.",
                fields=fields,
                tone=Tone.SUCCESS,
            )
            return MissionOutcome(reply, mission, user_id, confirmed=True)
        reply = Reply(
            title="제출했어요 — 운영진 확인 대기",
            body="출력은 모두 확인됐어요. 이 미션은 운영진이 취소한 적이 있어서, 운영진이 확인하면 완료돼요.",
            fields=fields,
            tone=Tone.INFO,
        )
        return MissionOutcome(reply, mission, user_id)

    async def done_before(self, guild_id: int, user_id: int, mission_index: int) -> Reply | None:
        """The "already confirmed" reply when the member needs not paste anything (None: go ahead)."""
        mission = self.mission_at(mission_index)
        current = await self.records.get_confirmation(guild_id, user_id, mission.id)
        if status_of(current) is MissionStatus.CONFIRMED:
            return await self._already_done(guild_id, mission, current)
        return None

    async def _already_done(self, guild_id: int, mission: Mission, current: Confirmation | None) -> Reply:
        when = f"{local_time(current.updated_at, await self.members.guild_zone(guild_id))}에 " if current else ""
        return Reply(
            title="이미 완료한 미션이에요",
            body=f"{josa(mission.title, '은/는')} {when}확인됐어요. 다시 제출하지 않아도 돼요. 🎉",
            tone=Tone.INFO,
        )

    async def request_review(self, guild_id: int, user_id: int, display_name: str, mission_index: int) -> Reply:
        """Send the member's last failed evidence (the draft) to the organizers: status pending."""
        mission = self.mission_at(mission_index)
        now = self.clock()
        draft = await self.records.get_draft(guild_id, user_id, mission.id)
        if draft is None or draft.created_at < now - DRAFT_LIFETIME:
            raise UserFacingError(
                "보낼 제출이 없어요. 이미 보냈거나 하루가 지났어요. "
                f"{command('mission confirm')} 으로 출력을 다시 붙여 넣어 주세요."
            )

        def decide(current: Confirmation | None) -> ConfirmationChange | None:
            if status_of(current) is MissionStatus.CONFIRMED:
                return None
            reason = "운영진 확인 요청" + (f" · 빠진 항목: {draft.missing}" if draft.missing else "")
            return ConfirmationChange(MissionStatus.PENDING, draft.evidence, _revoker(current), reason)

        before, after = await self.records.change_confirmation(
            guild_id, user_id, mission.id, decide, display_name=display_name, at=now
        )
        await self.records.drop_draft(guild_id, user_id, mission.id)
        if after is None:
            return await self._already_done(guild_id, mission, before)
        return Reply(
            title="📨 운영진에게 확인을 요청했어요",
            body=f"{mission.title}: 운영진이 제출 내용을 보고 확인하면 완료돼요. "
            f"상태는 {command('mission status')} 로 볼 수 있어요.",
            tone=Tone.SUCCESS,
        )

    async def status(self, guild_id: int, user_id: int) -> Reply:
        if not self.course.missions:
            raise no_missions()
        zone = await self.members.guild_zone(guild_id)
        fields = []
        for mission in self.course.missions:
            current = await self.records.get_confirmation(guild_id, user_id, mission.id)
            status = status_of(current)
            lines = [f"{MARKS[status]} {MISSION_LABELS[status]}"]
            if current is not None:
                decided = status in (MissionStatus.CONFIRMED, MissionStatus.REVOKED) and current.decided_by is not None
                by = " · 운영진 결정" if decided else ""
                lines[0] += f" ({local_time(current.updated_at, zone)}{by})"
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
            fields.append(Field(f"{mission.emoji} {mission.title}", "\n".join(lines)))
        return Reply(title="내 미션 상태", fields=tuple(fields))

    # -- organizers: verify, revoke (the roster and review queue: mission_roster.py) -------------------------------------------------------------

    async def _name(self, guild_id: int, user_id: int, display_name: str | None) -> str:
        found = await self.members.get_member(guild_id, user_id)
        return found.display_name if found else clean_name(display_name, user_id)

    async def verify(
        self,
        guild_id: int,
        organizer_id: int,
        user_id: int,
        mission_id: str | None,
        note: str = "",
        *,
        display_name: str | None = None,
        next_review: int | None = None,
        expected: MissionStatus | None = None,
    ) -> MissionOutcome:
        """An organizer confirms a member's mission by hand (audit-logged). The caller checks permission.
        `next_review`: decided from the review queue at that position; the reply offers the next one.
        `expected`: the state the organizer saw (a review card shows a pending member); if the member's state
        changed since (e.g. another organizer revoked them), nothing is decided, so an old card cannot undo
        a newer decision."""
        mission = self._mission(mission_id)
        note = _clean_reason(note)[:MAX_REASON_LENGTH]

        def decide(current: Confirmation | None) -> ConfirmationChange | None:
            status = status_of(current)
            if status is MissionStatus.CONFIRMED or (expected is not None and status is not expected):
                return None
            evidence = current.evidence if current else None
            return ConfirmationChange(MissionStatus.CONFIRMED, evidence, organizer_id, note or None, "mission_verify")

        before, after = await self.records.change_confirmation(
            guild_id, user_id, mission.id, decide, display_name=display_name, at=self.clock()
        )
        name = await self._name(guild_id, user_id, display_name)
        now_status = status_of(before)
        if after is None and now_status is not MissionStatus.CONFIRMED:  # only when `expected` was not met
            raise UserFacingError(
                f"{name} 님의 {mission.title}: 이 카드를 연 뒤에 상태가 바뀌어서, 지금은 "
                f"'{MISSION_LABELS[now_status]}' 상태예요. 아무것도 바꾸지 않았어요. "
                f"{command('mission roster')} 로 현황을 새로 열어 확인해 주세요."
            )
        onward: tuple[tuple[Button, ...], ...] = ()
        if next_review is not None:
            action = QUEUE_ACTION.format(index=self._index(mission), position=next_review)
            onward = ((Button(action, "다음 검토 ▶", ButtonStyle.PRIMARY),),)
        if after is None:
            reply = Reply(
                title="이미 확인 완료예요",
                body=f"{name} 님의 {josa(mission.title, '은/는')} 이미 확인됐어요.",
                buttons=onward,
            )
            return MissionOutcome(reply, mission, user_id)
        await self.records.drop_draft(guild_id, user_id, mission.id)
        await self.records.drop_notice(guild_id, user_id, mission.id)  # an earlier revoke no longer stands
        reply = Reply(
            title="✅ 확인했어요",
            body=f"{name} 님의 {mission.title}: {MISSION_LABELS[status_of(before)]} → 확인 완료"
            + (f"\n메모: {note}" if note else ""),
            footer="운영진 작업 기록에 남았어요.",
            buttons=onward,
            tone=Tone.SUCCESS,
        )
        return MissionOutcome(reply, mission, user_id, confirmed=True)

    async def revoke(
        self,
        guild_id: int,
        organizer_id: int,
        user_id: int,
        mission_id: str | None,
        reason: str,
        *,
        display_name: str | None = None,
    ) -> MissionOutcome:
        """An organizer revokes a confirmed or pending mission with a reason (audit-logged). A notice for
        the member is stored at once; the adapter drops it when it could tell the member directly."""
        mission = self._mission(mission_id)
        reason = _clean_reason(reason)
        if not reason:
            raise UserFacingError("취소하는 사유를 적어 주세요. 멤버에게 그대로 전해져요.")
        if len(reason) > MAX_REASON_LENGTH:
            raise UserFacingError(f"사유는 {MAX_REASON_LENGTH}자 이내로 적어 주세요. (지금 {len(reason):,}자)")

        def decide(current: Confirmation | None) -> ConfirmationChange | None:
            if status_of(current) not in (MissionStatus.CONFIRMED, MissionStatus.PENDING):
                return None
            evidence = current.evidence if current else None
            return ConfirmationChange(MissionStatus.REVOKED, evidence, organizer_id, reason, "mission_revoke")

        now = self.clock()
        before, after = await self.records.change_confirmation(
            guild_id, user_id, mission.id, decide, display_name=display_name, at=now
        )
        name = await self._name(guild_id, user_id, display_name)
        if after is None:
            raise UserFacingError(
                f"{name} 님의 {mission.title}: 지금 '{MISSION_LABELS[status_of(before)]}' 상태라 취소할 확인이 없어요."
            )
        await self.records.add_notice(guild_id, user_id, mission.id, reason, at=now)
        reply = Reply(
            title="↩️ 확인을 취소했어요",
            body=f"{name} 님의 {mission.title}: {MISSION_LABELS[status_of(before)]} → 취소됨\n사유: {reason}",
            footer="운영진 작업 기록에 남았어요.",
            tone=Tone.WARNING,
        )
        return MissionOutcome(reply, mission, user_id, revoked=True, reason=reason)

    # -- notices owed to a member ------------------------------------------------------------------------

    def revocation_notice(self, mission: Mission, reason: str, place: str) -> Reply:
        """What a member is told when an organizer revoked their confirmation (`place`: the server's name)."""
        return Reply(
            title="↩️ 미션 확인이 취소됐어요",
            body=f"{place}의 {mission.title} 확인을 운영진이 취소했어요.\n사유: {reason}\n"
            f"출력을 다시 확인해서 {command('mission confirm')} 으로 제출하면 운영진이 확인해요.",
            tone=Tone.WARNING,
        )

    async def notice_delivered(self, guild_id: int, user_id: int, mission_id: str) -> None:
        await self.records.drop_notice(guild_id, user_id, mission_id)

    async def take_notices(self, guild_id: int, user_id: int, place: str) -> list[Reply]:
        """Notices the member has not seen yet (each shown once)."""
        replies = []
        for notice in await self.records.take_notices(guild_id, user_id):
            mission = self.course.mission(notice.mission_id)
            if mission is not None:
                replies.append(self.revocation_notice(mission, notice.reason, place))
        return replies
