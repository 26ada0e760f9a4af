"""`studybot check` and `studybot preview` as a content author runs them (no token, no database)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.coursekit import GOOD_QUIZ, write_course


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_check_passes_on_the_shipped_course_with_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "check")
    assert code == 0, out
    assert "✓ docker-basics — 컨테이너와 도커 기초" in out
    assert "개념 11개" in out and "직접 쓴 문제 68개" in out and "자동 생성 문제 0개 ·" in out and "미션 1개" in out
    assert "11. 관계" in out
    assert "한 줄 요약 11/11개 개념 · 보충(📌) 25개 (11개 개념)" in out
    assert "요약 없음" not in out
    assert "코스 1개 검사: 통과 1, 실패 0" in out


def test_check_names_a_concept_summary_that_is_not_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_course(tmp_path)
    course = (folder / "course.yaml").read_text(encoding="utf-8")
    (folder / "course.yaml").write_text(
        course + 'concepts:\n  "컨테이너":\n    summary: "첫 문장이에요. 둘째 문장이에요."\n', encoding="utf-8"
    )
    code, out = run(capsys, "check", "--content", str(tmp_path))
    assert code == 1
    assert "[컨테이너]: 'summary'는 한 문장이어야 합니다" in out


def test_check_fails_listing_every_error_with_file_and_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = GOOD_QUIZ.replace('answer: "읽기 전용"', 'answer: "쓰기 전용"').replace('type: "short"', 'type: "essay"')
    write_course(tmp_path, broken)
    code, out = run(capsys, "check", "--content", str(tmp_path))
    assert code == 1
    assert "✗ mini: 오류 2개" in out
    assert "mini/quiz.yaml:13 [image-readonly]: 정답 '쓰기 전용'가 보기 중에 없습니다" in out
    assert "mini/quiz.yaml:17 [container-term]: 알 수 없는 문제 유형 'essay'" in out


def test_check_reports_a_malformed_course_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_course(tmp_path)
    (folder / "course.yaml").write_text('id: "mini"\ntitle: [unclosed\n', encoding="utf-8")
    code, out = run(capsys, "check", "--content", str(tmp_path))
    assert code == 1
    assert "mini/course.yaml:" in out and "YAML 문법 오류" in out


def test_check_reports_a_bad_evidence_regex(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_course(tmp_path)
    text = (folder / "course.yaml").read_text(encoding="utf-8").replace("pattern: 'Docker", "pattern: '(Docker")
    (folder / "course.yaml").write_text(text, encoding="utf-8")
    code, out = run(capsys, "check", "--content", str(tmp_path))
    assert code == 1
    assert "[install]: 정규식 오류" in out


def test_check_on_a_folder_without_courses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "check", "--content", str(tmp_path))
    assert code == 1
    assert "course.yaml 이 있는 코스 폴더가 없습니다" in out


def test_preview_day_one_shows_the_first_concept_in_korean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "preview", "--day", "1")
    assert code == 0
    assert "■ 📚 1일째 개념 · 컨테이너 기술이란 무엇입니까?" in out
    assert "🧭 컨테이너와 도커 기초\n" in out and "원티드 챌린지" not in out  # the course title, not the event
    # wrapped to the terminal (80 cells in a pipe): the sentence reads whole once the breaks are joined
    assert (
        "LXC는 단일 머신상에 여러 개의 독립된 리눅스 컨테이너를 실행하기 위한 OS 레벨의 가상화 기법이다."
        in " ".join(out.split())
    )
    assert "[📝 퀴즈 맛보기]" in out and "답을 떠올려 보세요" in out
    assert "/quiz" not in out  # no command is advertised that the bot does not have
    assert "— 1/11번째 개념" in out


def test_preview_drops_the_credit_of_a_dropped_image(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "preview", "--day", "2")
    assert code == 0
    assert "img.png" not in out
    assert "출처" not in out  # the course ships no img.png: no credit for a picture no one sees


def test_preview_past_the_end_and_unknown_course_say_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "preview", "--day", "12")
    assert code == 1 and "1~11일째까지" in out
    code, out = run(capsys, "preview", "--course", "nope")
    assert code == 1 and "코스 'nope'를" in out and "docker-basics" in out


def test_console_script_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "preview", "--day", "7"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "도커란 무엇입니까?" in done.stdout
    assert "[📌 보충]\n• 유니온 파일 시스템은 파일을 '임시 파일로 대체'하지 않아요." in done.stdout
