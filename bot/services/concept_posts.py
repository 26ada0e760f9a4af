"""A concept as the messages a member reads: the daily post, /concept show and `studybot preview`."""

from __future__ import annotations

from bot.core.course import Course, QuestionType
from bot.core.document import Concept, split_for_embeds
from bot.services.reply import BODY_LIMIT, Field, Reply

BREADCRUMB_SEPARATOR = " › "


def breadcrumb(concept: Concept) -> str:
    return BREADCRUMB_SEPARATOR.join(concept.breadcrumb)


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
    summary, the credits and the quiz teaser."""
    total = len(course.concepts)
    title = f"{heading} · {concept.title}" if heading else concept.title
    trail = f"🧭 {breadcrumb(concept)}\n\n" if concept.breadcrumb else ""
    # The breadcrumb shares the first embed with the text: split so that both fit, never mid-sentence.
    parts = concept.parts or ("",)
    if len(trail) + len(parts[0]) > BODY_LIMIT:
        parts = split_for_embeds(concept.body, BODY_LIMIT - len(trail))
    messages: list[Reply] = []
    for number, part in enumerate(parts, start=1):
        first, last = number == 1, number == len(parts)
        text = f"{trail}{part}" if first else part
        fields: list[Field] = []
        footer_bits = [f"{concept.index + 1}/{total}번째 개념"]
        if last:
            fields.append(Field("🔑 한 줄 요약", concept.summary or "-"))
            teaser = quiz_teaser(course, concept)
            if teaser:
                fields.append(Field("📝 퀴즈 맛보기", teaser))
            footer_bits.extend(concept.credits)
        messages.append(
            Reply(
                title=title if first else f"{title} ({number}/{len(parts)})",
                body=text,
                fields=tuple(fields),
                footer=" · ".join(footer_bits),
                image=next((img.source for img in concept.images), None) if first else None,
                ephemeral=ephemeral,
            )
        )
    return messages
