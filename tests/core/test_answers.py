"""Short-answer checking: Korean-aware, alias-aware, never fuzzy."""

from __future__ import annotations

import unicodedata

import pytest

from bot.core.answers import MAX_ANSWER_LENGTH, AliasTable, is_correct_short

TABLE = AliasTable.from_groups(
    [["컨테이너", "container"], ["도커", "Docker"], ["하이퍼바이저", "hypervisor"], ["이미지", "image"]]
)

CASES = [
    # (typed, expected, question aliases, accepted?)
    ("하이퍼바이저", "하이퍼바이저", [], True),
    ("hypervisor", "하이퍼바이저", [], True),
    ("HyperVisor", "하이퍼바이저", [], True),
    ("하이퍼 바이저", "하이퍼바이저", [], True),
    (" 하이퍼바이저. ", "하이퍼바이저", [], True),
    (unicodedata.normalize("NFD", "하이퍼바이저"), "하이퍼바이저", [], True),
    ("docker image", "도커 이미지", [], True),
    ("도커이미지", "도커 이미지", [], True),
    ("Docker 컨테이너", "도커 컨테이너", [], True),
    ("Dockerfile", "도커 파일", ["Dockerfile", "도커파일"], True),
    ("리눅스 컨테이너", "LXC", ["Linux Container", "리눅스 컨테이너"], True),
    ("lxc", "LXC", [], True),
    # near misses are wrong
    ("하이퍼바이져", "하이퍼바이저", [], False),
    ("도커 이미지들", "도커 이미지", [], False),
    ("컨테이너", "컨테이너 기술", [], False),
    ("이미지", "도커 이미지", [], False),
    ("containerd", "컨테이너", [], False),
    ("LXD", "LXC", [], False),
    ("", "컨테이너", [], False),
    ("   ", "컨테이너", [], False),
    ("?!", "컨테이너", [], False),
    ("C", "C++", [], False),
    ("C", "C#", [], False),
    ("c++", "C++", [], True),
    ("15", "1.5", [], False),
    ("1.5", "1.5", [], True),
    # a term with its translation in brackets, either order; both halves must be right
    ("하이퍼바이저(Hypervisor)", "하이퍼바이저", [], True),
    ("Hypervisor (하이퍼바이저)", "하이퍼바이저", [], True),
    ("인스턴스(instance)", "인스턴스", ["instance"], True),
    ("인스턴스(instance)", "인스턴스", [], False),  # without the alias, "instance" is not known to be right
    ("하이퍼바이저(VMware)", "하이퍼바이저", [], False),
    ("하이퍼바이저(", "하이퍼바이저", [], True),  # a stray bracket is punctuation
    ("(하이퍼바이저)", "하이퍼바이저", [], True),
    ("도커 이미지(Docker Image)", "도커 이미지", [], True),
    ("도커 이미지(Docker)", "도커 이미지", [], False),
    # the particle 의 between words; a word that merely ends in 의 is still only itself
    ("호스트 OS의 커널", "호스트 OS 커널", [], True),
    ("도커의 이미지", "도커 이미지", [], True),
    ("이미지의 레이어", "이미지 레이어", [], True),
    ("정 파일", "정의 파일", [], False),  # 정의 is a word: a two-letter word keeps its 의
    ("회 자료", "회의 자료", [], False),
    ("정", "정의", [], False),
    ("커널", "커널의", [], False),  # the last word keeps its 의
    ("회의실", "회실", [], False),
]


@pytest.mark.parametrize(("typed", "expected", "aliases", "accepted"), CASES)
def test_short_answer_table(typed: str, expected: str, aliases: list[str], accepted: bool) -> None:
    assert is_correct_short(typed, expected, aliases, TABLE) is accepted


def test_an_answer_longer_than_the_limit_is_refused_even_if_it_contains_the_answer() -> None:
    assert not is_correct_short("컨테이너" + " " * MAX_ANSWER_LENGTH, "컨테이너", [], TABLE)


def test_without_the_course_table_english_is_not_accepted_for_korean() -> None:
    assert not is_correct_short("hypervisor", "하이퍼바이저", [])


def test_judge_each_question_type() -> None:
    from bot.core.answers import judge
    from bot.core.course import Question, QuestionType

    choice = Question("c", "k", QuestionType.CHOICE, "p", "LXC", "e", choices=("LXC", "VM"))
    assert judge(choice, "LXC") and judge(choice, " LXC ") and not judge(choice, "VM") and not judge(choice, "lxc?")
    false_statement = Question("t", "k", QuestionType.TRUEFALSE, "p", False, "e")
    for given, expected in [
        ("false", True),
        ("X", True),
        ("거짓", True),
        ("true", False),
        ("O", False),
        ("몰라", False),
    ]:
        assert judge(false_statement, given) is expected, given
    short = Question("s", "k", QuestionType.SHORT, "p", "하이퍼바이저", "e", aliases=("VMM",))
    assert judge(short, "hypervisor", TABLE) and judge(short, "vmm", TABLE) and not judge(short, "VM", TABLE)


@pytest.mark.parametrize(
    ("word", "pair", "expected"),
    [
        ("[실전 미션] 도커 설치하기", "은/는", "[실전 미션] 도커 설치하기는"),
        ("'볼륨'", "은/는", "'볼륨'은"),
        ("미션", "이/가", "미션이"),
        ("도커", "이/가", "도커가"),
        ("서울", "으로/로", "서울로"),
        ("집", "으로/로", "집으로"),
        ("3", "을/를", "3을"),
        ("'year'", "은/는", "'year'은(는)"),
    ],
)
def test_particles_follow_the_last_sound(word: str, pair: str, expected: str) -> None:
    from bot.core.text import josa

    assert josa(word, pair) == expected
