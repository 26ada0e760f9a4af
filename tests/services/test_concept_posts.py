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


def test_the_course_summary_and_notes_close_the_post_under_a_breadcrumb_from_the_course_title(tmp_path: Path) -> None:
    from tests.coursekit import COURSE

    extras = (
        'concepts:\n  "이미지":\n    summary: "이미지는 읽기 전용 패키지예요."\n'
        '    notes:\n      - "이미지는 레이어를 쌓은 것이에요."\n      - "태그로 버전을 구분해요."\n'
    )
    folder = write_course(tmp_path, course=COURSE + extras)
    course = load_course(folder).course
    assert course is not None
    with_extras, without = course.concepts[1], course.concepts[0]
    (post,) = concept_messages(course, with_extras, heading="📚 2일째 개념")
    assert post.body.startswith("🧭 작은 코스\n\n")  # the course title, not the document's "작은 문서"
    assert [(f.name, f.value) for f in post.fields[:2]] == [
        ("🔑 한 줄 요약", "이미지는 읽기 전용 패키지예요."),
        ("📌 보충", "• 이미지는 레이어를 쌓은 것이에요.\n• 태그로 버전을 구분해요."),
    ]
    (plain,) = concept_messages(course, without)
    assert [f.name for f in plain.fields] == ["📝 퀴즈 맛보기"]  # no summary written: none shown, not a cut


def test_long_notes_a_long_teaser_and_a_long_body_fit_every_embed_without_cutting_a_sentence(tmp_path: Path) -> None:
    from bot.services.reply import EMBED_TOTAL_LIMIT
    from tests.coursekit import COURSE, GOOD_QUIZ

    notes = "".join(f'      - "{"보충 설명이에요. " * 14}{n}"\n' for n in range(5))
    long_prompt = "아주 긴 문제예요. " * 90
    quiz = GOOD_QUIZ.replace("컨테이너는 호스트 OS 커널을 공유한다.", long_prompt.strip(), 1)
    folder = write_course(tmp_path, quiz, course=COURSE + f'concepts:\n  "컨테이너":\n    notes:\n{notes}')
    sentence = "컨테이너는 호스트 OS의 커널을 공유하는 구조이다. "
    body = (sentence * 139).strip()  # one embed on its own, too much together with the closing fields
    text = DOCUMENT.replace("컨테이너는 호스트 OS 커널을 공유한다. 가볍고 빠르다.", body)
    (folder / "document.md").write_text(text, encoding="utf-8")
    course = load_course(folder).course
    assert course is not None
    concept = course.concepts[0]
    assert len(concept.parts) == 1 and len(concept.body) > 3900
    messages = concept_messages(course, concept, heading="📚 1일째 개념")
    assert len(messages) == 2  # split at a sentence end rather than cut by the embed total
    for m in messages:
        size = (
            len(m.title or "") + len(m.body) + len(m.footer or "") + sum(len(f.name) + len(f.value) for f in m.fields)
        )
        assert size <= EMBED_TOTAL_LIMIT
        assert m.body.endswith(("이다.", "빠르다.", "플랫폼.")) or m.body.endswith("이다"), m.body[-20:]
    assert [f.name for f in messages[-1].fields] == ["📌 보충", "📝 퀴즈 맛보기"]
    assert messages[-1].fields[0].value.count("• ") == 5
