"""The README's console transcript is real: replaying what was typed in it prints it again, exactly.
(To refresh it after a change in wording, run the command in the marker with the typed lines and paste.)"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"<!-- console-transcript: studybot (.+?) -->\n```text\n(.*?)```", re.DOTALL)
TYPED = re.compile(r"^(?:\S+ › (.*)|│ ?(.*))$")


def readme_transcript() -> tuple[list[str], str]:
    match = MARKER.search((CHECKOUT / "README.md").read_text(encoding="utf-8"))
    assert match, "README.md has no console transcript block"
    return shlex.split(match.group(1)), match.group(2)


def typed_lines(transcript: str) -> str:
    lines = []
    for line in transcript.splitlines():
        typed = TYPED.match(line)
        if typed:
            lines.append(typed.group(1) if typed.group(1) is not None else typed.group(2))
    return "\n".join(lines) + "\n"


def test_the_readme_transcript_is_what_the_console_prints(tmp_path: Path) -> None:
    args, transcript = readme_transcript()
    assert args[0] == "console"
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=typed_lines(transcript),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("STUDYBOT_")}, "PYTHONPATH": str(CHECKOUT)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == transcript
