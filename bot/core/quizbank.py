"""Load a handwritten quiz bank and report every problem in it at once, each with file, line and id."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from bot.core.course import ContentError, Question, QuestionType
from bot.core.text import stable_hash
from bot.core.yamlsource import Located, YamlSyntaxError, load_located

MIN_CHOICES, MAX_CHOICES = 2, 5
MAX_CHOICE_LABEL = 80  # Discord button label limit
MAX_PROMPT = 1000
MAX_EXPLANATION = 1000
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_KNOWN_KEYS = {"id", "concept", "type", "prompt", "choices", "answer", "aliases", "explanation"}
# A right choice this much longer than every other choice gives itself away: members learn to pick the
# longest one. Both limits must be passed, so a short product name among shorter words is not flagged.
GIVE_AWAY_RATIO, GIVE_AWAY_CHARS = 1.3, 10


def longest_answer_gives_away(question: Question) -> str | None:
    """Why a choice question's right answer stands out by its length alone, or None when it does not."""
    if question.type is not QuestionType.CHOICE or not isinstance(question.answer, str):
        return None
    others = [len(choice) for choice in question.choices if choice != question.answer]
    if not others:
        return None
    longest, answer = max(others), len(question.answer)
    if answer >= longest * GIVE_AWAY_RATIO and answer - longest >= GIVE_AWAY_CHARS:
        return (
            f"정답 보기가 {answer}자로 다른 보기(가장 긴 것 {longest}자)보다 훨씬 길어 길이만 보고 고를 수 있습니다. "
            "정답을 줄이거나 다른 보기를 비슷한 길이로 맞춰 주세요"
        )
    return None


# A choice that speaks about the other choices ("위의 모두", "모두 틀려요") reads only at the end.
_ABOUT_THE_OTHERS = re.compile(
    r"(위|앞)의?\s*(보기|것|내용)?\s*(모두|전부)|모두\s*(맞|틀|정답|옳|아니)|(정답|해당)\s*없|"
    r"(all|none) of the above",
    re.IGNORECASE,
)


def shown_order(qid: str, choices: Sequence[str]) -> tuple[str, ...]:
    """The order members see a choice question's choices in, the same in every adapter and every session.

    Sorted by a stable hash of the question id and the choice text, not the order they were written in:
    authors tend to write the right answer first, and members learn its letter. A choice that refers to
    the others stays last, in written order.
    """
    movable = [choice for choice in choices if not _ABOUT_THE_OTHERS.search(choice)]
    last = [choice for choice in choices if _ABOUT_THE_OTHERS.search(choice)]
    return (*sorted(movable, key=lambda choice: stable_hash(qid, "order", choice)), *last)


@dataclass
class _Checker:
    file: str
    errors: list[ContentError]
    qid: str | None = None
    boolean_lines: frozenset[int] = frozenset()  # unquoted yes/no/on/off, reported by the YAML reader

    def error(self, line: int, message: str) -> None:
        self.errors.append(ContentError(self.file, line, message, self.qid))

    def boolean_as_text(self, key: str, line: int) -> None:
        if line not in self.boolean_lines:
            self.error(line, f"'{key}'는 글자여야 합니다. true/false 를 글자로 쓰려면 따옴표로 감싸 주세요")


def _text(entry: dict[str, Located], key: str, check: _Checker, line: int, required: bool = True) -> str | None:
    found = entry.get(key)
    if found is None or found.value is None or (isinstance(found.value, str) and not found.value.strip()):
        if required:
            check.error(found.line if found else line, f"'{key}'가 비어 있습니다")
        return None
    if isinstance(found.value, bool):
        check.boolean_as_text(key, found.line)
        return None
    if not isinstance(found.value, str | int | float):
        check.error(found.line, f"'{key}'는 글자여야 합니다")
        return None
    return str(found.value).strip()


def _text_list(entry: dict[str, Located], key: str, check: _Checker) -> list[tuple[str, int]]:
    found = entry.get(key)
    if found is None or found.value is None:
        return []
    if not isinstance(found.value, list):
        check.error(found.line, f'\'{key}\'는 목록이어야 합니다 (예: ["가", "나"])')
        return []
    out: list[tuple[str, int]] = []
    for item in found.value:
        if isinstance(item.value, bool):
            check.boolean_as_text(key, item.line)
            continue
        if isinstance(item.value, str | int | float) and str(item.value).strip():
            out.append((str(item.value).strip(), item.line))
        else:
            check.error(item.line, f"'{key}'의 항목이 비어 있거나 글자가 아닙니다")
    return out


def _parse_question(
    entry: dict[str, Located],
    line: int,
    file: str,
    concepts: Collection[str],
    errors: list[ContentError],
    boolean_lines: frozenset[int] = frozenset(),
) -> Question | None:
    qid_loc = entry.get("id")
    qid = str(qid_loc.value).strip() if qid_loc and qid_loc.value is not None else None
    check = _Checker(file, errors, qid, boolean_lines)
    before = len(errors)
    if not qid:
        check.error(line, "문제에 'id'가 없습니다")
    elif not _ID.match(qid):
        check.error(qid_loc.line if qid_loc else line, "id는 영문 소문자, 숫자, -, _ 로 40자 이내여야 합니다")
    for key in sorted(set(entry) - _KNOWN_KEYS):
        check.error(entry[key].line, f"알 수 없는 키 '{key}' (쓸 수 있는 키: {', '.join(sorted(_KNOWN_KEYS))})")

    concept = _text(entry, "concept", check, line)
    if concept is not None and concept not in concepts:
        check.error(
            entry["concept"].line, f"알 수 없는 개념 '{concept}' (studybot check 가 개념 id 목록을 보여 줍니다)"
        )

    type_text = _text(entry, "type", check, line)
    qtype: QuestionType | None = None
    if type_text is not None:
        try:
            qtype = QuestionType(type_text)
        except ValueError:
            check.error(entry["type"].line, f"알 수 없는 문제 유형 '{type_text}' (choice, truefalse, short 중 하나)")

    prompt = _text(entry, "prompt", check, line)
    if prompt is not None and len(prompt) > MAX_PROMPT:
        check.error(entry["prompt"].line, f"문제 글이 {len(prompt)}자입니다. {MAX_PROMPT}자 이내로 줄여 주세요")
    explanation = _text(entry, "explanation", check, line)
    if explanation is not None and len(explanation) > MAX_EXPLANATION:
        check.error(entry["explanation"].line, f"해설이 {MAX_EXPLANATION}자를 넘습니다")

    choices = _text_list(entry, "choices", check)
    aliases = _text_list(entry, "aliases", check)
    answer_loc = entry.get("answer")
    answer: str | bool | None = None
    if answer_loc is None or answer_loc.value is None or answer_loc.value == "":
        check.error(line, "'answer'가 비어 있습니다")
    elif qtype is QuestionType.TRUEFALSE:
        if isinstance(answer_loc.value, bool):
            answer = answer_loc.value
        else:
            check.error(answer_loc.line, "truefalse 문제의 answer는 true 또는 false 여야 합니다")
    elif isinstance(answer_loc.value, bool):
        check.boolean_as_text("answer", answer_loc.line)
    else:
        answer = str(answer_loc.value).strip()

    if qtype is QuestionType.CHOICE:
        if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            where = entry["choices"].line if "choices" in entry else line
            check.error(where, f"보기가 {len(choices)}개입니다. {MIN_CHOICES}~{MAX_CHOICES}개여야 합니다")
        seen: set[str] = set()
        for label, label_line in choices:
            if len(label) > MAX_CHOICE_LABEL:
                check.error(
                    label_line, f"보기 '{label[:20]}…'가 {len(label)}자입니다. {MAX_CHOICE_LABEL}자 이내여야 합니다"
                )
            if label in seen:
                check.error(label_line, f"보기 '{label}'가 두 번 나옵니다")
            seen.add(label)
        if isinstance(answer, str) and answer not in seen:
            check.error(answer_loc.line if answer_loc else line, f"정답 '{answer}'가 보기 중에 없습니다")
    elif choices and qtype is not None:
        check.error(entry["choices"].line, f"{qtype.value} 문제에는 choices를 쓰지 않습니다")
    if aliases and qtype is not QuestionType.SHORT and qtype is not None:
        check.error(entry["aliases"].line, "aliases는 short 문제에만 씁니다")

    if len(errors) > before or not (qid and concept and qtype and prompt and explanation) or answer is None:
        return None
    return Question(
        id=qid,
        concept_id=concept,
        type=qtype,
        prompt=prompt,
        answer=answer,
        explanation=explanation,
        choices=shown_order(qid, [label for label, _ in choices]) if qtype is QuestionType.CHOICE else (),
        aliases=tuple(alias for alias, _ in aliases),
        source=f"{file}:{line}",
    )


def load_quiz_bank(text: str, file: str, concepts: Collection[str]) -> tuple[list[Question], list[ContentError]]:
    """All questions that are valid, and every error found (not only the first)."""
    errors: list[ContentError] = []
    try:
        data, problems = load_located(text)
    except YamlSyntaxError as exc:
        return [], [ContentError(file, exc.line, exc.message)]
    root: Any = data
    questions_loc = root.get("questions") if isinstance(root, dict) else None
    if questions_loc is None or not isinstance(questions_loc.value, list):
        return [], [ContentError(file, 1, "최상위에 'questions:' 목록이 있어야 합니다")]

    entries: list[tuple[dict[str, Located], int]] = []
    for item in questions_loc.value:
        if isinstance(item.value, dict):
            entries.append((item.value, item.line))
        else:
            errors.append(ContentError(file, item.line, "문제는 'id:', 'prompt:' 등을 가진 항목이어야 합니다"))
    # Problems found while reading YAML belong to the question whose lines hold them.
    starts = sorted(line for _, line in entries)
    ids = {line: str(e["id"].value) if "id" in e else None for e, line in entries}
    for problem in problems:
        owner = max((s for s in starts if s <= problem.line), default=None)
        errors.append(ContentError(file, problem.line, problem.message, ids.get(owner) if owner else None))

    questions: list[Question] = []
    first_line: dict[str, int] = {}
    boolean_lines = frozenset(p.line for p in problems if p.is_boolean)
    for entry, line in entries:
        question = _parse_question(entry, line, file, concepts, errors, boolean_lines)
        qid_loc = entry.get("id")
        qid = str(qid_loc.value) if qid_loc else None
        if qid:
            if qid in first_line:
                errors.append(
                    ContentError(
                        file,
                        qid_loc.line if qid_loc else line,
                        f"id가 중복됩니다 (처음은 {first_line[qid]}번째 줄)",
                        qid,
                    )
                )
                continue
            first_line[qid] = qid_loc.line if qid_loc else line
        if question is not None:
            questions.append(question)
    if problems:  # a question with an unquoted boolean must not be used as if it were right
        bad = {e.item for e in errors}
        questions = [q for q in questions if q.id not in bad]
    errors.sort(key=lambda e: (e.file, e.line))
    return questions, errors
