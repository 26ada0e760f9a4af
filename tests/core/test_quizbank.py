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


# Four right answers of the docker course before its review, each next to its longest distractor: they gave
# themselves away by length. A product name a little longer than short words is not a give-away.
GIVE_AWAYS = [
    (
        "실행에 필요한 라이브러리, 바이너리, 구성 파일이 함께 패키지로 묶여 따라다니기 때문에",
        "하이퍼바이저가 물리 장치와 프로그램을 분리해 주기 때문에",
        True,
    ),
    (
        "게스트 OS마다 CPU, RAM 등 하드웨어의 가상 복제본을 모두 구동해야 하기 때문에",
        "유니온 파일 시스템으로 임시 파일을 계속 만들기 때문에",
        True,
    ),
    (
        "실행에 필요한 모든 라이브러리와 바이너리 파일 등이 패키지화되어 있기 때문에",
        "VM을 먼저 띄운 뒤 그 안에서 실행되기 때문에",
        True,
    ),
    (
        "애플리케이션과 그 실행에 필요한 모든 것을 포함하는 가벼운, 실행 가능한 패키지",
        "컨테이너 이미지를 빌드하기 위한 텍스트 기반의 스크립트",
        True,
    ),
    ("VMware WorkStation", "유니온 파일 시스템", False),
    (
        "실행에 필요한 라이브러리와 파일이 함께 묶여 다니기 때문에",
        "하이퍼바이저가 물리 장치와 프로그램을 분리하기 때문에",
        False,
    ),
]


@pytest.mark.parametrize(("answer", "longest_other", "flagged"), GIVE_AWAYS)
def test_a_right_choice_much_longer_than_the_others_is_a_warning(
    tmp_path: Path, answer: str, longest_other: str, flagged: bool
) -> None:
    from bot.core.loader import load_course
    from tests.coursekit import write_course

    quiz = (
        "questions:\n"
        '  - id: "long-answer"\n    concept: "이미지"\n    type: "choice"\n    prompt: "알맞은 것은?"\n'
        f'    choices: ["{longest_other}", "{answer}", "짧은 보기"]\n    answer: "{answer}"\n'
        '    explanation: "이유가 있어요."\n'
    )
    load = load_course(write_course(tmp_path, quiz))
    assert load.errors == [] and load.course is not None  # a warning: the course still runs
    found = [w for w in load.warnings if w.item == "long-answer"]
    assert bool(found) is flagged, [str(w) for w in load.warnings]
    if flagged:
        assert str(found[0]).startswith("mini/quiz.yaml:2 [long-answer]: 정답 보기가")
        assert "길이만 보고 고를 수 있습니다" in str(found[0])
