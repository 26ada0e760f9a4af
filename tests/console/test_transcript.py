"""`studybot console` as a person runs it: commands piped on stdin give a transcript (no prompt waits),
and the progress is still there in the next session."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.coursekit import write_course
from tests.services.evidence_samples import LINUX

CHECKOUT = Path(__file__).resolve().parents[2]


def in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db: Path, script: str, *args: str
) -> subprocess.CompletedProcess[str]:
    """The same verb through `bot.cli.main` in this process (no interpreter start-up): stdin is the script."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    code = main(["console", "--db", str(db), *args])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, captured.out, captured.err)


def console(db: Path, script: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(db), *args],
        input=script,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=CHECKOUT,
        env={**os.environ, "NO_COLOR": "", **(env or {})},
        timeout=60,
        check=False,
    )


STUDY_DAY = f"""\
/concept today
/as 준호
/concept show 3
/leaderboard period:forever
/mission confirm
{LINUX}


/progress
/leaderboard
/as 서연
/study report
/quit
"""


def test_a_piped_study_day_reads_like_a_typed_session(tmp_path: Path) -> None:
    done = console(tmp_path / "console.db", STUDY_DAY, "--at", "2026-12-01 09:00")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "\x1b[" not in out  # a pipe never gets colour
    assert out.startswith("studybot 콘솔 — 디스코드 없이 쓰는 가상 서버 '도커 스터디'의 #study 채널이에요.\n")
    # every typed line is echoed after the prompt of whoever typed it
    assert "민지(운영진) › /concept today\n" in out
    assert "준호 › /concept show 3\n" in out
    assert "서연 › /study report\n" in out
    assert "■ 📚 첫 개념 미리 보기 (아직 게시 전) · 컨테이너 기술이란 무엇입니까?" in out
    assert "■ 📖 3번째 개념 · 경량화" in out
    # bad input: the same message as the checks give, and the session went on
    assert "⚠️ period 옵션은 week(이번 주 (월요일부터)), month(이번 달), all(전체) 중 하나로 골라 주세요" in " ".join(
        out.replace("\n", " ").split()
    )
    assert "│ Docker version 27.3.1, build ce12230" in out
    assert "■ 🎉 미션 완료!" in out
    assert "📖 읽은 개념: 1/11개" in out and "🐳 [실전 미션] 도커 설치하기: 확인 완료 (12/01)" in out
    assert "🥇 준호 — 30점 (정답 0 · 개념 1)\n🥈 민지 — 10점 (정답 0 · 개념 1)" in out
    assert "⚠️ 이 명령은 운영진만 쓸 수 있어요." in out
    assert out.endswith("저장됐어요. 다음에 또 만나요! 👋\n")
    # wrapped to 80 cells, Hangul counted as two
    from bot.console.terminal import display_width

    assert max(display_width(line) for line in out.splitlines() if not line.startswith(("│", "준호 › ", "민지"))) <= 80
    assert "**" not in out and "`" not in out and "⟦" not in out and "</" not in out


def test_progress_and_time_persist_into_the_next_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def console(db: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        return in_process(monkeypatch, capsys, db, script, *args)

    db = tmp_path / "console.db"
    first = console(db, "/concept show 1\n/clock +36500d\n", "--at", "2026-01-05 09:00")
    assert first.returncode == 0, first.stderr
    assert "→ 2125-12-12(수) 09:00" in first.stdout
    second = console(db, "/clock\n/concept list\n/progress\n", "--as", "민지")
    assert second.returncode == 0, second.stderr
    assert "🕘 지금 가상 시각: 2125-12-12(수) 09:0" in second.stdout  # resumed where the last session ended
    assert "✅ 1. 컨테이너 기술이란 무엇입니까?" in second.stdout
    assert "⭐ 점수: 이번 주 0점 · 전체 10점" in second.stdout
    back = console(db, "", "--at", "2026-01-06 09:00")
    assert back.returncode == 2
    assert "이 데이터베이스의 가상 시각은 이미 2125-12-12 09:0" in back.stderr


def test_as_flag_and_unknown_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def console(db: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        return in_process(monkeypatch, capsys, db, script, *args)

    done = console(tmp_path / "console.db", "/progress\n", "--as", "서연")
    assert "서연 › /progress" in done.stdout and "■ 📊 서연 님의 학습 현황" in done.stdout
    bad = console(tmp_path / "console.db", "", "--as", "철수")
    assert bad.returncode == 2
    assert "'철수' 멤버는 이 서버에 없어요. 멤버: 민지 (운영진), 준호, 서연" in bad.stderr


def test_console_reads_the_course_from_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_course(tmp_path / "courses")
    monkeypatch.setenv("STUDYBOT_CONTENT", str(tmp_path / "courses"))
    monkeypatch.setenv("STUDYBOT_COURSE", "mini")
    done = in_process(monkeypatch, capsys, tmp_path / "console.db", "/concept list\n")
    assert done.returncode == 0, done.stderr
    assert "■ 📚 작은 코스 — 개념 목록" in done.stdout
    wrong = in_process(monkeypatch, capsys, tmp_path / "console.db", "", "--course", "nope")
    assert wrong.returncode == 1 and "코스 'nope'를" in wrong.stderr


def test_the_default_database_is_data_console_db_in_the_working_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        input="/concept today\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(CHECKOUT), "STUDYBOT_DB": str(tmp_path / "bot.db")},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "console.db").is_file()
    assert not (tmp_path / "bot.db").exists()  # the simulated server never lands in the bot's database
