"""The bundled course is valid, and covers every concept as the study group needs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bot.core.answers import AliasTable, is_correct_short
from bot.core.course import QuestionType
from bot.core.evidence import check_evidence
from bot.core.loader import load_all, load_course

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_every_shipped_course_loads_without_errors() -> None:
    loads = load_all(CONTENT)
    assert loads, "no course found"
    for load in loads:
        assert load.errors == [], [str(e) for e in load.errors]
        assert load.warnings == [], [str(w) for w in load.warnings]


def test_docker_course_quiz_covers_every_concept_with_a_mix_of_types() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    handwritten = [q for q in course.questions if not q.generated]
    assert len(handwritten) >= 40
    per_concept = Counter(q.concept_id for q in handwritten)
    assert {c.id for c in course.concepts} == set(per_concept)
    assert min(per_concept.values()) >= 2
    types = Counter(q.type for q in handwritten)
    assert set(types) == set(QuestionType)
    for q in handwritten:
        assert 1 <= len([s for s in q.explanation.replace("?", ".").split(".") if s.strip()]) <= 4, q.id


def test_short_answers_accept_their_own_expected_answer_and_aliases() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    table = AliasTable.from_groups(course.alias_groups)
    for q in course.questions:
        if q.type is QuestionType.SHORT:
            assert isinstance(q.answer, str)
            for typed in (q.answer, *q.aliases):
                assert is_correct_short(typed, q.answer, q.aliases, table), (q.id, typed)


def test_mission_docker_install_is_data_with_two_evidence_rules() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    mission = course.mission("docker-install")
    assert mission is not None
    assert mission.title == "[실전 미션] 도커 설치하기"
    assert "docker --version" in mission.instructions and "docker run hello-world" in mission.instructions
    assert [r.id for r in mission.evidence] == ["version", "hello-world"]
    linux = (
        "Docker version 27.3.1, build ce12230\n\nHello from Docker!\n"
        "This message shows that your installation appears to be working correctly.\n"
    )
    assert check_evidence(mission, linux).passed
    only_greeting = check_evidence(mission, linux.split("\n", 2)[2])
    assert not only_greeting.passed
    assert [r.rule_id for r in only_greeting.missing] == ["version"]


# Answers a member might type that are related but not what the question asks for.
NEAR_MISSES = {
    "vm-boots-guest-os": ["호스트 OS", "OS", "운영체제", "커널"],
    "hypervisor-term": ["하이퍼", "VMware", "가상 머신"],
    "shared-kernel-term": ["OS", "게스트 OS 커널"],
}


def test_short_answers_refuse_related_but_different_answers() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    table = AliasTable.from_groups(course.alias_groups)
    for qid, typed_answers in NEAR_MISSES.items():
        question = course.question(qid)
        assert question is not None and isinstance(question.answer, str), qid
        for typed in typed_answers:
            assert not is_correct_short(typed, question.answer, question.aliases, table), (qid, typed)


def test_evidence_over_the_size_cap_is_not_searched_at_all() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    mission = course.mission("docker-install")
    assert mission is not None
    huge = "Docker version 27.3.1, build ce12230\n" + "x" * 5000
    result = check_evidence(mission, huge)
    assert result.too_long and not result.passed and result.results == ()
