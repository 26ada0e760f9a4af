"""`studybot check --preflight`: can `studybot run` start here? Settings, token (never printed),
content, database, health file — each checked without side effects, shown as a table."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.app import CourseUnavailable, load_configured_course
from bot.config import ConfigError, Settings
from bot.store.migrate import load_migrations


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str


def _settings() -> tuple[Settings | None, Finding]:
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        return None, Finding("설정", False, str(exc))
    return settings, Finding("설정", True, f"코스 {settings.course_id}, 시간대 {settings.timezone}")


def _token(settings: Settings) -> Finding:
    try:
        token = settings.token()
    except ConfigError as exc:
        return Finding("봇 토큰", False, str(exc))
    source = "DISCORD_TOKEN" if (settings.token_env or "").strip() else "DISCORD_TOKEN_FILE"
    return Finding("봇 토큰", True, f"{source} 에 있음 ({len(token)}자, 형식 맞음; 유효성은 로그인 때 확인)")


def _content(settings: Settings) -> Finding:
    try:
        course = load_configured_course(settings)
    except CourseUnavailable as exc:
        return Finding("코스", False, str(exc))
    return Finding("코스", True, f"{course.id}: 개념 {len(course.concepts)}개, 문제 {len(course.questions)}개")


def _database(path: Path) -> Finding:
    latest = load_migrations()[-1].version
    if not path.exists():
        parent = path.parent if path.parent.exists() else next(p for p in path.parents if p.exists())
        if os.access(parent, os.W_OK):
            return Finding("데이터베이스", True, f"{path} 없음: 시작할 때 만들고 스키마 {latest} 로 준비합니다")
        return Finding("데이터베이스", False, f"{parent} 에 쓸 수 없어 {path} 를 만들 수 없습니다 (볼륨 권한 확인)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return Finding("데이터베이스", False, f"{path} 를 열 수 없습니다: {exc}")
    if verdict != "ok":
        return Finding("데이터베이스", False, f"{path} quick_check 실패: {verdict}. 백업에서 복원하세요")
    if version > latest:
        return Finding("데이터베이스", False, f"스키마 {version} 은 이 버전이 아는 {latest} 보다 새롭습니다")
    if not os.access(path, os.W_OK):
        return Finding("데이터베이스", False, f"{path} 에 쓸 수 없습니다 (파일 권한 확인)")
    pending = f", 시작할 때 {latest - version}개 마이그레이션 적용" if version < latest else ""
    return Finding("데이터베이스", True, f"{path}: 스키마 {version}/{latest}, quick_check ok{pending}")


def _health_file(path: Path) -> Finding:
    folder = path.parent
    if folder.is_dir() and os.access(folder, os.W_OK):
        return Finding("헬스 파일", True, f"{path} 에 쓸 수 있음")
    return Finding("헬스 파일", False, f"{folder} 에 쓸 수 없습니다 (STUDYBOT_HEALTH_FILE 확인)")


def preflight() -> list[Finding]:
    settings, first = _settings()
    if settings is None:
        return [first]
    checks: list[Callable[[], Finding]] = [
        lambda: _token(settings),
        lambda: _content(settings),
        lambda: _database(settings.db_path),
        lambda: _health_file(settings.health_file),
    ]
    return [first, *(check() for check in checks)]


def print_table(findings: list[Finding]) -> int:
    width = max(len(f.name) for f in findings)
    for finding in findings:
        print(f"{'✓' if finding.ok else '✗'} {finding.name:<{width}}  {finding.detail}")
    failed = sum(1 for f in findings if not f.ok)
    print(f"\n사전 점검: {len(findings) - failed}개 통과, {failed}개 실패")
    return 1 if failed else 0
