"""Read a course folder (course.yaml, the document, quiz banks) into a validated Course."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.core.concept_extras import read_concept_extras, with_extras
from bot.core.course import MISSION_TEXT_LIMITS, ContentError, Course, EvidenceRule, Mission, Question
from bot.core.document import parse_document
from bot.core.glossary_quiz import generate_glossary_questions
from bot.core.quizbank import load_quiz_bank, longest_answer_gives_away
from bot.core.text import squash
from bot.core.yamlsource import Located, YamlSyntaxError, load_located, plain

COURSE_FILE = "course.yaml"
MIN_QUESTIONS_PER_CONCEPT = 2
MAX_ROLE_NAME = 100  # what Discord allows for a role name
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


@dataclass
class CourseLoad:
    folder: Path
    course: Course | None = None
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    generated_skipped: int = 0  # glossary questions left out because a handwritten one asks the same

    @property
    def ok(self) -> bool:
        return self.course is not None and not self.errors


class CourseNotFound(Exception):
    pass


def _str(data: dict[str, Located], key: str, default: str | None = None) -> str | None:
    found = data.get(key)
    if found is None or found.value is None:
        return default
    return str(found.value).strip() if not isinstance(found.value, dict | list) else None


def _missions(data: dict[str, Located], file: str, errors: list[ContentError]) -> list[Mission]:
    found = data.get("missions")
    if found is None:
        return []
    if not isinstance(found.value, list):
        errors.append(ContentError(file, found.line, "'missions'는 목록이어야 합니다"))
        return []
    missions: list[Mission] = []
    for item in found.value:
        entry = item.value
        if not isinstance(entry, dict):
            errors.append(ContentError(file, item.line, "미션은 id, title, instructions, evidence 를 가진 항목입니다"))
            continue
        mid = _str(entry, "id")
        before = len(errors)
        for key in ("id", "title", "instructions"):
            if not _str(entry, key):
                errors.append(ContentError(file, item.line, f"미션에 '{key}'가 없습니다", mid))
        if mid and not _ID.match(mid):
            errors.append(ContentError(file, entry["id"].line, "미션 id는 영문 소문자, 숫자, -, _ 로 40자 이내", mid))
        rules: list[EvidenceRule] = []
        evidence = entry.get("evidence")
        if evidence is None or not isinstance(evidence.value, list) or not evidence.value:
            errors.append(ContentError(file, item.line, "미션에 확인 규칙 'evidence' 목록이 없습니다", mid))
        else:
            for rule_loc in evidence.value:
                rule = rule_loc.value if isinstance(rule_loc.value, dict) else {}
                values = {k: _str(rule, k) for k in ("id", "label", "pattern", "hint")}
                missing = [k for k, v in values.items() if not v]
                if missing:
                    errors.append(
                        ContentError(file, rule_loc.line, f"확인 규칙에 {', '.join(missing)}가 없습니다", mid)
                    )
                    continue
                try:
                    re.compile(values["pattern"] or "")
                except re.error as exc:
                    errors.append(ContentError(file, rule["pattern"].line, f"정규식 오류: {exc}", mid))
                    continue
                rules.append(EvidenceRule(**{k: v or "" for k, v in values.items()}))
        role = _str(entry, "confirmed_role")
        if role is not None and not 1 <= len(role) <= MAX_ROLE_NAME:
            errors.append(
                ContentError(
                    file, entry["confirmed_role"].line, f"'confirmed_role'은 1~{MAX_ROLE_NAME}자 역할 이름", mid
                )
            )
        wording = _mission_wording(entry, file, mid, errors)
        if len(errors) == before and mid:
            missions.append(
                Mission(
                    id=mid,
                    title=_str(entry, "title") or mid,
                    instructions=_str(entry, "instructions") or "",
                    evidence=tuple(rules),
                    section=_str(entry, "section"),
                    confirmed_role=role or None,
                    **wording,  # the optional wording fields the course sets
                )
            )
    return missions


def _mission_wording(
    entry: dict[str, Located], file: str, mid: str | None, errors: list[ContentError]
) -> dict[str, str]:
    """The optional wording fields the mission sets (the rest keep Mission's generic defaults), each
    1..limit characters: the form's limits are Discord's, and a longer text would make the form fail."""
    wording: dict[str, str] = {}
    for key, limit in MISSION_TEXT_LIMITS.items():
        if key not in entry:
            continue
        raw = entry[key].value
        text = raw.strip("\n") if isinstance(raw, str) else None
        if not text or not text.strip() or len(text) > limit:
            errors.append(ContentError(file, entry[key].line, f"'{key}'는 1~{limit}자 글이어야 합니다", mid))
            continue
        wording[key] = text
    return wording


def _alias_groups(data: dict[str, Located], file: str, errors: list[ContentError]) -> list[tuple[str, ...]]:
    found = data.get("aliases")
    if found is None:
        return []
    groups: list[tuple[str, ...]] = []
    raw: Any = plain(found)
    if not isinstance(raw, list):
        errors.append(ContentError(file, found.line, '\'aliases\'는 ["도커", "Docker"] 같은 목록들의 목록입니다'))
        return []
    for group, loc in zip(raw, found.value, strict=True):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(w, str) for w in group):
            errors.append(ContentError(file, loc.line, "별칭 묶음은 두 개 이상의 낱말 목록이어야 합니다"))
            continue
        groups.append(tuple(group))
    return groups


def _asked_already(generated: Question, handwritten: list[Question]) -> bool:
    """A handwritten question of the same concept already has this term as its answer: one quiz must
    not ask the same thing twice, and the handwritten one is the better question."""
    term = squash(str(generated.answer))
    return any(
        q.concept_id == generated.concept_id and term in {squash(str(a)) for a in (q.answer, *q.aliases)}
        for q in handwritten
    )


def _file_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


def load_course(folder: Path) -> CourseLoad:
    result = CourseLoad(folder=folder)
    errors = result.errors
    course_path = folder / COURSE_FILE
    label = f"{folder.name}/{COURSE_FILE}"
    try:
        data, problems = load_located(course_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        errors.append(ContentError(label, 0, "course.yaml 이 없습니다"))
        return result
    except (UnicodeDecodeError, OSError) as exc:
        errors.append(ContentError(label, 0, f"읽을 수 없습니다: {exc}"))
        return result
    except YamlSyntaxError as exc:
        errors.append(ContentError(label, exc.line, exc.message))
        return result
    errors.extend(ContentError(label, p.line, p.message) for p in problems)
    if not isinstance(data, dict):
        errors.append(ContentError(label, 1, "course.yaml 은 id:, title:, document: 등을 가진 문서여야 합니다"))
        return result

    course_id = _str(data, "id") or folder.name
    if not _ID.match(course_id):
        errors.append(ContentError(label, data["id"].line if "id" in data else 1, "코스 id는 영문 소문자, 숫자, -, _"))
    title = _str(data, "title")
    if not title:
        errors.append(ContentError(label, 1, "'title'이 없습니다"))
    document_name = _str(data, "document", "document.md") or "document.md"
    document_path = folder / document_name
    try:
        document_text = document_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(
            ContentError(
                label,
                data["document"].line if "document" in data else 1,
                f"문서 '{document_name}'를 읽을 수 없습니다: {exc}",
            )
        )
        return result

    root = folder.resolve()

    def image_exists(source: str) -> bool:
        path = (folder / source).resolve()
        return path.is_relative_to(root) and path.is_file()

    parsed = parse_document(document_text, image_exists)
    if not parsed.concepts:
        errors.append(
            ContentError(f"{folder.name}/{document_name}", 1, "문서에서 개념(본문이 있는 제목)을 찾지 못했습니다")
        )
    concept_ids = {c.id for c in parsed.concepts}

    questions: list[Question] = []
    quiz_loc = data.get("quiz")
    quiz_files = _file_list(plain(quiz_loc)) if quiz_loc else ["quiz.yaml"]
    for name in quiz_files:
        quiz_label = f"{folder.name}/{name}"
        try:
            text = (folder / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(
                ContentError(label, quiz_loc.line if quiz_loc else 1, f"퀴즈 파일 '{name}'를 읽을 수 없습니다: {exc}")
            )
            continue
        found, quiz_errors = load_quiz_bank(text, quiz_label, concept_ids)
        errors.extend(quiz_errors)
        questions.extend(found)
    handwritten_ids = {q.id for q in questions}
    for question in questions:
        give_away = longest_answer_gives_away(question)
        if give_away:
            file, _, line = question.source.rpartition(":")
            result.warnings.append(ContentError(file, int(line or 0), give_away, question.id))

    generate = plain(data["generate_questions"]) if "generate_questions" in data else True
    if generate is True:
        glossary = tuple((c, t) for c in parsed.concepts for t in c.glossary)
        made = [q for q in generate_glossary_questions(glossary) if q.id not in handwritten_ids]
        fresh = [q for q in made if not _asked_already(q, questions)]
        result.generated_skipped = len(made) - len(fresh)
        questions.extend(fresh)

    missions = _missions(data, label, errors)
    for mission in missions:
        if mission.section and mission.section not in parsed.mission_headings:
            result.warnings.append(
                ContentError(label, 0, f"문서에 미션 제목 '{mission.section}'이 없습니다", mission.id)
            )
    alias_groups = _alias_groups(data, label, errors)
    extras = read_concept_extras(data, label, [c.id for c in parsed.concepts], errors)

    for concept in parsed.concepts:
        count = sum(1 for q in questions if q.concept_id == concept.id)
        if count < MIN_QUESTIONS_PER_CONCEPT:
            result.warnings.append(
                ContentError(
                    f"{folder.name}/{document_name}",
                    concept.line,
                    f"개념 '{concept.title}'의 문제가 {count}개뿐입니다 (권장: {MIN_QUESTIONS_PER_CONCEPT}개 이상)",
                )
            )

    if errors:
        return result
    result.course = Course(
        id=course_id,
        title=title or course_id,
        language=_str(data, "language", "ko") or "ko",
        folder=str(folder),
        document_title=parsed.title,
        concepts=with_extras(parsed.concepts, extras),
        questions=tuple(questions),
        missions=tuple(missions),
        alias_groups=tuple(alias_groups),
    )
    return result


def course_folders(content_dir: Path) -> list[Path]:
    return sorted(p for p in content_dir.iterdir() if p.is_dir() and (p / COURSE_FILE).exists())


def load_all(content_dir: Path) -> list[CourseLoad]:
    return [load_course(folder) for folder in course_folders(content_dir)]


def load_named_course(content_dir: Path, course_id: str) -> CourseLoad:
    """The course with this id (its folder name or its course.yaml id)."""
    direct = content_dir / course_id
    if (direct / COURSE_FILE).exists():
        return load_course(direct)
    for load in load_all(content_dir):
        if load.course is not None and load.course.id == course_id:
            return load
    known = ", ".join(p.name for p in course_folders(content_dir)) or "(없음)"
    raise CourseNotFound(f"코스 '{course_id}'를 {content_dir} 에서 찾을 수 없습니다. 있는 코스: {known}")
