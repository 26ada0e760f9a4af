"""Questions made from the document's glossary, so that any new document has a quiz on day one.

Each term becomes a multiple-choice question: its definition as the prompt, the term and up to
three other terms of the course as choices. Ids and choice order derive from a hash of the
concept and term, so they are the same on every run.
"""

from __future__ import annotations

from bot.core.course import Question, QuestionType
from bot.core.document import Concept, GlossaryTerm
from bot.core.text import stable_hash, truncate

MAX_DISTRACTORS = 3
PROMPT_DEFINITION_LIMIT = 900


def generate_glossary_questions(glossary: tuple[tuple[Concept, GlossaryTerm], ...]) -> list[Question]:
    terms = sorted({term.term for _, term in glossary})
    if len(terms) < 2:
        return []  # one term alone makes no choice
    questions: list[Question] = []
    seen: set[str] = set()
    for concept, term in glossary:
        qid = f"gen-{stable_hash(concept.id, term.term, length=10)}"
        if qid in seen:
            continue
        seen.add(qid)
        others = sorted((t for t in terms if t != term.term), key=lambda t: stable_hash(qid, t))
        choices = sorted([term.term, *others[:MAX_DISTRACTORS]], key=lambda t: stable_hash(qid, "order", t))
        definition = truncate(term.definition, PROMPT_DEFINITION_LIMIT)
        questions.append(
            Question(
                id=qid,
                concept_id=concept.id,
                type=QuestionType.CHOICE,
                prompt=f"다음 설명에 해당하는 용어는 무엇일까요?\n> {definition}",
                answer=term.term,
                choices=tuple(choices),
                explanation=f"'{term.term}'의 뜻: {truncate(term.definition, 400)}",
                generated=True,
                source=f"용어 풀이 '{term.term}'",
            )
        )
    return questions
