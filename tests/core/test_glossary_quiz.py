"""Questions generated from the glossary: stable ids, the term among the choices, other terms as distractors."""

from __future__ import annotations

from pathlib import Path

from bot.core.document import parse_document
from bot.core.glossary_quiz import generate_glossary_questions

DOCUMENT = Path(__file__).resolve().parents[2] / "content" / "docker-basics" / "document.md"


def generated() -> list:  # type: ignore[type-arg]
    doc = parse_document(DOCUMENT.read_text(encoding="utf-8"))
    glossary = tuple((c, t) for c in doc.concepts for t in c.glossary)
    return generate_glossary_questions(glossary)


def test_every_glossary_term_yields_one_choice_question() -> None:
    questions = generated()
    assert sorted(q.answer for q in questions) == [
        "바이너리",
        "오버레이 네트워크",
        "유니온 파일 시스템",
        "하이퍼바이저",
    ]
    for q in questions:
        assert q.answer in q.choices
        assert len(set(q.choices)) == len(q.choices) == 4
        assert q.generated and q.id.startswith("gen-")
        assert q.prompt.startswith("다음 설명에 해당하는 용어는 무엇일까요?")


def test_generated_ids_and_choice_order_are_stable_across_runs() -> None:
    first, second = generated(), generated()
    assert [(q.id, q.choices) for q in first] == [(q.id, q.choices) for q in second]


def test_definition_is_in_the_prompt_but_the_term_is_not() -> None:
    by_term = {q.answer: q for q in generated()}
    assert "> 물리 네트워크 위에 생성한 가상 네트워크" in by_term["오버레이 네트워크"].prompt
    for term, q in by_term.items():
        assert str(term) not in q.prompt


def test_a_single_term_gives_no_question() -> None:
    doc = parse_document("## 하나\n__용어__\n\n뜻이다.\n")
    assert generate_glossary_questions(tuple((c, t) for c in doc.concepts for t in c.glossary)) == []


def test_a_term_a_handwritten_question_already_asks_is_not_generated_again(tmp_path: Path) -> None:
    from bot.core.loader import load_course
    from tests.coursekit import GOOD_QUIZ, write_course

    term_question = (
        '  - id: "hypervisor-term"\n    concept: "컨테이너"\n    type: "short"\n'
        '    prompt: "게스트 OS를 물리 장치에서 분리하는 플랫폼은?"\n    answer: "Hypervisor"\n'
        '    aliases: ["하이퍼바이저"]\n    explanation: "하이퍼바이저가 답이다."\n'
    )
    load = load_course(write_course(tmp_path, GOOD_QUIZ + term_question))
    assert load.course is not None
    generated = [q.answer for q in load.course.questions if q.generated]
    assert sorted(generated) == ["레지스트리", "이미지"]
    assert load.generated_skipped == 1
