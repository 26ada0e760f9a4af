"""A concept as the messages a member reads: the daily post, /concept show and `studybot preview`."""

from __future__ import annotations

from bot.core.concept_extras import notes_text
from bot.core.course import Course, QuestionType
from bot.core.document import Concept, split_for_embeds
from bot.services.reply import BODY_LIMIT, EMBED_TOTAL_LIMIT, Field, Reply

BREADCRUMB_SEPARATOR = " › "
SUMMARY_FIELD = "🔑 한 줄 요약"
NOTES_FIELD = "📌 보충"
TEASER_FIELD = "📝 퀴즈 맛보기"


def breadcrumb(course: Course, concept: Concept) -> str:
    """Where the concept sits, from the course title down: the document's own title (often an event
    name) gives way to the course's."""
    parents = concept.breadcrumb
    if parents and parents[0] == course.document_title:
        parents = parents[1:]
    return BREADCRUMB_SEPARATOR.join((course.title, *parents))


def quiz_teaser(course: Course, concept: Concept) -> str | None:
    """The first handwritten question of the concept (a generated one if there is none), as a hook."""
    questions = course.questions_for(concept.id)
    if not questions:
        return None
    first = next((q for q in questions if not q.generated), questions[0])
    kind = {QuestionType.CHOICE: "객관식", QuestionType.TRUEFALSE: "O/X", QuestionType.SHORT: "단답형"}[first.type]
    return f"({kind}) {first.prompt}\n이 개념의 퀴즈 {len(questions)}문제 중 하나예요. 답을 떠올려 보세요!"


def concept_messages(
    course: Course, concept: Concept, *, heading: str | None = None, ephemeral: bool = True
) -> list[Reply]:
    """One message per embed-sized part; the first carries the breadcrumb and image, the last the
    course's one-line summary and notes (each only where the course has one), the credits and the
    quiz teaser."""
    total = len(course.concepts)
    title = f"{heading} · {concept.title}" if heading else concept.title
    trail = f"🧭 {breadcrumb(course, concept)}\n\n"
    closing = _closing_fields(course, concept)
    counter = f"{concept.index + 1}/{total}번째 개념"
    last_footer = " · ".join((counter, *concept.credits))
    # Every part must fit one embed with the breadcrumb (first) and the closing fields (last), so that no
    # limit ever cuts a sentence: split for the tighter of the two.
    room = EMBED_TOTAL_LIMIT - _EMBED_MARGIN - len(title) - len(last_footer) - _size(closing)
    limit = min(BODY_LIMIT, room) - len(trail)
    parts = concept.parts or ("",)
    if any(len(part) > limit for part in parts):
        parts = split_for_embeds(concept.body, limit)
    messages: list[Reply] = []
    for number, part in enumerate(parts, start=1):
        first, last = number == 1, number == len(parts)
        messages.append(
            Reply(
                title=title if first else f"{title} ({number}/{len(parts)})",
                body=f"{trail}{part}" if first else part,
                fields=closing if last else (),
                footer=last_footer if last else counter,
                image=next((img.source for img in concept.images), None) if first else None,
                ephemeral=ephemeral,
            )
        )
    return messages


_EMBED_MARGIN = 200  # the "(n/m)" of later titles, and what Reply keeps in hand


def _size(fields: tuple[Field, ...]) -> int:
    return sum(len(f.name) + len(f.value) for f in fields)


def _closing_fields(course: Course, concept: Concept) -> tuple[Field, ...]:
    """Under the last part: the course's one-line summary and notes where it has them, then the teaser."""
    fields: list[Field] = []
    if concept.summary:
        fields.append(Field(SUMMARY_FIELD, concept.summary))
    if concept.notes:
        fields.append(Field(NOTES_FIELD, notes_text(concept.notes)))
    teaser = quiz_teaser(course, concept)
    if teaser:
        fields.append(Field(TEASER_FIELD, teaser))
    return tuple(fields)
