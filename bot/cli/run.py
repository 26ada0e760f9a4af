"""`studybot run`: the bot itself."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.config import Settings
from bot.discord_app.runner import serve
from bot.logs import setup_logging


def register(verbs: Any) -> None:
    parser = verbs.add_parser("run", help="디스코드 봇을 실행합니다 (DISCORD_TOKEN 필요)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    setup_logging(settings.log_level, settings.log_format, http_debug=settings.log_http_debug)
    return asyncio.run(serve(settings))
