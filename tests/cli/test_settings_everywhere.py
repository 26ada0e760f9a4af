"""Every verb reads the same settings: STUDYBOT_CONTENT and STUDYBOT_COURSE reach `check` and `preview`
(an operator who mounts courses checks the folder the bot will run), and a flag wins over its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from tests.coursekit import write_course


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def courses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "courses"
    write_course(folder)
    monkeypatch.setenv("STUDYBOT_CONTENT", str(folder))
    monkeypatch.setenv("STUDYBOT_COURSE", "mini")
    return folder


def test_check_reads_the_mounted_folder_and_marks_the_running_course(
    courses: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "check")
    assert code == 0, out
    assert f"코스 폴더: {courses}" in out
    assert "✓ mini — 작은 코스 (실행할 코스)" in out
    assert "docker-basics" not in out


def test_check_fails_when_the_configured_course_is_not_in_the_folder(
    courses: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STUDYBOT_COURSE", "docker-basics")
    code, out = run(capsys, "check")
    assert code == 1
    assert f"✗ 실행할 코스 'docker-basics'가 {courses} 에 없습니다 (있는 코스: mini)" in out


def test_check_flags_win_over_the_environment(
    courses: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = Settings.from_env({}).content_dir
    code, out = run(capsys, "check", "--content", str(bundled), "--course", "docker-basics")
    assert code == 0, out
    assert "✓ docker-basics — 컨테이너와 도커 기초 (실행할 코스)" in out and "mini" not in out


def test_check_of_an_authors_folder_without_a_chosen_course_only_notes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("STUDYBOT_COURSE", raising=False)
    monkeypatch.delenv("STUDYBOT_CONTENT", raising=False)
    write_course(tmp_path)
    code, out = run(capsys, "check", "--content", str(tmp_path))
    assert code == 0, out
    assert "! 기본 코스 'docker-basics'는 이 폴더에 없어요." in out


def test_a_missing_content_folder_in_the_environment_is_a_setting_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STUDYBOT_CONTENT", str(tmp_path / "nope"))
    for verb in ("check", "preview"):
        code, out = run(capsys, verb)
        assert code == 2
        assert f"설정 오류: STUDYBOT_CONTENT='{tmp_path / 'nope'}' 폴더가 없습니다." in out


def test_preview_reads_the_mounted_course(courses: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "preview", "--day", "1")
    assert code == 0, out
    assert "■ 📚 1일째 개념 · 컨테이너" in out
    assert "컨테이너는 호스트 OS 커널을 공유한다." in out


def test_preview_flags_win_over_the_environment(courses: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundled = Settings.from_env({}).content_dir
    code, out = run(capsys, "preview", "--content", str(bundled), "--course", "docker-basics", "--day", "7")
    assert code == 0, out
    assert "도커란 무엇입니까?" in out
    code, out = run(capsys, "preview", "--course", "docker-basics")
    assert code == 1 and f"코스 'docker-basics'를 {courses} 에서 찾을 수 없습니다. 있는 코스: mini" in out


def test_settings_from_env_and_flags() -> None:
    env = {"STUDYBOT_COURSE": "a", "STUDYBOT_DB": "/x/a.db"}
    settings = Settings.from_env_and_flags(env=env)
    assert (settings.course_id, settings.db_path) == ("a", Path("/x/a.db"))
    settings = Settings.from_env_and_flags(course="b", db=Path("/y/b.db"), env=env)
    assert (settings.course_id, settings.db_path) == ("b", Path("/y/b.db"))
