"""course.yaml `concepts:`: each concept's handwritten one-line summary and its notes (📌 보충), validated."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.concept_extras import MAX_NOTES, MAX_SUMMARY
from bot.core.loader import load_course
from tests.coursekit import COURSE, write_course

CONTENT = Path(__file__).resolve().parents[2] / "content"


def course_with(tmp_path: Path, concepts: str) -> Path:
    return write_course(tmp_path, course=COURSE + "concepts:\n" + concepts)


def test_summary_and_notes_reach_their_concept(tmp_path: Path) -> None:
    load = load_course(
        course_with(
            tmp_path,
            '  "컨테이너":\n    summary: "컨테이너는 커널을 함께 쓰는 격리된 프로세스예요."\n'
            '    notes:\n      - "격리는 네임스페이스가 맡아요."\n      - "자원 제한은 cgroups가 맡아요."\n'
            '  "이미지":\n    notes: "이미지는 읽기 전용 레이어예요."\n',
        )
    )
    assert load.errors == [] and load.course is not None
    container, image = load.course.concepts
    assert container.summary == "컨테이너는 커널을 함께 쓰는 격리된 프로세스예요."
    assert container.notes == ("격리는 네임스페이스가 맡아요.", "자원 제한은 cgroups가 맡아요.")
    assert (image.summary, image.notes) == ("", ("이미지는 읽기 전용 레이어예요.",))


def test_without_a_concepts_section_there_is_no_summary_and_no_error(tmp_path: Path) -> None:
    load = load_course(write_course(tmp_path))
    assert load.errors == [] and load.course is not None
    assert all(c.summary == "" and c.notes == () for c in load.course.concepts)


@pytest.mark.parametrize(
    ("concepts", "message"),
    [
        ('  "볼륨":\n    summary: "없는 개념이에요."\n', "알 수 없는 개념 id '볼륨'"),
        ('  "컨테이너":\n    summary: "첫 문장이에요. 둘째 문장이에요."\n', "'summary'는 한 문장이어야 합니다"),
        ('  "컨테이너":\n    summary: |\n      한 줄\n      두 줄\n', "'summary'는 한 줄이어야 합니다"),
        (f'  "컨테이너":\n    summary: "{"가" * (MAX_SUMMARY + 1)}"\n', f"'summary'가 {MAX_SUMMARY + 1}자입니다"),
        ('  "컨테이너":\n    summary: ""\n', "'summary'는 비어 있지 않은 한 줄 글"),
        ('  "컨테이너":\n    notes:\n      - ""\n', "'notes'의 항목은 비어 있지 않은 글"),
        (f'  "컨테이너":\n    notes:\n      - "{"나" * MAX_NOTES}"\n', "'notes'가 모두"),
        ('  "컨테이너":\n    summry: "오타 난 키"\n', "알 수 없는 키 'summry'"),
        ('  "컨테이너": "요약만 썼어요"\n', "개념 항목에는 summary:, notes: 를 씁니다"),
        ('  - "목록"\n', "'concepts'는 개념 id를 키로 하는 항목들"),
    ],
    ids=["unknown-id", "two-sentences", "two-lines", "too-long", "empty", "empty-note", "notes-too-long",
         "unknown-key", "not-a-map", "a-list"],
)  # fmt: skip
def test_each_problem_is_an_error_naming_file_line_and_what_to_do(tmp_path: Path, concepts: str, message: str) -> None:
    load = load_course(course_with(tmp_path, concepts))
    assert load.course is None
    assert len(load.errors) == 1, [str(e) for e in load.errors]
    error = str(load.errors[0])
    assert error.startswith("mini/course.yaml:") and message in error, error


def test_the_shipped_course_has_a_one_line_summary_and_notes_for_every_concept() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    assert all(c.summary and "\n" not in c.summary and len(c.summary) <= MAX_SUMMARY for c in course.concepts)
    assert all(c.notes for c in course.concepts)
    by_title = {c.title: c for c in course.concepts}
    # where the document is wrong or vague, a note corrects it
    first = " ".join(by_title["컨테이너 기술이란 무엇입니까?"].notes)
    assert "chroot(1979년)" in first and "FreeBSD jail(2000년)" in first and "Solaris Zones(2004년)" in first
    assert "2008년" in first and "cgroups" in first and "네임스페이스" in first
    docker = " ".join(by_title["도커란 무엇입니까?"].notes)
    assert "copy-on-write" in docker and "읽기 전용 레이어" in docker
    assert "오케스트레이터" in " ".join(by_title["컴퓨팅 자원"].notes)
