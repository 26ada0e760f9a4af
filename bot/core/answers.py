"""Short-answer checking that understands Korean input.

Both sides are compared in a squashed form (NFC, case-folded, no spaces or punctuation), after
the course's alias words (도커 = Docker, 레벨 = 수준, ...) are mapped to one spelling and the
possessive particle 의 between words is dropped ("OS 레벨의 가상화" = "OS 레벨 가상화").

A term written with its translation in brackets, "하이퍼바이저(Hypervisor)" or "Hypervisor(하이퍼바이저)",
is judged half by half: squashed whole it read as the same alias marker twice, which no answer is.
Both halves must be right, so a bracket that contradicts the answer is still wrong.

There is no fuzzy matching: a different word is a wrong answer, however close its letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.course import Question, QuestionType
from bot.core.text import squash

MAX_ANSWER_LENGTH = 200

_OPEN, _CLOSE = "([（［", ")]）］"
# "term (translation)": one bracket, at the end, nothing after it but a full stop.
_BRACKETED = re.compile(
    rf"^(?P<outer>[^{re.escape(_OPEN + _CLOSE)}]+?)\s*[{re.escape(_OPEN)}]"
    rf"(?P<inner>[^{re.escape(_OPEN + _CLOSE)}]+)[{re.escape(_CLOSE)}]\s*[.!]?\s*$"
)
# The possessive particle at the end of a word of two letters or more that another word follows:
# "레벨의 가상화", "OS의 커널". A two-letter word ending in 의 is most often a word of its own (정의, 회의).
_OF_PARTICLE = re.compile(r"(?<=\S\S)의(?=\s+\S)")


def drop_particles(text: str) -> str:
    """Words as a learner links them with 의, the particle left out. Both sides of a comparison get it."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text))
    return _OF_PARTICLE.sub("", text)


@dataclass(frozen=True)
class AliasTable:
    """Equivalent words, each group mapped to its first member (longest spellings replaced first)."""

    pairs: tuple[tuple[str, str], ...]

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> AliasTable:
        pairs: list[tuple[str, str]] = []
        for group in groups:
            squashed = [squash(word) for word in group if squash(word)]
            if len(squashed) < 2:
                continue
            canonical = f"\x00{len(pairs)}\x00"  # cannot collide with typed text
            pairs.extend((word, canonical) for word in squashed)
        pairs.sort(key=lambda pair: len(pair[0]), reverse=True)
        return cls(tuple(pairs))

    def canonical(self, text: str) -> str:
        out = squash(drop_particles(text))
        for word, canonical in self.pairs:
            out = out.replace(word, canonical)
        return out


EMPTY_ALIASES = AliasTable(())


def bracket_halves(text: str) -> tuple[str, str] | None:
    """("하이퍼바이저", "Hypervisor") for "하이퍼바이저(Hypervisor)"; None without a closing bracket."""
    found = _BRACKETED.match(text.strip())
    if found is None or not squash(found["outer"]) or not squash(found["inner"]):
        return None
    return found["outer"], found["inner"]


def is_correct_short(given: str, answer: str, aliases: Sequence[str], table: AliasTable = EMPTY_ALIASES) -> bool:
    if not given.strip() or len(given) > MAX_ANSWER_LENGTH:
        return False
    typed = table.canonical(given)
    if not typed:
        return False
    accepted = {table.canonical(expected) for expected in (answer, *aliases)} - {""}
    if typed in accepted:
        return True
    halves = bracket_halves(given)
    return halves is not None and all(table.canonical(half) in accepted for half in halves)


_TRUE_WORDS = {"true", "o", "참", "맞다", "맞음", "예", "yes"}
_FALSE_WORDS = {"false", "x", "거짓", "틀리다", "틀림", "아니오", "no"}


def parse_truefalse(given: str) -> bool | None:
    """O/X as a member may give it (a button sends "true"/"false"); None when it is neither."""
    word = squash(given)
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None


def judge(question: Question, given: str, table: AliasTable = EMPTY_ALIASES) -> bool:
    """Whether `given` answers `question`: the exact text of the right choice, O/X for true/false,
    the expected term (or an alias) for a short answer."""
    if question.type is QuestionType.CHOICE:
        return given.strip() == question.answer
    if question.type is QuestionType.TRUEFALSE:
        return parse_truefalse(given) is question.answer
    return isinstance(question.answer, str) and is_correct_short(given, question.answer, question.aliases, table)
