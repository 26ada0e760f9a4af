"""`studybot check --preflight`: what an operator sees before the first start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.store.migrate import load_migrations

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seS0x"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("DISCORD_TOKEN", "DISCORD_TOKEN_FILE", "STUDYBOT_CONTENT", "STUDYBOT_COURSE", "STUDYBOT_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.setenv("STUDYBOT_DB", str(tmp_path / "data" / "studybot.db"))
    monkeypatch.setenv("STUDYBOT_HEALTH_FILE", str(tmp_path / "health"))
    return tmp_path


def preflight(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--preflight"])
    return code, capsys.readouterr().out


def test_everything_ready_passes_and_never_prints_the_token(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = preflight(capsys)
    assert code == 0, out
    assert "사전 점검: 5개 통과, 0개 실패" in out
    assert "✓ 코스" in out and "docker-basics: 개념 11개" in out
    assert "없음: 시작할 때 만들고" in out
    assert TOKEN not in out
    assert not (env / "data" / "studybot.db").exists()  # preflight creates nothing


def test_missing_token_and_unknown_zone_fail_with_the_reason(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN")
    code, out = preflight(capsys)
    assert code == 1
    assert "✗ 봇 토큰" in out and "DISCORD_TOKEN 또는 DISCORD_TOKEN_FILE" in out
    monkeypatch.setenv("STUDYBOT_TIMEZONE", "Asia/Busan")
    code, out = preflight(capsys)
    assert code == 1
    assert "✗ 설정" in out and "'Asia/Busan' 은(는) 알 수 없는 시간대" in out


def test_a_database_from_a_newer_studybot_is_refused(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = env / "data" / "studybot.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {load_migrations()[-1].version + 1}")
    conn.close()
    code, out = preflight(capsys)
    assert code == 1
    assert "✗ 데이터베이스" in out and "보다 새롭습니다" in out


def test_a_file_that_is_not_a_database_is_reported(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = env / "data" / "studybot.db"
    path.parent.mkdir()
    path.write_bytes(b"this is not sqlite" * 100)
    code, out = preflight(capsys)
    assert code == 1
    assert "✗ 데이터베이스" in out and "열 수 없습니다" in out
    assert path.read_bytes() == b"this is not sqlite" * 100  # untouched


def test_health_file_in_a_missing_folder_fails(
    env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STUDYBOT_HEALTH_FILE", str(env / "nowhere" / "health"))
    code, out = preflight(capsys)
    assert code == 1
    assert "✗ 헬스 파일" in out
