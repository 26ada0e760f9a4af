"""The `studybot` command line. Each verb lives in a module of its own and registers itself here."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot.cli import backup, check, console, export, health, preview, run
from bot.config import ConfigError

Handler = Callable[[argparse.Namespace], int]
VERBS = (run, check, preview, health, backup, export, console)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="studybot", description="스터디 그룹 디스코드 봇 studybot")
    verbs = parser.add_subparsers(dest="verb", metavar="명령")
    verbs.required = True
    for verb in VERBS:
        verb.register(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Korean text must print even where the terminal's locale is C/POSIX (as in slim containers).
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ConfigError as exc:
        print(f"설정 오류: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
