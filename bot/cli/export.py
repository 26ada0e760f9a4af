"""`studybot export --guild ID [--out FILE]`: every member's progress in one server, as CSV.

The database is opened read-only (SQLite's mode=ro) with no writer: safe beside the running bot, it never
migrates nor changes the file; a database older than the code is refused with what to do.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.app import build_services
from bot.config import Settings
from bot.core.loader import CourseNotFound, load_named_course
from bot.store import Database, StoreError


def register(verbs: Any) -> None:
    parser = verbs.add_parser("export", help="한 서버의 멤버별 진행 상황을 CSV로 내보냅니다")
    parser.add_argument("--guild", type=int, required=True, help="서버 ID (숫자)")
    parser.add_argument("--out", type=Path, default=None, help="CSV 파일 경로 (기본: 표준 출력)")
    parser.add_argument("--db", type=Path, default=None, help="데이터베이스 (기본: STUDYBOT_DB)")
    parser.set_defaults(handler=run)


async def _export(db_path: Path, settings: Settings, guild_id: int) -> bytes:
    load = load_named_course(settings.content_dir, settings.course_id)
    if load.course is None:
        raise CourseNotFound(f"코스 '{settings.course_id}'에 오류가 있습니다. `studybot check` 로 확인하세요.")
    db = await Database.open_read_only(db_path, default_timezone=settings.timezone)
    try:
        services = build_services(db, load.course, clock=db.clock, default_timezone=settings.timezone)
        return await services.exports.export_csv(guild_id)
    finally:
        await db.close()


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    db_path: Path = args.db or settings.db_path
    if not db_path.is_file():
        print(f"✗ 데이터베이스 파일 {db_path} 이(가) 없습니다. STUDYBOT_DB 또는 --db 를 확인하세요.", file=sys.stderr)
        return 1
    try:
        data = asyncio.run(_export(db_path, settings, args.guild))
    except (StoreError, CourseNotFound) as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    rows = data.count(b"\n") - 1
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(data)
        print(f"✓ 서버 {args.guild}: 멤버 {rows}명 → {args.out}", file=sys.stderr)
    return 0
