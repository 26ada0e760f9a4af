"""`studybot console [--db PATH] [--as NAME]`: the whole bot in a terminal, in a simulated server."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings

DEFAULT_DB = Path("data/console.db")


def register(verbs: Any) -> None:
    parser = verbs.add_parser("console", help="디스코드 없이 터미널에서 봇을 써 봅니다 (가상 서버, 토큰 불필요)")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="PATH",
        help=f"진행 상황을 저장할 파일 (기본: {DEFAULT_DB}; 봇의 STUDYBOT_DB 와 섞이지 않도록 따로 둡니다)",
    )
    parser.add_argument(
        "--as", dest="as_name", default=None, metavar="NAME", help="처음 접속할 멤버 이름 (기본: 민지, 운영진)"
    )
    parser.add_argument(
        "--at",
        default=None,
        metavar="'YYYY-MM-DD HH:MM'",
        help="가상 시각을 이 시각에서 시작합니다 (기본: 지난 세션이 끝난 시각 또는 지금; 데모와 테스트용)",
    )
    parser.add_argument(
        "--content", type=Path, default=None, metavar="DIR", help="코스 폴더들이 있는 폴더 (기본: STUDYBOT_CONTENT)"
    )
    parser.add_argument("--course", default=None, metavar="ID", help="코스 id (기본: STUDYBOT_COURSE)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: `studybot check` and friends should not pay for the console's imports.
    from bot.console.main import start_console

    settings = Settings.from_env_and_flags(content=args.content, course=args.course, db=args.db or DEFAULT_DB)
    return asyncio.run(start_console(settings, as_name=args.as_name, stdin=sys.stdin, stdout=sys.stdout, at=args.at))
