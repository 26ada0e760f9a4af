"""Typed options, parsed and checked as Discord's client checks them before a command reaches the bot.

A line is read the way Discord shows a filled-in command: `/leaderboard period:month`, or the values in
order (`/leaderboard month`); a text value runs on over spaces until the next `name:`. Quotes work too.
Every check raises `OptionError` with the Korean message to show; the session then goes on."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.console import texts
from bot.console.world import World
from bot.core.course import Course
from bot.services.errors import UserFacingError

_NAMED = re.compile(r"^([a-z][a-z0-9_-]*)[:=](.*)$", re.DOTALL)


class OptionError(UserFacingError):
    """A typed option is missing, unknown or out of range."""


class Kind(Protocol):
    """How one option's typed text becomes the value the service takes."""

    @property
    def joins_words(self) -> bool: ...

    def convert(self, option: str, typed: str) -> object: ...

    def hint(self) -> str: ...


@dataclass(frozen=True)
class Text:
    low: int = 1
    high: int = 100
    joins_words: bool = True  # the rest of the line belongs to it, as in Discord's text box

    def convert(self, option: str, typed: str) -> object:
        if not self.low <= len(typed) <= self.high:
            raise OptionError(texts.TEXT_LENGTH.format(option=option, low=self.low, high=self.high, length=len(typed)))
        return typed

    def hint(self) -> str:
        return f"글자 {self.low}~{self.high}자"


@dataclass(frozen=True)
class Integer:
    low: int
    high: int
    joins_words: bool = False

    def convert(self, option: str, typed: str) -> object:
        try:
            value = int(typed.strip())
        except ValueError:
            value = None
        if value is None or not self.low <= value <= self.high:
            raise OptionError(texts.INTEGER_RANGE.format(option=option, low=self.low, high=self.high, typed=typed))
        return value

    def hint(self) -> str:
        return f"{self.low}~{self.high}"


@dataclass(frozen=True)
class Choice:
    """Fixed choices (Discord's `app_commands.choices`): typed as the value, its Korean name or its number."""

    choices: tuple[tuple[str, str], ...]  # (value, Korean name)
    joins_words: bool = False

    def convert(self, option: str, typed: str) -> object:
        wanted = typed.strip().casefold()
        for number, (value, name) in enumerate(self.choices, start=1):
            if wanted in (value.casefold(), name.casefold(), "".join(name.split()).casefold(), str(number)):
                return value
        raise OptionError(texts.CHOICE_UNKNOWN.format(option=option, choices=self.hint(), typed=typed))

    def hint(self) -> str:
        return ", ".join(f"{value}({name})" for value, name in self.choices)


@dataclass(frozen=True)
class ConceptRef:
    """A concept by its number in the course (what the autocomplete list shows first), or by name; names are
    resolved by the concept service itself, so 'not found' and 'which one?' read as on Discord."""

    course: Course
    low: int = 1  # Discord's Range[str, 1, 100] on the concept option
    high: int = 100
    joins_words: bool = True

    def convert(self, option: str, typed: str) -> object:
        value = Text(self.low, self.high).convert(option, typed)
        assert isinstance(value, str)
        number = value.strip().rstrip(".")
        if number.isdigit() and 1 <= int(number) <= len(self.course.concepts):
            return self.course.concepts[int(number) - 1].id
        return value

    def hint(self) -> str:
        return f"개념 이름 일부 또는 번호 1~{len(self.course.concepts)}"


@dataclass(frozen=True)
class MemberRef:
    """Discord's member picker: only the server's members can be chosen."""

    world: World
    joins_words: bool = False

    def convert(self, option: str, typed: str) -> object:
        person = self.world.person(typed)
        if person is None:
            raise OptionError(texts.MEMBER_UNKNOWN.format(typed=typed, people=self.world.names()))
        return person

    def hint(self) -> str:
        return "멤버 이름"


@dataclass(frozen=True)
class ChannelRef:
    world: World
    joins_words: bool = False

    def convert(self, option: str, typed: str) -> object:
        channel = self.world.channel(typed)
        if channel is None:
            listed = ", ".join(f"#{c.name}" for c in self.world.channels)
            raise OptionError(texts.CHANNEL_UNKNOWN.format(typed=typed, channels=listed))
        return channel

    def hint(self) -> str:
        return "#채널"


@dataclass(frozen=True)
class Option:
    name: str  # the Discord option name, exactly
    kind: Kind
    required: bool = True
    default: object = None
    description: str = ""


@dataclass(frozen=True)
class Signature:
    command: str
    options: tuple[Option, ...] = field(default=())

    def usage(self) -> str:
        parts = [f"/{self.command}"]
        for option in self.options:
            shown = f"{option.name}:<{option.kind.hint()}>"
            parts.append(shown if option.required else f"[{shown}]")
        return " ".join(parts)

    def _option(self, name: str) -> Option:
        found = next((o for o in self.options if o.name == name), None)
        if found is None:
            names = ", ".join(o.name for o in self.options)
            allowed = texts.OPTIONS_ALLOWED.format(names=names) if names else texts.NO_OPTIONS
            raise OptionError(texts.UNKNOWN_OPTION.format(option=name, command=self.command, allowed=allowed))
        return found

    def parse(self, tokens: Sequence[str]) -> dict[str, object]:
        """The typed tokens after the command name as {option name: converted value}, defaults filled in."""
        typed: dict[str, list[str]] = {}
        current: Option | None = None
        for token in tokens:
            named = _NAMED.match(token)
            joining = current is not None and current.kind.joins_words
            if named and (joining is False or any(o.name == named.group(1) for o in self.options)):
                current = self._option(named.group(1))
                typed[current.name] = [named.group(2)] if named.group(2) else []
                continue
            if current is not None and joining:
                typed[current.name].append(token)
                continue
            current = next((o for o in self.options if o.name not in typed), None)
            if current is None:
                raise OptionError(texts.TOO_MANY_VALUES.format(extra=token, usage=self.usage()))
            typed[current.name] = [token]
        values: dict[str, object] = {}
        for option in self.options:
            words = typed.get(option.name)
            if not words:
                if option.required:
                    raise OptionError(texts.MISSING_OPTION.format(option=option.name, usage=self.usage()))
                values[option.name] = option.default
                continue
            values[option.name] = option.kind.convert(option.name, " ".join(words))
        return values


def split_line(line: str) -> list[str]:
    """Shell-like words: quotes group words; a stray quote is an error the member can fix."""
    try:
        return shlex.split(line, posix=True)
    except ValueError as exc:
        raise OptionError(texts.BAD_QUOTES) from exc
