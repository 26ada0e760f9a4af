"""The optional wording fields of a mission in course.yaml (emoji, the evidence form's texts, when to ask
for review): read when set, generic when not, and checked against Discord's limits by `studybot check`."""

from __future__ import annotations

from pathlib import Path

from bot.core.course import MISSION_TEXT_LIMITS, Mission
from bot.core.loader import load_named_course
from tests.coursekit import COURSE, write_course

MARKER = '    instructions: "설치하고 출력을 붙여 넣으세요."\n'


def with_lines(lines: str) -> str:
    assert MARKER in COURSE
    return COURSE.replace(MARKER, MARKER + lines)


def test_a_mission_without_wording_gets_generic_defaults_naming_no_tool(tmp_path: Path) -> None:
    write_course(tmp_path)
    course = load_named_course(tmp_path, "mini").course
    assert course is not None
    mission = course.missions[0]
    assert (mission.emoji, mission.form_label, mission.form_placeholder) == ("🎯", "명령의 출력", None)
    assert mission.form_description == "미션에서 실행한 명령의 출력을 그대로 붙여 넣어 주세요."
    assert mission.review_when == "다른 도구나 환경을 써서 규칙과 다르게 나온다면"
    for text in (mission.emoji, mission.form_label, mission.form_description, mission.review_when):
        assert "도커" not in text and "docker" not in text.lower() and "Podman" not in text


def test_the_wording_the_course_sets_is_read(tmp_path: Path) -> None:
    lines = (
        '    emoji: "🧪"\n'
        '    form_label: "실험 결과"\n'
        '    form_description: "pytest -q 의 출력을 붙여 넣어 주세요."\n'
        '    form_placeholder: "3 passed in 0.01s\\n..."\n'
        '    review_when: "다른 테스트 도구를 써서 결과가 다르게 나온다면"\n'
    )
    write_course(tmp_path, course=with_lines(lines))
    load = load_named_course(tmp_path, "mini")
    assert load.course is not None and not load.errors, load.errors
    mission = load.course.missions[0]
    assert (mission.emoji, mission.form_label, mission.form_placeholder) == (
        "🧪",
        "실험 결과",
        "3 passed in 0.01s\n...",
    )
    assert mission.form_description == "pytest -q 의 출력을 붙여 넣어 주세요."
    assert mission.review_when == "다른 테스트 도구를 써서 결과가 다르게 나온다면"


def test_discords_limits_for_the_form_are_checked_with_the_line(tmp_path: Path) -> None:
    assert (MISSION_TEXT_LIMITS["form_label"], MISSION_TEXT_LIMITS["form_placeholder"]) == (45, 100)
    assert MISSION_TEXT_LIMITS["form_description"] == 100
    for key, value in (
        ("form_label", "가" * 46),
        ("form_placeholder", "가" * 101),
        ("form_description", "가" * 101),
        ("emoji", '""'),
        ("review_when", "[1, 2]"),
    ):
        write_course(tmp_path, course=with_lines(f"    {key}: {value}\n"))
        load = load_named_course(tmp_path, "mini")
        assert load.course is None or not load.course.missions
        [error] = [e for e in load.errors if f"'{key}'" in e.message]
        assert error.line > 0 and error.item == "install", error
        assert f"1~{MISSION_TEXT_LIMITS[key]}자" in error.message


def test_the_limits_hold_for_the_generic_defaults() -> None:
    mission = Mission("m", "제목", "할 일", ())
    for key, limit in MISSION_TEXT_LIMITS.items():
        value = getattr(mission, key)
        assert value is None or 1 <= len(value) <= limit, key
