"""What a course adds to the document's concepts (course.yaml `concepts:`, keyed by concept id): the
author's one-line summary and notes that correct or complete the document without rewriting it.

    concepts:
      "도커란-무엇입니까":
        summary: "도커는 … 플랫폼이에요."
        notes:
          - "유니온 파일 시스템은 …"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.core.course import ContentError
from bot.core.document import Concept
from bot.core.text import sentences
from bot.core.yamlsource import Located

MAX_SUMMARY = 120  # one line under the post, read at a glance
MAX_NOTES = 1000  # all notes of a concept together: one embed field (1024) with its bullets
NOTE_BULLET = "• "
_KEYS = {"summary", "notes"}


@dataclass(frozen=True)
class ConceptExtras:
    summary: str = ""
    notes: tuple[str, ...] = ()


def notes_text(notes: Sequence[str]) -> str:
    """The notes as shown under a concept: one bullet each."""
    return "\n".join(f"{NOTE_BULLET}{note}" for note in notes)


def _summary(found: Located, file: str, item: str, errors: list[ContentError]) -> str:
    if not isinstance(found.value, str) or not found.value.strip():
        errors.append(ContentError(file, found.line, "'summary'는 비어 있지 않은 한 줄 글이어야 합니다", item))
        return ""
    text = found.value.strip()
    if "\n" in text:
        errors.append(ContentError(file, found.line, "'summary'는 한 줄이어야 합니다 (줄바꿈 없이)", item))
    elif len(text) > MAX_SUMMARY:
        errors.append(
            ContentError(file, found.line, f"'summary'가 {len(text)}자입니다. {MAX_SUMMARY}자 이내로 써 주세요", item)
        )
    elif len(sentences(text)) > 1:
        errors.append(ContentError(file, found.line, "'summary'는 한 문장이어야 합니다", item))
    return text


def _notes(found: Located, file: str, item: str, errors: list[ContentError]) -> tuple[str, ...]:
    items = found.value if isinstance(found.value, list) else [found]
    notes: list[str] = []
    for note in items:
        if not isinstance(note.value, str) or not note.value.strip():
            errors.append(ContentError(file, note.line, "'notes'의 항목은 비어 있지 않은 글이어야 합니다", item))
            continue
        notes.append(" ".join(note.value.split()))
    if len(notes_text(notes)) > MAX_NOTES:
        errors.append(
            ContentError(
                file,
                found.line,
                f"'notes'가 모두 {len(notes_text(notes))}자입니다. {MAX_NOTES}자 이내로 줄여 주세요",
                item,
            )
        )
    return tuple(notes)


def read_concept_extras(
    data: dict[str, Located], file: str, concept_ids: Sequence[str], errors: list[ContentError]
) -> dict[str, ConceptExtras]:
    """Each concept's summary and notes, every problem reported (unknown id, key, too long, not one line)."""
    found = data.get("concepts")
    if found is None:
        return {}
    if not isinstance(found.value, dict):
        errors.append(ContentError(file, found.line, "'concepts'는 개념 id를 키로 하는 항목들이어야 합니다"))
        return {}
    known = set(concept_ids)
    extras: dict[str, ConceptExtras] = {}
    for concept_id, entry in found.value.items():
        if concept_id not in known:
            errors.append(
                ContentError(
                    file,
                    entry.line,
                    f"알 수 없는 개념 id '{concept_id}' (studybot check 가 개념 id 목록을 보여 줍니다)",
                )
            )
            continue
        if not isinstance(entry.value, dict):
            errors.append(ContentError(file, entry.line, "개념 항목에는 summary:, notes: 를 씁니다", concept_id))
            continue
        for key in sorted(set(entry.value) - _KEYS):
            errors.append(
                ContentError(file, entry.value[key].line, f"알 수 없는 키 '{key}' (쓸 수 있는 키: notes, summary)")
            )
        summary = entry.value.get("summary")
        notes = entry.value.get("notes")
        extras[concept_id] = ConceptExtras(
            summary=_summary(summary, file, concept_id, errors) if summary is not None else "",
            notes=_notes(notes, file, concept_id, errors) if notes is not None else (),
        )
    return extras


def with_extras(concepts: Sequence[Concept], extras: dict[str, ConceptExtras]) -> tuple[Concept, ...]:
    return tuple(
        replace(concept, summary=extras[concept.id].summary, notes=extras[concept.id].notes)
        if concept.id in extras
        else concept
        for concept in concepts
    )
