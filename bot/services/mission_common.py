"""What the mission services share: which mission a command or button means, how states are marked,
and the custom ids of the mission buttons (`mission:…`; the Discord adapter registers one DynamicItem each)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.course import Course, Mission
from bot.core.text import josa, quoted
from bot.services.errors import NotFound
from bot.store import Confirmation, MissionStatus

MARKS = {
    MissionStatus.CONFIRMED: "✅",
    MissionStatus.PENDING: "⏳",
    MissionStatus.REVOKED: "↩️",
    MissionStatus.NOT_STARTED: "⬜",
}
REVIEW_ACTION = "mission:review:{index}"  # a member sends their failed paste for review
ROSTER_ACTION = "mission:roster:{index}:{page}"  # a page of the roster
QUEUE_ACTION = "mission:pending:{index}:{position}"  # a card of the review queue
VERIFY_ACTION = "mission:verify:{index}:{user}:{position}"  # verify from the review queue


def status_of(confirmation: Confirmation | None) -> MissionStatus:
    return confirmation.status if confirmation else MissionStatus.NOT_STARTED


def local_time(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%m/%d %H:%M}"


def no_missions() -> NotFound:
    return NotFound("이 코스에는 실전 미션이 없어요.")


def mission_by_id(course: Course, mission_id: str | None) -> Mission:
    """The mission; None means the course's first mission."""
    if not course.missions:
        raise no_missions()
    if mission_id is None:
        return course.missions[0]
    mission = course.mission(mission_id)
    if mission is None:
        known = ", ".join(f"{m.id} ({m.title})" for m in course.missions)
        raise NotFound(f"{josa(quoted(mission_id[:60]), '은/는')} 이 코스에 없는 미션이에요. 있는 미션: {known}")
    return mission


def mission_at(course: Course, index: int) -> Mission:
    """The mission by its position in the course (what buttons carry)."""
    if not course.missions:
        raise no_missions()
    if not 0 <= index < len(course.missions):
        raise NotFound("이 버튼의 미션이 코스에서 사라졌어요. 명령을 다시 실행해 주세요.")
    return course.missions[index]
