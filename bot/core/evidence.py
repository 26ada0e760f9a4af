"""Mission evidence checks: the course's rules (regular expressions, as data) against pasted output."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.core.course import Mission

MAX_EVIDENCE_LENGTH = 4000  # what a Discord modal paragraph accepts


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    label: str
    matched: bool
    excerpt: str | None  # the matched text, shown back to the member
    hint: str


@dataclass(frozen=True)
class EvidenceCheck:
    mission_id: str
    results: tuple[RuleResult, ...]
    too_long: bool = False

    @property
    def passed(self) -> bool:
        return not self.too_long and all(r.matched for r in self.results)

    @property
    def missing(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if not r.matched)


def normalise_evidence(text: str) -> str:
    """Terminal output pasted from Windows or macOS: CRLF, non-breaking spaces, smart quotes."""
    text = unicodedata.normalize("NFKC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u2019", "'").replace("\u2018", "'")


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def unwrap(text: str) -> tuple[str, tuple[int, ...]]:
    """`text` without its line breaks (and the blanks around them), and where each kept character was.

    A narrow terminal hard-wraps a long line wherever the column ends, even inside a word
    ("installatio" / "n appears"), and copying keeps the break. Rules written with \\s* between words
    find such a line once the breaks are gone."""
    kept: list[str] = []
    where: list[int] = []
    position = 0
    for found in [*_LINE_BREAK.finditer(text), None]:
        end = found.start() if found else len(text)
        kept.append(text[position:end])
        where.extend(range(position, end))
        position = found.end() if found else end
    return "".join(kept), tuple(where)


def _search(pattern: str, text: str) -> str | None:
    """The matched text as the member pasted it: searched as pasted, then with the line breaks removed."""
    found = re.search(pattern, text)
    if found:
        return found.group(0)
    joined, where = unwrap(text)
    found = re.search(pattern, joined)
    if found is None or found.end() == found.start():
        return None
    return text[where[found.start()] : where[found.end() - 1] + 1]


def check_evidence(mission: Mission, text: str) -> EvidenceCheck:
    if len(text) > MAX_EVIDENCE_LENGTH:
        return EvidenceCheck(mission.id, (), too_long=True)
    cleaned = normalise_evidence(text)
    results = []
    for rule in mission.evidence:
        matched = _search(rule.pattern, cleaned)
        excerpt = " ".join(matched.split())[:120] if matched is not None else None
        results.append(RuleResult(rule.id, rule.label, matched is not None, excerpt, rule.hint))
    return EvidenceCheck(mission.id, tuple(results))
