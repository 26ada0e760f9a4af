"""The console's loop: an interactive prompt with line editing and history, or a script piped on stdin.

Line editing and history come from the standard `readline` module (GNU readline or libedit), which
`input()` uses as soon as it is imported: arrow keys, Ctrl-R search, a history file. It needs no
dependency, which prompt_toolkit (and its wcwidth) would add for features a command line this small does
not use. Where readline is missing (Windows), `input()` still works, without editing keys."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from bot.console import texts
from bot.console.options import ChannelRef, Choice, ConceptRef, MemberRef
from bot.console.session import ReadLine, Session

HISTORY_LENGTH = 1000
MAX_WIDTH = 100  # long lines of Korean read badly; wrap narrower than a very wide terminal


def terminal_width(stream: TextIO) -> int:
    isatty = getattr(stream, "isatty", None)
    if not (isatty and isatty()):
        return 80  # a transcript reads the same in any viewer
    return max(20, min(shutil.get_terminal_size((80, 24)).columns - 1, MAX_WIDTH))


@contextlib.contextmanager
def line_editing(history_file: Path, complete_words: Callable[[], list[str]]) -> Iterator[None]:
    """readline with a history file and Tab completion of command names, for the time of the session."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        yield
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(history_file)
    readline.set_history_length(HISTORY_LENGTH)

    def complete(text: str, state: int) -> str | None:
        buffer = readline.get_line_buffer()
        matches = [word for word in complete_words() if word.startswith(buffer)]
        # readline replaces only the word under the cursor: offer what follows the typed part of that word.
        start = len(buffer) - len(text)
        found = [m[start:] for m in matches]
        return found[state] if state < len(found) else None

    readline.set_completer_delims(" ")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            history_file.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history_file)


def interactive_reader() -> ReadLine:
    def read(prompt: str) -> str | None:
        while True:
            try:
                return input(prompt)
            except EOFError:
                print()
                return None
            except KeyboardInterrupt:  # Ctrl-C drops the line being typed, as in a shell
                print("^C")

    return read


def piped_reader(stdin: TextIO, out: TextIO) -> ReadLine:
    """Lines from a pipe, echoed after the prompt so the transcript reads like a typed session."""

    def read(prompt: str) -> str | None:
        line = stdin.readline()
        if not line:
            return None
        line = line.rstrip("\r\n")
        out.write(f"{prompt}{line}".rstrip(" ") + "\n")
        return line

    return read


async def run_session(session: Session) -> None:
    await session.welcome()
    await session.catch_up()
    session.terminal.say("")
    while True:
        line = session.read_line(session.prompt())
        if line is None:
            break
        if not await session.run_line(line):
            break
        if line.strip():
            session.terminal.say("")  # a blank line between one answer and the next prompt
    session.clock.save(session.app.settings.db_path)
    session.note(texts.GOODBYE.format(db=session.app.settings.db_path))


def completion_words(session: Session) -> list[str]:
    """Whole lines Tab can complete: commands, and the values of their options (concepts, members, choices)."""
    words = ["/help", "/as ", "/clock ", "/quit"] + [f"/as {p.name}" for p in session.world.people]
    for command in session.commands:
        words.append(f"/{command.name}")
        for option in command.options:
            kind = option.kind
            if isinstance(kind, ConceptRef):
                values = [c.title for c in kind.course.concepts]
            elif isinstance(kind, MemberRef):
                values = [p.name for p in kind.world.people]
            elif isinstance(kind, Choice):
                values = [value for value, _ in kind.choices]
            elif isinstance(kind, ChannelRef):
                values = [f"#{c.name}" for c in kind.world.channels]
            else:
                continue
            words += [f"/{command.name} {value}" for value in values]
            words += [f"/{command.name} {option.name}:{value}" for value in values]
    return sorted(set(words))
