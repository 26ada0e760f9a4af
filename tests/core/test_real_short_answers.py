"""Short answers as Korean learners type them, pinned on the shipped course's real questions.

Each row is (question id, what a member typed, accepted?). The accepted rows are what a member who
knows the term writes: the term with its translation in brackets in either order, 수준 for 레벨, the
particle 의 between words. The refused rows are related but different words, or a bracket that
contradicts the answer: there is no fuzzy matching.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answers import AliasTable, judge
from bot.core.course import Course, QuestionType
from bot.core.loader import load_course

CONTENT = Path(__file__).resolve().parents[2] / "content"

ROWS = [
    # hypervisor-term: "… 무엇이라고 할까요? (한 단어로)"
    ("hypervisor-term", "하이퍼바이저", True),
    ("hypervisor-term", "하이퍼바이저(Hypervisor)", True),
    ("hypervisor-term", "Hypervisor(하이퍼바이저)", True),
    ("hypervisor-term", "하이퍼바이저 (hypervisor).", True),
    ("hypervisor-term", "하이퍼바이저［Hypervisor］", True),
    ("hypervisor-term", "VMM(가상 머신 모니터)", True),
    ("hypervisor-term", "하이퍼바이저(VMware)", False),
    ("hypervisor-term", "하이퍼바이저(가상 머신)", False),
    ("hypervisor-term", "가상 머신", False),
    ("hypervisor-term", "하이퍼바이져", False),
    # instance-term: "실행 가능한 이미지의 '○○○○'"
    ("instance-term", "인스턴스(instance)", True),
    ("instance-term", "Instance (인스턴스)", True),
    ("instance-term", "인스턴스(image)", False),
    ("instance-term", "객체", False),
    # os-level-virtualization: "('○○ 레벨 가상화' 형태로)"
    ("os-level-virtualization", "OS 레벨 가상화", True),
    ("os-level-virtualization", "OS 수준의 가상화", True),
    ("os-level-virtualization", "OS 레벨의 가상화", True),
    ("os-level-virtualization", "운영체제 수준 가상화", True),
    ("os-level-virtualization", "운영 체제 레벨의 가상화", True),
    ("os-level-virtualization", "OS 가상화", True),
    ("os-level-virtualization", "OS 레벨 가상화(OS-level virtualization)", True),
    ("os-level-virtualization", "OS-level virtualization(OS 레벨 가상화)", True),
    ("os-level-virtualization", "OS 수준", True),
    ("os-level-virtualization", "하드웨어 레벨 가상화", False),
    ("os-level-virtualization", "OS 레벨 가상화(하드웨어)", False),
    ("os-level-virtualization", "커널 레벨 가상화", False),
    # hardware-level-virtualization: "('○○○○ 레벨' 형태로)"
    ("hardware-level-virtualization", "하드웨어 레벨", True),
    ("hardware-level-virtualization", "하드웨어 수준", True),
    ("hardware-level-virtualization", "하드웨어 가상화", True),
    ("hardware-level-virtualization", "하드웨어 수준의 가상화", True),
    ("hardware-level-virtualization", "하드웨어 레벨의 가상화", True),
    ("hardware-level-virtualization", "하드웨어 레벨(Hardware level)", True),
    ("hardware-level-virtualization", "OS 레벨", False),
    ("hardware-level-virtualization", "소프트웨어 레벨", False),
    ("hardware-level-virtualization", "하드웨어 레벨(OS 레벨)", False),
    # shared-kernel-term: "호스트 OS의 무엇을 함께 쓰는 구조 …? (한 단어로)"
    ("shared-kernel-term", "커널", True),
    ("shared-kernel-term", "커널(kernel)", True),
    ("shared-kernel-term", "Kernel(커널)", True),
    ("shared-kernel-term", "호스트 OS의 커널", True),
    ("shared-kernel-term", "호스트 운영체제의 커널", True),
    ("shared-kernel-term", "OS 커널", True),
    ("shared-kernel-term", "OS", False),
    ("shared-kernel-term", "게스트 OS의 커널", False),
    ("shared-kernel-term", "커널(메모리)", False),
    ("shared-kernel-term", "메모리", False),
    # vm-boots-guest-os: the prompt names 운영체제 already; the answer is the kind, 게스트
    ("vm-boots-guest-os", "게스트 OS", True),
    ("vm-boots-guest-os", "게스트 운영체제", True),
    ("vm-boots-guest-os", "게스트 OS(Guest OS)", True),
    ("vm-boots-guest-os", "Guest Operating System", True),
    ("vm-boots-guest-os", "운영체제", False),
    ("vm-boots-guest-os", "OS", False),
    ("vm-boots-guest-os", "호스트 OS", False),
    ("vm-boots-guest-os", "게스트 OS(호스트 OS)", False),
    ("vm-boots-guest-os", "커널", False),
    ("vm-boots-guest-os", "게스트", True),  # the prompt contrasts it with 호스트 (quiz review)
    ("vm-boots-guest-os", "guest", True),
    ("vm-boots-guest-os", "호스트", False),
    # lower-load-than-vm: no format hint any more
    ("lower-load-than-vm", "가상 머신", True),
    ("lower-load-than-vm", "VM", True),
    ("lower-load-than-vm", "가상 머신(VM)", True),
    ("lower-load-than-vm", "VM(Virtual Machine)", True),
    ("lower-load-than-vm", "하이퍼바이저", False),
    ("lower-load-than-vm", "컨테이너", False),
    # the other short questions, with the usual bracket forms
    ("overlay-network-term", "오버레이 네트워크(Overlay Network)", True),
    ("overlay-network-term", "오버레이 네트워크(Docker Network)", False),
    ("overlay-network-term", "overlay 네트워크", True),  # mixed script, via the 네트워크/network group
    ("overlay-network-term", "오버레이 network", True),
    ("overlay-network-term", "브리지 네트워크", False),
    ("overlay-network-term", "브리지 네트워크", False),
    ("dockerfile-term", "도커 파일(Dockerfile)", True),
    ("dockerfile-term", "Dockerfile", True),
    ("dockerfile-term", "docker file", True),
    ("dockerfile-term", "도커 이미지", False),
    ("docker-registry-term", "도커 레지스트리(Docker Registry)", True),
    ("docker-registry-term", "레지스트리(registry)", True),
    ("docker-registry-term", "도커 허브(Docker Hub)", True),
    ("docker-registry-term", "도커 레지스트리(도커 이미지)", False),
    ("docker-registry-term", "저장소", False),
    ("built-from-dockerfile-term", "도커 이미지(Docker Image)", True),
    ("built-from-dockerfile-term", "이미지", True),
    ("built-from-dockerfile-term", "도커 이미지(Docker Container)", False),
    ("built-from-dockerfile-term", "도커 컨테이너", False),
]


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course(CONTENT / "docker-basics").course
    assert loaded is not None
    return loaded


@pytest.mark.parametrize(("question_id", "typed", "accepted"), ROWS)
def test_short_answer_as_members_type_it(course: Course, question_id: str, typed: str, accepted: bool) -> None:
    question = course.question(question_id)
    assert question is not None and question.type is QuestionType.SHORT, question_id
    assert judge(question, typed, AliasTable.from_groups(course.alias_groups)) is accepted


def test_every_short_question_accepts_its_answer_with_its_translation_in_brackets(course: Course) -> None:
    """The form that was refused before: "한국어(English)" and "English(한국어)" for every short question
    whose aliases give a translation in Latin letters."""
    table = AliasTable.from_groups(course.alias_groups)
    shorts = [q for q in course.questions if q.type is QuestionType.SHORT]
    assert len(shorts) == 11
    checked = 0
    for question in shorts:
        assert isinstance(question.answer, str)
        latin = [a for a in question.aliases if a.isascii()]
        for alias in latin:
            for typed in (f"{question.answer}({alias})", f"{alias} ({question.answer})"):
                assert judge(question, typed, table), (question.id, typed)
                checked += 1
    assert checked >= 20
