"""A concept as members read it: long concepts split into several embeds, none over the limit."""

from __future__ import annotations

from pathlib import Path

from bot.core.loader import load_course
from bot.services.concept_posts import concept_messages
from bot.services.reply import BODY_LIMIT
from tests.coursekit import DOCUMENT, write_course


def test_a_long_concept_is_split_with_the_breadcrumb_and_no_sentence_cut(tmp_path: Path) -> None:
    folder = write_course(tmp_path)
    sentence = "컨테이너는 호스트 OS의 커널을 공유하는 구조이다. "
    long_body = (sentence * 300).strip()  # one paragraph: the parser's first part fills the embed exactly
    text = DOCUMENT.replace("컨테이너는 호스트 OS 커널을 공유한다. 가볍고 빠르다.", long_body)
    (folder / "document.md").write_text(text, encoding="utf-8")
    course = load_course(folder).course
    assert course is not None
    concept = course.concepts[0]
    assert len(concept.parts[0]) + len("🧭 작은 코스\n\n") > BODY_LIMIT  # so the breadcrumb forces a re-split
    messages = concept_messages(course, concept, heading="📚 1일째 개념")
    assert len(messages) >= 2
    assert messages[0].body.startswith("🧭 작은 코스\n\n")
    assert all(len(m.body) <= BODY_LIMIT for m in messages)
    assert all(m.body.endswith("이다.") for m in messages[:-1])
    assert messages[-1].body.endswith("게스트 OS를 물리 장치에서 분리하는 플랫폼.")
    assert [m.title for m in messages[1:]] == [
        f"📚 1일째 개념 · 컨테이너 ({n}/{len(messages)})" for n in range(2, len(messages) + 1)
    ]
    assert [f.name for f in messages[-1].fields] == ["📝 퀴즈 맛보기"]  # the mini course has no summary
    assert all(m.fields == () for m in messages[:-1])
