"""Short-answer checking that understands Korean input.

Both sides are compared in a squashed form (NFC, case-folded, no spaces or punctuation), after
the course's alias words (도커 = Docker, ...) are mapped to one spelling. There is no fuzzy
matching: a different word is a wrong answer, however close its letters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.core.course import Question, QuestionType
from bot.core.text import squash

MAX_ANSWER_LENGTH = 200


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
        out = squash(text)
        for word, canonical in self.pairs:
            out = out.replace(word, canonical)
        return out


EMPTY_ALIASES = AliasTable(())


def is_correct_short(given: str, answer: str, aliases: Sequence[str], table: AliasTable = EMPTY_ALIASES) -> bool:
    if not given.strip() or len(given) > MAX_ANSWER_LENGTH:
        return False
    typed = table.canonical(given)
    if not typed:
        return False
    return any(typed == table.canonical(expected) for expected in (answer, *aliases))


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
