"""`studybot backup PATH`: a consistent copy of the database, safe while the bot is running."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.store.backup import backup_database
from bot.store.errors import StoreError


def register(verbs: Any) -> None:
    parser = verbs.add_parser("backup", help="데이터베이스를 안전하게 백업합니다 (봇이 실행 중이어도 됩니다)")
    parser.add_argument("path", type=Path, help="백업 파일 경로 (폴더를 주면 그 안에 날짜 이름으로 만듭니다)")
    parser.add_argument("--db", type=Path, default=None, help="원본 데이터베이스 (기본: STUDYBOT_DB)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    source: Path = args.db or Settings.from_env().db_path
    target: Path = args.path
    if target.is_dir():
        target = target / f"studybot-{datetime.now():%Y%m%d-%H%M%S}.db"
    try:
        result = backup_database(source, target)
    except StoreError as exc:
        print(f"✗ {exc}")
        return 1
    members = result.tables.get("members", 0)
    answers = result.tables.get("quiz_attempts", 0)
    print(
        f"✓ 백업 완료: {result.target} ({result.bytes / 1024:,.0f} KB, 스키마 버전 {result.schema_version},"
        f" 무결성 검사 통과) — 멤버 {members}명, 퀴즈 답 {answers}개"
    )
    return 0
