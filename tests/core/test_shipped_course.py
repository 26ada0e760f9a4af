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
    # what the mission post must tell: the check is honour-based and reviewable, and the Linux permission fix
    assert "자기 신고 방식" in mission.instructions and "운영진이 제출한 내용을 다시 보고" in mission.instructions
    assert "permission denied" in mission.instructions
    assert "`sudo`" in mission.instructions and "`docker` 그룹" in mission.instructions
    assert "/mission" not in mission.instructions  # the post and the info reply name the command themselves
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
    "vm-boots-guest-os": ["호스트 OS", "OS", "운영체제", "커널", "가상 머신"],
    "hypervisor-term": ["하이퍼", "VMware", "가상 머신", "VMware Workstation"],
    "shared-kernel-term": ["OS", "게스트 OS 커널", "메모리", "네임스페이스"],
    "lower-load-than-vm": ["하이퍼바이저", "컨테이너", "게스트 OS"],
    "os-level-virtualization": ["하드웨어 레벨", "커널", "컨테이너"],
    "hardware-level-virtualization": ["OS 레벨", "소프트웨어", "하이퍼바이저"],
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


# Understanding and application: at least one scenario per concept, not the recall of one sentence.
APPLICATION = {
    "컨테이너 기술이란 무엇입니까?": "scenario-works-on-my-laptop",
    "컨테이너의 개념 및 구조": "scenario-kernel-count",
    "경량화": "scenario-scale-out-fast",
    "컴퓨팅 자원": "scenario-laptop-three-services",
    "구동 방식": "scenario-run-colleague-app",
    "안정성": "scenario-untrusted-tenants",
    "도커란 무엇입니까?": "scenario-edit-file-in-container",
    "도커 파일": "scenario-team-dockerfile",
    "도커 이미지": "scenario-patch-image",
    "도커 컨테이너": "scenario-three-containers-one-image",
    "관계": "scenario-dockerfile-changed",
}


def test_every_concept_has_an_application_question() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    assert {c.title for c in course.concepts} == set(APPLICATION)
    for concept in course.concepts:
        question = course.question(APPLICATION[concept.title])
        assert question is not None and question.concept_id == concept.id, concept.title


def test_questions_read_at_one_politeness_level_with_one_spelling() -> None:
    """해요체 throughout (no 습니다 / 한다 endings), and one spelling of the words the review flagged."""
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    for q in course.questions:
        texts = [q.prompt, q.explanation, *q.choices]
        for text in texts:
            assert "습니다" not in text and not text.rstrip().endswith(("다.", "다")), (q.id, text)
            for wrong in ("운영 체제", "마이크로 서비스", "어플리케이션", "읽기전용"):
                assert wrong not in text, (q.id, wrong)


def test_no_question_teaches_the_documents_errors() -> None:
    course = load_course(CONTENT / "docker-basics").course
    assert course is not None
    everything = " ".join(" ".join((q.prompt, q.explanation, *q.choices, str(q.answer))) for q in course.questions)
    assert "시초" not in everything.replace("시초처럼 소개되곤", "")  # LXC is not where containers began
    assert "임시 파일" not in everything  # the union file system is copy-on-write over read-only layers
    lxc = course.question("lxc-origin")
    assert lxc is not None and "chroot" in str(lxc.answer)
