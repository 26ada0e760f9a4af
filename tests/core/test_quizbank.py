"""The quiz bank validator: one broken fixture per error kind, each naming file, question id and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.course import QuestionType
from bot.core.loader import load_course
from bot.core.quizbank import load_quiz_bank
from tests.coursekit import write_course

CONCEPTS = {"컨테이너", "이미지"}


def one(body: str) -> str:
    return "questions:\n" + body


BROKEN = {
    "duplicate-id": (
        one(
            '  - {id: "q1", concept: "컨테이너", type: "truefalse", prompt: "참?", answer: true, explanation: "설명"}\n'
            '  - {id: "q1", concept: "이미지", type: "truefalse", prompt: "거짓?", answer: false, explanation: "설명"}\n'
        ),
        "q1",
        3,
        "id가 중복됩니다",
    ),
    "unknown-concept": (
        one('  - {id: "q2", concept: "볼륨", type: "truefalse", prompt: "p", answer: true, explanation: "e"}\n'),
        "q2",
        2,
        "알 수 없는 개념 '볼륨'",
    ),
    "answer-not-in-choices": (
        one(
            '  - id: "q3"\n    concept: "이미지"\n    type: "choice"\n    prompt: "p"\n'
            '    choices: ["가", "나"]\n    answer: "다"\n    explanation: "e"\n'
        ),
        "q3",
        7,
        "정답 '다'가 보기 중에 없습니다",
    ),
    "too-few-choices": (
        one(
            '  - id: "q4"\n    concept: "이미지"\n    type: "choice"\n    prompt: "p"\n'
            '    choices: ["가"]\n    answer: "가"\n    explanation: "e"\n'
        ),
        "q4",
        6,
        "보기가 1개입니다. 2~5개여야 합니다",
    ),
    "too-many-choices": (
        one(
            '  - id: "q5"\n    concept: "이미지"\n    type: "choice"\n    prompt: "p"\n'
            '    choices: ["1", "2", "3", "4", "5", "6"]\n    answer: "1"\n    explanation: "e"\n'
        ),
        "q5",
        6,
        "보기가 6개입니다",
    ),
    "long-choice-label": (
        one(
            '  - id: "q6"\n    concept: "이미지"\n    type: "choice"\n    prompt: "p"\n'
            f'    choices: ["{"가" * 81}", "나"]\n    answer: "나"\n    explanation: "e"\n'
        ),
        "q6",
        6,
        "81자입니다. 80자 이내여야 합니다",
    ),
    "long-prompt": (
        one(
            f'  - id: "q7"\n    concept: "이미지"\n    type: "truefalse"\n    prompt: "{"가" * 1001}"\n'
            '    answer: true\n    explanation: "e"\n'
        ),
        "q7",
        5,
        "문제 글이 1001자입니다",
    ),
    "unquoted-boolean": (
        one(
            '  - id: "q8"\n    concept: "이미지"\n    type: "choice"\n    prompt: "p"\n'
            '    choices: [yes, "no"]\n    answer: "no"\n    explanation: "e"\n'
        ),
        "q8",
        6,
        "따옴표 없는 'yes'",
    ),
    "empty-explanation": (
        one('  - {id: "q9", concept: "이미지", type: "truefalse", prompt: "p", answer: true, explanation: ""}\n'),
        "q9",
        2,
        "'explanation'가 비어 있습니다",
    ),
    "unknown-type": (
        one('  - {id: "q10", concept: "이미지", type: "essay", prompt: "p", answer: "x", explanation: "e"}\n'),
        "q10",
        2,
        "알 수 없는 문제 유형 'essay'",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_error_kind_names_file_id_and_line(kind: str) -> None:
    text, qid, line, message = BROKEN[kind]
    questions, errors = load_quiz_bank(text, "mini/quiz.yaml", CONCEPTS)
    assert errors, kind
    rendered = [str(e) for e in errors]
    expected_prefix = f"mini/quiz.yaml:{line} [{qid}]: "
    assert any(r.startswith(expected_prefix) and message in r for r in rendered), rendered
    assert qid not in {q.id for q in questions if kind != "duplicate-id"}


def test_all_errors_are_reported_at_once() -> None:
    text = "".join(BROKEN[k][0].removeprefix("questions:\n") for k in sorted(BROKEN) if k != "duplicate-id")
    _, errors = load_quiz_bank("questions:\n" + text, "quiz.yaml", CONCEPTS)
    ids = {e.item for e in errors}
    assert {"q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"} <= ids


def test_yaml_syntax_error_names_the_line() -> None:
    _, errors = load_quiz_bank('questions:\n  - id: "q1"\n    prompt: [unclosed\n', "quiz.yaml", CONCEPTS)
    assert len(errors) == 1
    assert str(errors[0]).startswith("quiz.yaml:") and "YAML 문법 오류" in str(errors[0])
    assert errors[0].line >= 3


def test_missing_questions_list_is_one_clear_error() -> None:
    _, errors = load_quiz_bank("items: []\n", "quiz.yaml", CONCEPTS)
    assert [str(e) for e in errors] == ["quiz.yaml:1: 최상위에 'questions:' 목록이 있어야 합니다"]


def test_truefalse_answer_must_be_a_boolean_and_unquoted_no_is_flagged() -> None:
    text = one('  - {id: "tf", concept: "이미지", type: "truefalse", prompt: "p", answer: no, explanation: "e"}\n')
    questions, errors = load_quiz_bank(text, "quiz.yaml", CONCEPTS)
    assert questions == []
    assert any("따옴표 없는 'no'" in str(e) and "[tf]" in str(e) for e in errors)


def test_good_bank_loads_every_type(tmp_path: Path) -> None:
    load = load_course(write_course(tmp_path))
    assert load.errors == []
    assert load.course is not None
    handwritten = [q for q in load.course.questions if not q.generated]
    assert [(q.id, q.type) for q in handwritten] == [
        ("shares-kernel", QuestionType.TRUEFALSE),
        ("image-readonly", QuestionType.CHOICE),
        ("container-term", QuestionType.SHORT),
    ]
    assert handwritten[0].answer is True


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_studybot_check_fails_naming_each_broken_fixture(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    text, qid, line, message = BROKEN[kind]
    write_course(tmp_path, text)
    assert main(["check", "--content", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "✗ mini: 오류" in out
    assert any(
        row.strip().startswith(f"- mini/quiz.yaml:{line} [{qid}]: ") and message in row for row in out.splitlines()
    ), out


def test_a_plain_true_where_text_is_expected_is_an_error_not_a_silent_drop() -> None:
    text = one(
        '  - {id: "q11", concept: "이미지", type: "short", prompt: "p", answer: true, explanation: "e"}\n'
        '  - {id: "q12", concept: "이미지", type: "truefalse", prompt: false, answer: true, explanation: "e"}\n'
    )
    questions, errors = load_quiz_bank(text, "quiz.yaml", CONCEPTS)
    assert questions == []
    rendered = [str(e) for e in errors]
    assert "quiz.yaml:2 [q11]: 'answer'는 글자여야 합니다. true/false 를 글자로 쓰려면 따옴표로 감싸 주세요" in rendered
    assert any(r.startswith("quiz.yaml:3 [q12]: 'prompt'는 글자여야 합니다") for r in rendered)


def test_an_unquoted_yes_is_reported_once() -> None:
    text = one('  - {id: "q13", concept: "이미지", type: "short", prompt: "p", answer: yes, explanation: "e"}\n')
    _, errors = load_quiz_bank(text, "quiz.yaml", CONCEPTS)
    assert [str(e) for e in errors if "q13" in str(e)] == [
        "quiz.yaml:2 [q13]: 따옴표 없는 'yes'는 YAML에서 True(참/거짓)로 읽힙니다. 글자 그대로라면 \"yes\"처럼 따옴표로 감싸 주세요"
    ]
