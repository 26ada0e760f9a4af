"""`studybot preview`: the post of day N as a member would read it. Needs no token and no database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.console.render import render_reply
from bot.console.repl import terminal_width
from bot.console.terminal import Style
from bot.core.loader import CourseNotFound, load_named_course
from bot.services.concept_posts import concept_messages


def register(verbs: Any) -> None:
    parser = verbs.add_parser("preview", help="N일째 게시글을 미리 봅니다")
    parser.add_argument("--course", default=None, help="코스 id (기본: STUDYBOT_COURSE, 없으면 docker-basics)")
    parser.add_argument("--day", type=int, default=1, help="몇째 날의 글인지 (1부터)")
    parser.add_argument(
        "--content", type=Path, default=None, help="코스 폴더들이 있는 폴더 (기본: STUDYBOT_CONTENT, 없으면 내장 코스)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.content is not None and not args.content.is_dir():
        print(
            f"✗ 코스 폴더 {args.content} 가 없습니다. --content 로 코스들이 있는 폴더를 알려 주세요.", file=sys.stderr
        )
        return 1
    settings = Settings.from_env_and_flags(content=args.content, course=args.course)
    try:
        load = load_named_course(settings.content_dir, settings.course_id)
    except CourseNotFound as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    if load.course is None:
        print(f"✗ 코스 '{settings.course_id}'에 오류가 있습니다. `studybot check` 로 확인하세요.", file=sys.stderr)
        for error in load.errors[:10]:
            print(f"  - {error}", file=sys.stderr)
        return 1
    course = load.course
    concept = course.concept_for_day(args.day)
    if concept is None:
        print(f"✗ {args.day}일째 글이 없습니다. 이 코스는 1~{len(course.concepts)}일째까지 있습니다.", file=sys.stderr)
        return 1
    style = Style.for_stream(sys.stdout)
    for message in concept_messages(course, concept, heading=f"📚 {args.day}일째 개념"):
        print(render_reply(message, width=terminal_width(sys.stdout), style=style, course_folder=Path(course.folder)))
    return 0
