"""Missions: check pasted evidence against the course's rules, confirm, review requests, organizer
verify/revoke, the roster, and notices owed to members.

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

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.course import Course, Mission
from bot.core.evidence import MAX_EVIDENCE_LENGTH, EvidenceCheck, check_evidence
from bot.core.text import josa, quoted
from bot.services.errors import NotFound, UserFacingError
from bot.services.progress import MISSION_LABELS
from bot.services.reply import Button, ButtonStyle, Field, Reply, Tone, command, member
from bot.store import Confirmation, ConfirmationChange, Member, MissionStatus
from bot.store.database import MAX_REASON_LENGTH, clean_name
from bot.store.missions import ROSTER_ORDER, Draft, Notice, RosterEntry

MARKS = {
    MissionStatus.CONFIRMED: "✅",
    MissionStatus.PENDING: "⏳",
    MissionStatus.REVOKED: "↩️",
    MissionStatus.NOT_STARTED: "⬜",
}
DRAFT_LIFETIME = timedelta(days=1)  # how long failed evidence can still be sent for review
ROSTER_PAGE_SIZE = 60  # mentions per page: about 1,400 characters, well inside an embed's 4,096
REVIEW_ACTION = "mission:review:{index}"
ROSTER_ACTION = "mission:roster:{index}:{page}"
QUEUE_ACTION = "mission:pending:{index}:{position}"
VERIFY_ACTION = "mission:verify:{index}:{user}:{position}"
EVIDENCE_SHOWN = 3500  # characters of evidence on a review card (an embed description holds 4,096)


class ConfirmationStore(Protocol):
    clock: Callable[[], datetime]

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

    async def get_member(self, guild_id: int, user_id: int) -> Member | None: ...

    async def guild_zone(self, guild_id: int) -> ZoneInfo: ...


class MissionRecordStore(Protocol):
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

    async def roster_counts(self, guild_id: int, mission_id: str) -> dict[MissionStatus, int]: ...

    async def roster_page(self, guild_id: int, mission_id: str, offset: int, limit: int) -> list[RosterEntry]: ...

    async def pending_count(self, guild_id: int, mission_id: str) -> int: ...

    async def pending_at(self, guild_id: int, mission_id: str, position: int) -> Confirmation | None: ...

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


def _status(confirmation: Confirmation | None) -> MissionStatus:
    return confirmation.status if confirmation else MissionStatus.NOT_STARTED


def _revoker(current: Confirmation | None) -> int | None:
    """The organizer who revoked this member's mission, while that still stands: revoked, or pending after
    the revoke (a pending row keeps the revoker in `decided_by`). Such a member waits for an organizer even
    with evidence that passes; otherwise a second paste would undo the revoke."""
    if current is None or current.status not in (MissionStatus.REVOKED, MissionStatus.PENDING):
        return None
    return current.decided_by


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


def _clean_reason(reason: str) -> str:
    return " ".join(reason.split())


class MissionService:
    def __init__(
        self,
        db: ConfirmationStore,
        course: Course,
        records: MissionRecordStore,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.db = db
        self.course = course
        self.records = records
        self.clock = clock or db.clock

    # -- which mission -------------------------------------------------------------------------------

    def _no_missions(self) -> NotFound:
        return NotFound("이 코스에는 실전 미션이 없어요.")

    def _mission(self, mission_id: str | None) -> Mission:
        """The mission; None means the course's first mission."""
        if not self.course.missions:
            raise self._no_missions()
        if mission_id is None:
            return self.course.missions[0]
        mission = self.course.mission(mission_id)
        if mission is None:
            known = ", ".join(f"{m.id} ({m.title})" for m in self.course.missions)
            raise NotFound(f"{josa(quoted(mission_id[:60]), '은/는')} 이 코스에 없는 미션이에요. 있는 미션: {known}")
        return mission

    def mission_at(self, index: int) -> Mission:
        """The mission by its position in the course (what buttons carry)."""
        if not self.course.missions:
            raise self._no_missions()
        if not 0 <= index < len(self.course.missions):
            raise NotFound("이 버튼의 미션이 코스에서 사라졌어요. 명령을 다시 실행해 주세요.")
        return self.course.missions[index]

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
            title=f"🐳 {mission.title}",
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
            current = await self.db.get_confirmation(guild_id, user_id, mission.id)
            if _status(current) is MissionStatus.CONFIRMED:
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
                "도커 대신 다른 도구(예: Podman)를 써서 규칙과 다르게 나온다면, '운영진 확인 요청' 버튼으로 "
                "이 제출을 운영진에게 보낼 수 있어요.",
                fields=fields,
                buttons=((Button(REVIEW_ACTION.format(index=self._index(mission)), "운영진 확인 요청"),),),
                tone=Tone.WARNING,
            )
            return MissionOutcome(reply, mission, user_id)

        def decide(current: Confirmation | None) -> ConfirmationChange | None:
            status = _status(current)
            if status is MissionStatus.CONFIRMED:
                return None
            revoker = _revoker(current)
            if revoker is not None:
                return ConfirmationChange(MissionStatus.PENDING, text, revoker, "취소된 뒤 다시 제출")
            return ConfirmationChange(MissionStatus.CONFIRMED, text, None, None)

        before, after = await self.db.change_confirmation(
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
        current = await self.db.get_confirmation(guild_id, user_id, mission.id)
        if _status(current) is MissionStatus.CONFIRMED:
            return await self._already_done(guild_id, mission, current)
        return None

    async def _already_done(self, guild_id: int, mission: Mission, current: Confirmation | None) -> Reply:
        when = f"{_local(current.updated_at, await self.db.guild_zone(guild_id))}에 " if current else ""
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
            if _status(current) is MissionStatus.CONFIRMED:
                return None
            reason = "운영진 확인 요청" + (f" · 빠진 항목: {draft.missing}" if draft.missing else "")
            return ConfirmationChange(MissionStatus.PENDING, draft.evidence, _revoker(current), reason)

        before, after = await self.db.change_confirmation(
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
            raise self._no_missions()
        zone = await self.db.guild_zone(guild_id)
        fields = []
        for mission in self.course.missions:
            current = await self.db.get_confirmation(guild_id, user_id, mission.id)
            status = _status(current)
            lines = [f"{MARKS[status]} {MISSION_LABELS[status]}"]
            if current is not None:
                decided = status in (MissionStatus.CONFIRMED, MissionStatus.REVOKED) and current.decided_by is not None
                by = " · 운영진 결정" if decided else ""
                lines[0] += f" ({_local(current.updated_at, zone)}{by})"
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

    # -- organizers: verify, revoke, roster -------------------------------------------------------------

    async def _name(self, guild_id: int, user_id: int, display_name: str | None) -> str:
        found = await self.db.get_member(guild_id, user_id)
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
    ) -> MissionOutcome:
        """An organizer confirms a member's mission by hand (audit-logged). The caller checks permission.
        `next_review`: decided from the review queue at that position; the reply offers the next one."""
        mission = self._mission(mission_id)
        note = _clean_reason(note)[:MAX_REASON_LENGTH]

        def decide(current: Confirmation | None) -> ConfirmationChange | None:
            if _status(current) is MissionStatus.CONFIRMED:
                return None
            evidence = current.evidence if current else None
            return ConfirmationChange(MissionStatus.CONFIRMED, evidence, organizer_id, note or None, "mission_verify")

        before, after = await self.db.change_confirmation(
            guild_id, user_id, mission.id, decide, display_name=display_name, at=self.clock()
        )
        name = await self._name(guild_id, user_id, display_name)
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
            body=f"{name} 님의 {mission.title}: {MISSION_LABELS[_status(before)]} → 확인 완료"
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
            if _status(current) not in (MissionStatus.CONFIRMED, MissionStatus.PENDING):
                return None
            evidence = current.evidence if current else None
            return ConfirmationChange(MissionStatus.REVOKED, evidence, organizer_id, reason, "mission_revoke")

        now = self.clock()
        before, after = await self.db.change_confirmation(
            guild_id, user_id, mission.id, decide, display_name=display_name, at=now
        )
        name = await self._name(guild_id, user_id, display_name)
        if after is None:
            raise UserFacingError(
                f"{name} 님의 {mission.title}: 지금 '{MISSION_LABELS[_status(before)]}' 상태라 취소할 확인이 없어요."
            )
        await self.records.add_notice(guild_id, user_id, mission.id, reason, at=now)
        reply = Reply(
            title="↩️ 확인을 취소했어요",
            body=f"{name} 님의 {mission.title}: {MISSION_LABELS[_status(before)]} → 취소됨\n사유: {reason}",
            footer="운영진 작업 기록에 남았어요.",
            tone=Tone.WARNING,
        )
        return MissionOutcome(reply, mission, user_id, revoked=True, reason=reason)

    async def roster(self, guild_id: int, mission_index: int = 0, page: int = 0) -> Reply:
        """One page of who has confirmed, who is pending review, who was revoked and who has not started,
        among the members the bot has seen in this server, as member references. Paged with buttons."""
        mission = self.mission_at(mission_index)
        counts = await self.records.roster_counts(guild_id, mission.id)
        total = sum(counts.values())
        pages = max(1, math.ceil(total / ROSTER_PAGE_SIZE))
        page = min(max(page, 0), pages - 1)  # members may have come or gone since the button was made
        entries = await self.records.roster_page(guild_id, mission.id, page * ROSTER_PAGE_SIZE, ROSTER_PAGE_SIZE)
        summary = " · ".join(f"{MARKS[s]} {MISSION_LABELS[s]} {counts[s]}명" for s in ROSTER_ORDER)
        blocks = [f"이 서버에서 봇을 사용한 멤버 {total}명\n{summary}"]
        if total == 0:
            blocks.append("아직 봇을 사용한 멤버가 없어요.")
        first_on_page = page * ROSTER_PAGE_SIZE
        seen_before = 0  # members of the groups that come before the current one, over all pages
        for status in ROSTER_ORDER:
            ids = [e.user_id for e in entries if e.status is status]
            if ids:
                continued = " (이어서)" if first_on_page > seen_before else ""
                heading = f"{MARKS[status]} {MISSION_LABELS[status]} ({counts[status]}명){continued}"
                blocks.append(heading + "\n" + " ".join(member(user_id) for user_id in ids))
            seen_before += counts[status]
        index = self._index(mission)
        rows: list[tuple[Button, ...]] = []
        if counts[MissionStatus.PENDING]:
            queue = Button(
                QUEUE_ACTION.format(index=index, position=0),
                f"⏳ 검토 대기 제출 보기 ({counts[MissionStatus.PENDING]}명)",
                ButtonStyle.PRIMARY,
            )
            rows.append((queue,))
        if pages > 1:
            rows.append(
                (
                    Button(ROSTER_ACTION.format(index=index, page=max(page - 1, 0)), "◀ 이전", disabled=page == 0),
                    Button(
                        ROSTER_ACTION.format(index=index, page=min(page + 1, pages - 1)),
                        "다음 ▶",
                        disabled=page == pages - 1,
                    ),
                )
            )
        others = [
            Button(ROSTER_ACTION.format(index=i, page=0), m.title, ButtonStyle.SECONDARY)
            for i, m in enumerate(self.course.missions)
            if i != index
        ]
        rows.extend(tuple(others[start : start + 5]) for start in range(0, min(len(others), 10), 5))
        return Reply(
            title=f"🐳 미션 현황 — {mission.title}",
            body="\n\n".join(blocks),
            buttons=tuple(rows),
            footer=f"{page + 1}/{pages} 페이지 · 한 페이지에 {ROSTER_PAGE_SIZE}명",
        )

    async def review(self, guild_id: int, mission_index: int, position: int = 0) -> Reply:
        """The review queue, one pending submission at a time (oldest first): who, when, why it is pending
        and what they pasted, with a button to verify it. Revoking needs a reason: the revoke command."""
        mission = self.mission_at(mission_index)
        total = await self.records.pending_count(guild_id, mission.id)
        if total == 0:
            return Reply(
                title=f"⏳ 검토 대기 — {mission.title}",
                body="검토를 기다리는 제출이 없어요. 🎉",
                tone=Tone.SUCCESS,
            )
        position = min(max(position, 0), total - 1)  # decisions since the button was made shorten the queue
        pending = await self.records.pending_at(guild_id, mission.id, position)
        if pending is None:  # decided meanwhile, between the two reads
            return await self.review(guild_id, mission_index, 0)
        zone = await self.db.guild_zone(guild_id)
        evidence = pending.evidence or ""
        shown = evidence[:EVIDENCE_SHOWN].replace("`" * 3, "'" * 3)  # the paste cannot close the code block
        cut = (
            f"\n(앞부분 {EVIDENCE_SHOWN:,}자만 보여요. 전체 {len(evidence):,}자)"
            if len(evidence) > EVIDENCE_SHOWN
            else ""
        )
        index = self._index(mission)
        verify = Button(
            VERIFY_ACTION.format(index=index, user=pending.user_id, position=position),
            "✅ 확인 완료로",
            ButtonStyle.SUCCESS,
        )
        navigation = (
            ()
            if total == 1
            else (  # one submission: no ids to step to (and none may repeat)
                Button(
                    QUEUE_ACTION.format(index=index, position=max(position - 1, 0)), "◀ 이전", disabled=position == 0
                ),
                Button(
                    QUEUE_ACTION.format(index=index, position=min(position + 1, total - 1)),
                    "다음 ▶",
                    disabled=position == total - 1,
                ),
            )
        )
        return Reply(
            title=f"⏳ 검토 대기 {position + 1}/{total} — {mission.title}",
            body=f"{member(pending.user_id)} · {_local(pending.updated_at, zone)} 제출\n{pending.reason or ''}\n"
            f"```\n{shown or '(제출한 출력 없음)'}\n```{cut}",
            fields=(
                Field(
                    "결정",
                    "맞으면 '✅ 확인 완료로'를 눌러 주세요. "
                    f"취소하려면 {command('mission revoke')} 로 사유와 함께 취소해 주세요.",
                ),
            ),
            buttons=((verify, *navigation),),
        )

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
