"""Plain-terminal text: display width of Korean, wrapping, markdown noise removed, optional colour.

Hangul and most emoji take two terminal cells, so `len()` is the wrong measure for wrapping. The
standard library's `unicodedata.east_asian_width` gives the width class (W and F are two cells); that
is enough here without a wcwidth dependency.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

_VARIATION_EMOJI = "\ufe0f"  # "⚠️" = U+26A0 (narrow) + VS16: terminals draw it two cells wide
_ITEM = re.compile(r"^(\s*(?:[-*•]|\d+\.|\[\d+\]|[✅⬜❌⭕⏳🥇🥈🥉])\s+)")
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufe0e", _VARIATION_EMOJI}


def char_width(ch: str) -> int:
    if ch in _ZERO_WIDTH or unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str) -> int:
    width = 0
    for index, ch in enumerate(text):
        width += char_width(ch)
        if ch == _VARIATION_EMOJI and index and char_width(text[index - 1]) == 1:
            width += 1
    return width


def _hanging_indent(line: str) -> str:
    """Continuation lines of a bullet or numbered item line up under its text."""
    match = _ITEM.match(line)
    if match:
        return " " * display_width(match.group(1))
    return line[: len(line) - len(line.lstrip(" "))]


def wrap_line(line: str, width: int) -> list[str]:
    """One logical line as terminal lines of at most `width` cells: breaks at spaces, and inside a
    word only when the word alone is wider than the line."""
    if width <= 0 or display_width(line) <= width:
        return [line]
    indent = _hanging_indent(line)
    if display_width(indent) > width // 2:
        indent = ""
    out: list[str] = []
    current = line[: len(line) - len(line.lstrip(" "))]
    for word in line.split():
        separator = " " if current.strip() else ""
        if display_width(current + separator + word) <= width:
            current += separator + word
            continue
        if current.strip():
            out.append(current)
            current = indent
        if display_width(current + word) <= width:
            current += word
            continue
        for ch in word:  # a word wider than the line: cut it cell by cell
            if current.strip() and display_width(current + ch) > width:
                out.append(current)
                current = indent
            current += ch
    if current.strip():
        out.append(current)
    return out


def wrap(text: str, width: int) -> str:
    return "\n".join(part for line in text.split("\n") for part in wrap_line(line, width))


_FENCE = re.compile(r"^\s*```.*$", re.MULTILINE)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.DOTALL)
_STRIKE = re.compile(r"~~(.+?)~~")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)")
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
_QUOTE = re.compile(r"^>\s?", re.MULTILINE)


def strip_markdown(text: str) -> str:
    """The words without Discord's markdown marks: **bold**, __bold__, *italic*, `code`, fences,
    ~~strike~~, > quotes; a link keeps its address in brackets. Bullets ("* item") stay."""
    text = _FENCE.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _BOLD.sub(lambda m: m.group(1) or m.group(2), text)
    text = _STRIKE.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _LINK.sub(r"\1 (\2)", text)
    return _QUOTE.sub("", text)


@dataclass(frozen=True)
class Style:
    """ANSI colours, or nothing: `Style.for_stream` decides once per session."""

    enabled: bool

    @classmethod
    def for_stream(cls, stream: TextIO, env: Mapping[str, str] | None = None) -> Style:
        # https://no-color.org: NO_COLOR present and not empty turns colour off; a pipe never gets colour.
        env = os.environ if env is None else env
        isatty = getattr(stream, "isatty", None)
        return cls(enabled=bool(isatty and isatty()) and not env.get("NO_COLOR"))

    def _paint(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.enabled and text else text

    def bold(self, text: str) -> str:
        return self._paint("1", text)

    def dim(self, text: str) -> str:
        return self._paint("2", text)

    def colour(self, name: str, text: str) -> str:
        codes = {"green": "32", "yellow": "33", "red": "31", "cyan": "36", "blue": "34", "magenta": "35"}
        return self._paint(codes[name], text)
