"""`studybot check`: load every course, validate it, print a summary; exit 1 listing every error."""

from __future__ import annotations

import argparse
import os
from collections import Counter
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.console.terminal import display_width
from bot.core.loader import CourseLoad, load_all


def register(verbs: Any) -> None:
    parser = verbs.add_parser("check", help="코스 내용(문서, 퀴즈, 미션)을 검사합니다")
    parser.add_argument(
        "--content", type=Path, default=None, help="코스 폴더들이 있는 폴더 (기본: STUDYBOT_CONTENT, 없으면 내장 코스)"
    )
    parser.add_argument(
        "--course", default=None, help="봇이 실행할 코스 id (기본: STUDYBOT_COURSE, 없으면 docker-basics)"
    )
    parser.add_argument(
        "--preflight",
        action="store_true",
        help="실행 전 점검: 설정, 토큰, 코스, 데이터베이스, 헬스 파일 (환경 변수 기준)",
    )
    parser.set_defaults(handler=run)


def is_running(load: CourseLoad, course_id: str) -> bool:
    """The course the bot runs: STUDYBOT_COURSE names its folder or its course.yaml id."""
    return load.folder.name == course_id or (load.course is not None and load.course.id == course_id)


def summary_lines(load: CourseLoad, running: bool = False) -> list[str]:
    course = load.course
    if course is None:
        return [f"✗ {load.folder.name}: 불러오지 못했습니다"]
    generated = sum(1 for q in course.questions if q.generated)
    handwritten = len(course.questions) - generated
    types = Counter(q.type.value for q in course.questions if not q.generated)
    skipped = f" (직접 쓴 문제와 겹쳐 뺀 {load.generated_skipped}개 제외)" if load.generated_skipped else ""
    lines = [
        f"✓ {course.id} — {course.title}" + (" (실행할 코스)" if running else ""),
        f"  개념 {len(course.concepts)}개 · 직접 쓴 문제 {handwritten}개"
        f" ({', '.join(f'{k} {v}' for k, v in sorted(types.items()))}) · 자동 생성 문제 {generated}개{skipped}"
        f" · 미션 {len(course.missions)}개",
    ]
    summarised = sum(1 for c in course.concepts if c.summary)
    noted = [c for c in course.concepts if c.notes]
    lines.append(
        f"  한 줄 요약 {summarised}/{len(course.concepts)}개 개념 · 보충(📌) {sum(len(c.notes) for c in noted)}개"
        f" ({len(noted)}개 개념)"
    )
    width = max((display_width(c.title) for c in course.concepts), default=0)
    for concept in course.concepts:
        own = course.questions_for(concept.id)
        made = sum(1 for q in own if q.generated)
        padding = " " * (width - display_width(concept.title))  # Hangul takes two cells: pad by cells
        marks = ("" if concept.summary else " · 요약 없음") + (f" · 보충 {len(concept.notes)}" if concept.notes else "")
        lines.append(
            f"  {concept.index + 1:>3}. {concept.title}{padding}  문제 {len(own) - made}+{made}{marks}  [{concept.id}]"
        )
    for mission in course.missions:
        rules = ", ".join(rule.label for rule in mission.evidence)
        lines.append(f"  미션 {mission.id}: {mission.title} (확인: {rules})")
    return lines


def run(args: argparse.Namespace) -> int:
    if args.preflight:
        from bot.cli.preflight import preflight, print_table  # needs the store; plain checks do not

        return print_table(preflight())
    if args.content is not None and not args.content.is_dir():
        print(f"✗ 코스 폴더 {args.content} 가 없습니다. --content 로 코스들이 있는 폴더를 알려 주세요.")
        return 1
    # The same settings as `studybot run`: STUDYBOT_CONTENT / STUDYBOT_COURSE, a flag wins over its variable.
    settings = Settings.from_env_and_flags(content=args.content, course=args.course)
    content_dir = settings.content_dir
    print(f"코스 폴더: {content_dir}")
    loads = load_all(content_dir)
    if not loads:
        print(f"✗ {content_dir} 에 course.yaml 이 있는 코스 폴더가 없습니다.")
        return 1
    failed = 0
    for load in loads:
        if load.errors:
            failed += 1
            print(f"✗ {load.folder.name}: 오류 {len(load.errors)}개")
            for error in load.errors:
                print(f"  - {error}")
        else:
            print("\n".join(summary_lines(load, is_running(load, settings.course_id))))
        for warning in load.warnings:
            print(f"  ! {warning}")
    print(f"\n코스 {len(loads)}개 검사: 통과 {len(loads) - failed}, 실패 {failed}")
    if not any(is_running(load, settings.course_id) for load in loads):
        known = ", ".join(load.folder.name for load in loads)
        if args.course is not None or os.environ.get("STUDYBOT_COURSE", "").strip():
            print(
                f"✗ 실행할 코스 '{settings.course_id}'가 {content_dir} 에 없습니다 (있는 코스: {known}). "
                "STUDYBOT_COURSE 나 --course 를 확인하세요."
            )
            return 1
        # An author checking their own folder has not chosen a course yet: a note, not a failure.
        print(
            f"! 기본 코스 '{settings.course_id}'는 이 폴더에 없어요. 봇을 실행할 때 STUDYBOT_COURSE 로 코스를 정하세요."
        )
    return 1 if failed else 0
