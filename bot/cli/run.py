"""`studybot run`: the bot itself."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.discord_app.runner import serve
from bot.logs import setup_logging


def register(verbs: Any) -> None:
    parser = verbs.add_parser("run", help="디스코드 봇을 실행합니다 (DISCORD_TOKEN 필요)")
    parser.add_argument("--content", type=Path, default=None, help="코스 폴더들이 있는 폴더 (기본: STUDYBOT_CONTENT)")
    parser.add_argument("--course", default=None, help="실행할 코스 id (기본: STUDYBOT_COURSE)")
    parser.add_argument("--db", type=Path, default=None, help="데이터베이스 파일 (기본: STUDYBOT_DB)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env_and_flags(content=args.content, course=args.course, db=args.db)
    setup_logging(settings.log_level, settings.log_format, http_debug=settings.log_http_debug)
    return asyncio.run(serve(settings))
