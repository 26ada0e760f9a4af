"""Build small course folders on disk for tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

DOCUMENT = """\
# 작은 문서

## 컨테이너
컨테이너는 호스트 OS 커널을 공유한다. 가볍고 빠르다.

__하이퍼바이저__

게스트 OS를 물리 장치에서 분리하는 플랫폼.

## 이미지
- 이미지 : 읽기 전용 패키지
- 레지스트리 : 이미지를 저장하고 공유하는 곳

### [실전 미션] 설치하기
"""

COURSE = """\
id: "mini"
title: "작은 코스"
language: "ko"
document: "document.md"
quiz: ["quiz.yaml"]
aliases:
  - ["컨테이너", "container"]
missions:
  - id: "install"
    title: "[실전 미션] 설치하기"
    section: "[실전 미션] 설치하기"
    instructions: "설치하고 출력을 붙여 넣으세요."
    evidence:
      - id: "version"
        label: "버전"
        pattern: 'Docker version \\d+\\.\\d+\\.\\d+'
        hint: "docker --version 출력을 붙여 넣으세요"
"""

GOOD_QUIZ = """\
questions:
  - id: "shares-kernel"
    concept: "컨테이너"
    type: "truefalse"
    prompt: "컨테이너는 호스트 OS 커널을 공유한다."
    answer: true
    explanation: "컨테이너는 게스트 OS 없이 호스트 커널을 함께 쓴다."
  - id: "image-readonly"
    concept: "이미지"
    type: "choice"
    prompt: "이미지의 성질은?"
    choices: ["읽기 전용", "쓰기 가능"]
    answer: "읽기 전용"
    explanation: "이미지는 만들어진 뒤 바꿀 수 없다."
  - id: "container-term"
    concept: "컨테이너"
    type: "short"
    prompt: "호스트 커널을 공유하는 격리된 실행 환경을 한 단어로?"
    answer: "컨테이너"
    explanation: "컨테이너가 답이다."
"""


def write_course(root: Path, quiz: str = GOOD_QUIZ, *, folder: str = "mini", course: str = COURSE) -> Path:
    path = root / folder
    path.mkdir(parents=True, exist_ok=True)
    (path / "document.md").write_text(DOCUMENT, encoding="utf-8")
    (path / "course.yaml").write_text(course, encoding="utf-8")
    (path / "quiz.yaml").write_text(textwrap.dedent(quiz), encoding="utf-8")
    return path
