"""Platform-neutral replies. Adapters (Discord, console, later Slack) only translate these.

A reply is one message: a title, a body, fields, rows of buttons, files. Limits follow the
strictest platform we serve (Discord): they are enforced here so no adapter has to guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from bot.core.text import truncate

TITLE_LIMIT = 256
BODY_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
MAX_FIELDS = 25
EMBED_TOTAL_LIMIT = 6000  # title, body, field names and values and footer together
BUTTON_LABEL_LIMIT = 80
BUTTONS_PER_ROW = 5
MAX_ROWS = 5
CUSTOM_ID_LIMIT = 100


# A command named inside reply text, e.g. command("mission confirm"). Services never write a platform's
# syntax; each adapter renders the reference (Discord: a clickable mention; console: the typed form).
COMMAND_REFERENCE = re.compile(r"⟦([a-z][a-z0-9-]*(?: [a-z][a-z0-9-]*){0,2})⟧")


def command(name: str) -> str:
    """A neutral reference to the command `name` ("concept show", "mission confirm") inside reply text."""
    if not COMMAND_REFERENCE.fullmatch(f"⟦{name}⟧"):
        raise ValueError(f"not a command name: {name!r}")
    return f"⟦{name}⟧"


# A member named inside reply text, e.g. member(123, "김민수"): Discord renders a mention, where it can, and
# everything else the plain "@김민수".
MEMBER_REFERENCE = re.compile(r"⟪(\d{1,20})\|([^⟪⟫]*)⟫")


def member(user_id: int, display_name: str) -> str:
    """A neutral reference to a member inside reply text."""
    name = display_name.replace("⟪", "").replace("⟫", "")
    return f"⟪{user_id}|{name}⟫"


def render_members(text: str, form: Callable[[int, str], str]) -> str:
    """Replace every member reference in `text` with the adapter's form of it (id, display name)."""
    return MEMBER_REFERENCE.sub(lambda match: form(int(match.group(1)), match.group(2)), text)


def render_commands(text: str, form: Callable[[str], str]) -> str:
    """Replace every command reference in `text` with the adapter's form of it; member references left
    become the plain "@name"."""
    text = COMMAND_REFERENCE.sub(lambda match: form(match.group(1)), text)
    return render_members(text, lambda _, name: f"@{name}")


def typed_command(name: str) -> str:
    """The plain typed form: for terminals and for places where a platform shows no markup."""
    return f"/{name}"


# A rendered command can be longer than its reference: "</mission confirm:<snowflake>>" adds ":", up to 20
# digits and no closing mark, against "⟦mission confirm⟧". Limits are enforced on that longest form.
MENTION_EXTRA = 21
_PARTIAL_REFERENCE = re.compile(r"(?:⟦[^⟧]*|⟪[^⟫]*)$")


def shown_length(text: str) -> int:
    """The length of `text` once an adapter has rendered its command references, at most."""
    return len(text) + MENTION_EXTRA * len(COMMAND_REFERENCE.findall(text))


def fit(text: str, limit: int, ellipsis: str = "…") -> str:
    """`text` shortened so that its rendered form stays within `limit`, never cut inside a reference (a half
    reference would show as broken text)."""
    if shown_length(text) <= limit:
        return text
    budget = max(0, limit - len(ellipsis))
    used = position = 0
    cut_at: int | None = None
    for match in COMMAND_REFERENCE.finditer(text):
        plain = match.start() - position
        if used + plain > budget:
            cut_at = position + (budget - used)
            break
        used += plain
        rendered = len(match.group(0)) + MENTION_EXTRA
        if used + rendered > budget:
            cut_at = match.start()
            break
        used += rendered
        position = match.end()
    if cut_at is None:
        cut_at = position + (budget - used)
    return _PARTIAL_REFERENCE.sub("", text[:cut_at]).rstrip() + ellipsis


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


class ButtonStyle(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    DANGER = "danger"


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Button:
    action: str  # a stable custom id the adapter routes back to a service, at most 100 characters
    label: str
    style: ButtonStyle = ButtonStyle.SECONDARY
    disabled: bool = False

    def __post_init__(self) -> None:
        if len(self.action) > CUSTOM_ID_LIMIT:
            raise ValueError(f"button action longer than {CUSTOM_ID_LIMIT}: {self.action[:40]}…")


@dataclass(frozen=True)
class FileAttachment:
    filename: str
    data: bytes
    description: str = ""


@dataclass(frozen=True)
class Reply:
    title: str | None = None
    body: str = ""
    fields: tuple[Field, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows
    footer: str | None = None
    image: str | None = None  # a path inside the course folder or an http(s) URL
    files: tuple[FileAttachment, ...] = ()
    tone: Tone = Tone.INFO
    ephemeral: bool = True

    def __post_init__(self) -> None:
        # Enforce the limits once, here, so that no adapter is ever refused by the platform. Lengths count a
        # command reference as its longest rendering (a Discord mention), so rendering never pushes past them.
        object.__setattr__(self, "title", fit(self.title, TITLE_LIMIT) if self.title else self.title)
        object.__setattr__(self, "body", fit(self.body, BODY_LIMIT))
        fields = tuple(
            Field(fit(f.name, FIELD_NAME_LIMIT), fit(f.value, FIELD_VALUE_LIMIT) or "-", f.inline)
            for f in self.fields[:MAX_FIELDS]
        )
        # Within the total: drop trailing fields that cannot fit at all, then shorten the body.
        fixed = shown_length(self.title or "") + shown_length(self.footer or "")
        while (
            fields
            and fixed + sum(shown_length(f.name) + shown_length(f.value) for f in fields) > EMBED_TOTAL_LIMIT - 200
        ):
            fields = fields[:-1]
        room = EMBED_TOTAL_LIMIT - fixed - sum(shown_length(f.name) + shown_length(f.value) for f in fields)
        if shown_length(self.body) > room:
            object.__setattr__(self, "body", fit(self.body, room))
        object.__setattr__(self, "fields", fields)
        rows: list[tuple[Button, ...]] = []
        for row in self.buttons:
            for start in range(0, len(row), BUTTONS_PER_ROW):
                chunk = tuple(
                    Button(b.action, truncate(b.label, BUTTON_LABEL_LIMIT), b.style, b.disabled)
                    for b in row[start : start + BUTTONS_PER_ROW]
                )
                rows.append(chunk)
        if len(rows) > MAX_ROWS:
            raise ValueError(f"a reply holds at most {MAX_ROWS} rows of buttons")
        object.__setattr__(self, "buttons", tuple(rows))
