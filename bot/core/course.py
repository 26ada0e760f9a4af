"""The course model: what a loaded, validated course folder holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.document import Concept, GlossaryTerm


class QuestionType(StrEnum):
    CHOICE = "choice"
    TRUEFALSE = "truefalse"
    SHORT = "short"


@dataclass(frozen=True)
class Question:
    id: str
    concept_id: str
    type: QuestionType
    prompt: str
    answer: str | bool  # the text of the right choice, a bool for truefalse, the expected term for short
    explanation: str
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    generated: bool = False
    source: str = ""  # file:line, for messages about the question

    @property
    def answer_text(self) -> str:
        """The right answer as a member reads it."""
        if isinstance(self.answer, bool):
            return "O (맞다)" if self.answer else "X (틀리다)"
        return self.answer


@dataclass(frozen=True)
class EvidenceRule:
    id: str
    label: str  # what the rule looks for, in words
    pattern: str  # a regular expression searched in the pasted evidence
    hint: str  # what to do when it is missing


@dataclass(frozen=True)
class Mission:
    id: str
    title: str
    instructions: str
    evidence: tuple[EvidenceRule, ...]
    section: str | None = None  # the document heading of the mission, if it has one
    confirmed_role: str | None = None  # optional: the name of a server role granted on confirmation
    # How the mission reads in chat; course.yaml may set each (the course's words, so no course is named in
    # code), else these generic defaults. Limits: MISSION_TEXT_LIMITS (Discord's, for the form).
    emoji: str = "🎯"  # before the mission's title in replies
    form_label: str = "명령의 출력"  # the label of the evidence form's text box
    form_description: str = "미션에서 실행한 명령의 출력을 그대로 붙여 넣어 주세요."  # under the label
    form_placeholder: str | None = None  # greyed example text inside the box
    review_when: str = "다른 도구나 환경을 써서 규칙과 다르게 나온다면"  # when to ask organizers to review


MISSION_TEXT_LIMITS = {
    "emoji": 8,
    "form_label": 45,  # Discord: a modal label
    "form_description": 100,  # Discord: a label's description
    "form_placeholder": 100,  # Discord: a text input's placeholder
    "review_when": 200,
}
"""The optional wording fields of a mission and their longest length (Discord's where Discord has one)."""


@dataclass(frozen=True)
class ContentError:
    file: str
    line: int
    message: str
    item: str | None = None  # question or mission id

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        item = f" [{self.item}]" if self.item else ""
        return f"{where}{item}: {self.message}"


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    language: str
    folder: str
    document_title: str | None
    concepts: tuple[Concept, ...]
    questions: tuple[Question, ...]  # handwritten first, then generated
    missions: tuple[Mission, ...]
    alias_groups: tuple[tuple[str, ...], ...]
    _by_id: dict[str, Concept] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({c.id: c for c in self.concepts})

    def concept(self, concept_id: str) -> Concept | None:
        return self._by_id.get(concept_id)

    def questions_for(self, concept_id: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.concept_id == concept_id)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def mission(self, mission_id: str) -> Mission | None:
        return next((m for m in self.missions if m.id == mission_id), None)

    @property
    def glossary(self) -> tuple[tuple[Concept, GlossaryTerm], ...]:
        return tuple((c, term) for c in self.concepts for term in c.glossary)

    def concept_for_day(self, day: int) -> Concept | None:
        """Day 1 is the first concept; past the end there is nothing to post."""
        if 1 <= day <= len(self.concepts):
            return self.concepts[day - 1]
        return None
