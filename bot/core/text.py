"""Text helpers shared by the parser and the answer checker."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SLUG_DROP = re.compile(r"[^\w]+", re.UNICODE)
MAX_ID_LENGTH = 90


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def slugify(title: str) -> str:
    """A heading as an id segment: NFC, lower case, Korean and digits kept, the rest folded to '-'."""
    text = nfc(title).lower().replace("_", " ")
    return _SLUG_DROP.sub("-", text).strip("-") or "section"


def stable_hash(*parts: str, length: int = 8) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def cap_id(full_id: str) -> str:
    """Keep ids under Discord's 100-character limit for choice values; a hash keeps long ones unique."""
    if len(full_id) <= MAX_ID_LENGTH:
        return full_id
    return full_id[: MAX_ID_LENGTH - 9].rstrip("-/") + "-" + stable_hash(full_id)


_KEPT_SYMBOLS = "+#"  # C++ is not C, C# is not C


def squash(text: str) -> str:
    """Answer comparison form: NFC, case-folded, without spaces or punctuation. Letters, digits, '+', '#'
    and a '.' between digits (1.5 is not 15) are kept, so different words never squash alike."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text)).casefold()

    def decimal_point(index: int) -> bool:
        return 0 < index < len(folded) - 1 and folded[index - 1].isdigit() and folded[index + 1].isdigit()

    return "".join(
        ch
        for index, ch in enumerate(folded)
        if unicodedata.category(ch)[0] in "LNM" or ch in _KEPT_SYMBOLS or (ch == "." and decimal_point(index))
    )


def sentences(text: str) -> list[str]:
    """Split prose at sentence ends (., !, ?) followed by white space."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?。])\s+", text)]
    return [p for p in parts if p]


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    if len(text) <= limit:
        return text
    return text[: limit - len(ellipsis)].rstrip() + ellipsis


_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL = 8  # index of ㄹ among final consonants
_DIGIT_HAS_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True, "7": True, "8": True, "9": False}  # fmt: skip


def josa(word: str, pair: str) -> str:
    """`word` with the particle that fits its last sound: josa("도커 설치하기", "은/는") -> "도커 설치하기는".
    Pairs: 은/는, 이/가, 을/를, 과/와, 으로/로. A word that does not end in Hangul or a digit (a
    English word, a symbol) keeps both forms, as Korean writing does: 'LXC'은(는)."""
    with_final, without_final = pair.split("/")
    stripped = word.rstrip().rstrip("'\"’”)」』]*`")  # the sound is that of the word inside quotes
    last = stripped[-1:] if stripped else ""
    if last and _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        final = (ord(last) - _HANGUL_FIRST) % 28
        if with_final == "으로" and final == _RIEUL:
            return f"{word}{without_final}"
        return f"{word}{with_final if final else without_final}"
    if last in _DIGIT_HAS_FINAL:
        return f"{word}{with_final if _DIGIT_HAS_FINAL[last] else without_final}"
    if with_final == "으로":
        return f"{word}(으)로"
    return f"{word}{with_final}({without_final})"


def quoted(text: str) -> str:
    return f"'{text}'"
