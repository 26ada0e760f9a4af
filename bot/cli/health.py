"""`studybot health`: exit 0 when the running bot's heartbeat is fresh, else 1 with the reason."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from bot.health import read_health


def register(verbs: Any) -> None:
    parser = verbs.add_parser("health", help="실행 중인 봇이 연결되어 있는지 확인합니다 (컨테이너 healthcheck)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Only the heartbeat path is needed: a health probe must not fail on unrelated settings.
    path = Path(os.environ.get("STUDYBOT_HEALTH_FILE", "").strip() or "/tmp/studybot.health")
    verdict = read_health(path)
    print(verdict.reason)
    return 0 if verdict.healthy else 1
