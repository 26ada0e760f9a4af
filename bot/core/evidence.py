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


def check_evidence(mission: Mission, text: str) -> EvidenceCheck:
    if len(text) > MAX_EVIDENCE_LENGTH:
        return EvidenceCheck(mission.id, (), too_long=True)
    cleaned = normalise_evidence(text)
    results = []
    for rule in mission.evidence:
        found = re.search(rule.pattern, cleaned)
        excerpt = " ".join(found.group(0).split())[:120] if found else None
        results.append(RuleResult(rule.id, rule.label, found is not None, excerpt, rule.hint))
    return EvidenceCheck(mission.id, tuple(results))
