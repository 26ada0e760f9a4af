"""The interactive prompt in a real pseudo-terminal: the prompt shows, typed commands answer, readline
gives history (up arrow) and Tab completion, colour appears on a terminal unless NO_COLOR, Ctrl-D ends."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
PROMPT = "민지(운영진) › "
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


class Terminal:
    def __init__(self, fd: int, process: subprocess.Popen[bytes]) -> None:
        self.fd = fd
        self.process = process
        self.seen = b""

    def type(self, keys: str) -> None:
        os.write(self.fd, keys.encode("utf-8"))

    def wait_for(self, text: str, count: int = 1, timeout: float = 20) -> str:
        """Read until `text` has appeared `count` times in everything shown so far."""
        wanted = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        while self.seen.count(wanted) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} did not appear; the screen so far:\n{self.screen}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"the console ended before {text!r}:\n{self.screen}")
                self.seen += chunk
        return self.screen

    @property
    def screen(self) -> str:
        return self.seen.decode("utf-8", errors="replace")


@contextmanager
def console_in_a_terminal(tmp_path: Path, **env: str) -> Iterator[Terminal]:
    parent, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--db", str(tmp_path / "console.db")],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=CHECKOUT,
        env={**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "TERM": "xterm", **env},
        close_fds=True,
        start_new_session=True,
    )
    os.close(child)
    terminal = Terminal(parent, process)
    try:
        yield terminal
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        os.close(parent)


def test_prompt_history_completion_and_colour(tmp_path: Path) -> None:
    with console_in_a_terminal(tmp_path) as term:
        term.wait_for(PROMPT)
        term.type("/concept list\r")
        term.wait_for("개념 목록")
        term.wait_for(PROMPT, count=2)
        assert "\x1b[1m" in term.screen  # bold titles on a terminal
        term.type("\x1b[A\r")  # up arrow: the last command again, from readline's history
        term.wait_for("개념 목록", count=2)
        term.wait_for(PROMPT, count=3)
        term.type("/leader\t\r")  # Tab completes the command name
        term.wait_for("이번 주 순위")
        term.wait_for(PROMPT, count=4)
        term.type("/concept show 도커 이\t\r")  # Tab completes a concept's Korean title too
        term.wait_for("■ 📖 9번째 개념 · 도커 이미지")
        term.wait_for(PROMPT, count=5)
        term.type("/nope\r")
        term.wait_for("없는 명령이에요")
        term.wait_for(PROMPT, count=6)  # the session goes on
        term.type("\x04")  # Ctrl-D
        term.wait_for("다음에 또 만나요")
        assert term.process.wait(timeout=10) == 0
    history = (tmp_path / "console.db.history").read_text(encoding="utf-8")
    assert "/concept list" in history and "/leaderboard" in history


def test_no_colour_when_no_color_is_set(tmp_path: Path) -> None:
    with console_in_a_terminal(tmp_path, NO_COLOR="1") as term:
        term.wait_for(PROMPT)
        term.type("/concept list\r")
        term.wait_for("개념 목록")
        term.wait_for(PROMPT, count=2)
        term.type("/quit\r")
        term.wait_for("다음에 또 만나요")
        assert term.process.wait(timeout=10) == 0
    assert "\x1b[1m" not in term.screen and "\x1b[36m" not in term.screen
