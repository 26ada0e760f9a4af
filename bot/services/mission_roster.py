"""What organizers look at: the roster (who has confirmed, who is pending review, who was revoked, who has
not yet) a page at a time, and the review queue of pending submissions, one at a time. Read only: the
decisions are MissionService.verify / revoke. Every read is a bounded SQL query; no server is loaded whole.
"""

from __future__ import annotations

import math
from typing import Protocol

from bot.core.course import Course
from bot.services.mission_common import (
    MARKS,
    QUEUE_ACTION,
    ROSTER_ACTION,
    VERIFY_ACTION,
    local_time,
    mission_at,
)
from bot.services.ports import MemberDirectory
from bot.services.progress import MISSION_LABELS
from bot.services.reply import Button, ButtonStyle, Field, Reply, Tone, command, member
from bot.store import Confirmation, MissionStatus
from bot.store.missions import ROSTER_ORDER, RosterEntry

ROSTER_PAGE_SIZE = 60  # mentions per page: about 1,400 characters, well inside an embed's 4,096
EVIDENCE_SHOWN = 3500  # characters of evidence on a review card (an embed description holds 4,096)


class RosterStore(Protocol):
    async def roster_counts(self, guild_id: int, mission_id: str) -> dict[MissionStatus, int]: ...

    async def roster_page(self, guild_id: int, mission_id: str, offset: int, limit: int) -> list[RosterEntry]: ...

    async def pending_count(self, guild_id: int, mission_id: str) -> int: ...

    async def pending_at(self, guild_id: int, mission_id: str, position: int) -> Confirmation | None: ...


class MissionRoster:
    def __init__(self, course: Course, records: RosterStore, zones: MemberDirectory) -> None:
        self.course = course
        self.records = records
        self.zones = zones

    async def roster(self, guild_id: int, mission_index: int = 0, page: int = 0) -> Reply:
        """One page of who has confirmed, who is pending review, who was revoked and who has not started,
        among the members the bot has seen in this server, as member references. Paged with buttons."""
        mission = mission_at(self.course, mission_index)
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
            group = [e for e in entries if e.status is status]
            if group:
                continued = " (이어서)" if first_on_page > seen_before else ""
                heading = f"{MARKS[status]} {MISSION_LABELS[status]} ({counts[status]}명){continued}"
                blocks.append(heading + "\n" + " ".join(member(e.user_id, e.display_name) for e in group))
            seen_before += counts[status]
        index = self.course.missions.index(mission)
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
            title=f"{mission.emoji} 미션 현황 — {mission.title}",
            body="\n\n".join(blocks),
            buttons=tuple(rows),
            footer=f"{page + 1}/{pages} 페이지 · 한 페이지에 {ROSTER_PAGE_SIZE}명",
        )

    async def review(self, guild_id: int, mission_index: int, position: int = 0) -> Reply:
        """The review queue, one pending submission at a time (oldest first): who, when, why it is pending
        and what they pasted, with a button to verify it. Revoking needs a reason: the revoke command."""
        mission = mission_at(self.course, mission_index)
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
        zone = await self.zones.guild_zone(guild_id)
        evidence = pending.evidence or ""
        shown = evidence[:EVIDENCE_SHOWN].replace("`" * 3, "'" * 3)  # the paste cannot close the code block
        cut = (
            f"\n(앞부분 {EVIDENCE_SHOWN:,}자만 보여요. 전체 {len(evidence):,}자)"
            if len(evidence) > EVIDENCE_SHOWN
            else ""
        )
        known = await self.zones.get_member(guild_id, pending.user_id)
        name = known.display_name if known is not None else str(pending.user_id)
        index = self.course.missions.index(mission)
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
            body=f"{member(pending.user_id, name)} · {local_time(pending.updated_at, zone)} 제출\n{pending.reason or ''}\n"
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
