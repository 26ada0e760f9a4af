"""The optional `confirmed_role` of a mission in course.yaml."""

from __future__ import annotations

from pathlib import Path

from bot.core.loader import load_named_course
from tests.coursekit import COURSE, write_course


def with_role(line: str) -> str:
    marker = '    instructions: "설치하고 출력을 붙여 넣으세요."\n'
    assert marker in COURSE
    return COURSE.replace(marker, marker + line)


def test_a_mission_without_a_role_has_none(tmp_path: Path) -> None:
    write_course(tmp_path)
    course = load_named_course(tmp_path, "mini").course
    assert course is not None and course.missions[0].confirmed_role is None


def test_the_role_name_is_read(tmp_path: Path) -> None:
    write_course(tmp_path, course=with_role('    confirmed_role: "설치 완료"\n'))
    course = load_named_course(tmp_path, "mini").course
    assert course is not None and course.missions[0].confirmed_role == "설치 완료"


def test_an_empty_or_overlong_role_name_is_an_error_with_its_line(tmp_path: Path) -> None:
    for value in ('""', '"' + "역" * 101 + '"'):
        write_course(tmp_path, course=with_role(f"    confirmed_role: {value}\n"))
        load = load_named_course(tmp_path, "mini")
        assert load.course is None or not load.course.missions
        [error] = [e for e in load.errors if "confirmed_role" in e.message]
        assert error.line > 0 and error.item == "install"
