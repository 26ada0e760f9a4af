"""A whole study day typed into `studybot console` through stdin, by a script that reads what the console
printed before typing its next line, as a person does: the schedule, the next morning's post, a quiz
answered right and wrong (a short answer typed into its one-line form), the mission with real evidence,
progress and the leaderboard. Bad input gets the message Discord gives and the session goes on.

The script picks answers from the course by the question shown, so content edits (reordered choices,
reworded questions) do not break it."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import load_configured_course
from bot.config import Settings
from bot.console.main import start_console
from bot.core.course import Course, Question, QuestionType
from bot.services.quiz_replies import answer_keys, is_right_key
from tests.services.evidence_samples import LINUX

pytestmark = pytest.mark.timeout(60)
BUTTON = re.compile(r"\[(\d+)\] (\S[^\[\n]*?)(?=   \[|\n|$)")
QUESTION = re.compile(r"■ 📝 문제 (\d+)/(\d+) · [^\n]*\n─+\n(.+?)\n\n", re.DOTALL)


class Typist(io.TextIOBase):
    """stdin for the console: each line comes from `script`, which may read the output printed so far."""

    def __init__(self, script: Iterator[str]) -> None:
        self.script = script

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        return next(self.script, None) or ""

    def isatty(self) -> bool:
        return False


def buttons(printed: str) -> dict[str, int]:
    """The numbered actions of the last reply that had buttons: label -> number."""
    block = printed.rsplit("번호나 글자를 입력하면 버튼을 눌러요.", 2)[-2]
    rows = [row for row in block.splitlines() if re.match(r"\[\d+\] ", row)]
    return {label.strip(): int(number) for row in rows for number, label in BUTTON.findall(row)}


def shown_question(course: Course, printed: str) -> Question:
    *_, (_, _, prompt) = QUESTION.findall(printed)

    def squashed(text: str) -> str:  # the console wraps lines to the width
        return "".join(text.split())

    found = [q for q in course.questions if squashed(q.prompt) in squashed(prompt)]
    assert found, prompt
    return found[0]


def key_for(question: Question, *, right: bool) -> str:
    return next(k for k in answer_keys(question) if is_right_key(question, k) is right)


def study_day(course: Course, out: io.StringIO, seen: list[str]) -> Iterator[str]:
    def line(text: str) -> str:
        return text + "\n"

    yield line("/schedule set #study 25:00")  # bad time: the service's message, nothing saved
    yield line("/schedule set #study 09:00")
    yield line("/clock 09:00")  # the next morning: the post appears
    yield line("/as 준호")
    yield line(str(buttons(out.getvalue())["읽었어요 ✅"]))
    yield line("/quiz start count:11")  # out of Discord's 1-10 range
    yield line("/quiz start count:10")
    answered = 0
    while "■ 🏁" not in out.getvalue().rsplit("› ", 1)[-1]:
        printed = out.getvalue()
        question = shown_question(course, printed)
        seen.append(question.type.value)
        actions = buttons(printed)
        if question.type is QuestionType.SHORT:
            yield line(str(actions["✏️ 답 입력"]))
            assert isinstance(question.answer, str)
            yield line(question.answer)
        else:
            if answered == 0:
                yield line("9")  # no such button: the session goes on, the question stays
            key = key_for(question, right=answered != 1)  # the second question answered wrong
            yield line(str(actions[key]))
        answered += 1
        after = buttons(out.getvalue())
        yield line(str(after.get("다음 문제 ▶") or after["결과 보기 🏁"]))
    yield line("/mission confirm")
    yield from (line(text) for text in LINUX.splitlines())
    yield line("")
    yield line("")
    yield line("/progress")
    yield line("/leaderboard")
    yield line("/quit")


async def test_a_study_day_typed_on_stdin(tmp_path: Path) -> None:
    settings = Settings.from_env({"STUDYBOT_DB": str(tmp_path / "console.db")})
    course = load_configured_course(settings)
    out = io.StringIO()
    seen: list[str] = []
    code = await start_console(
        settings, as_name=None, stdin=Typist(study_day(course, out, seen)), stdout=out, at="2026-12-01 10:00"
    )
    text = out.getvalue()
    flat = " ".join(text.split())  # the console wraps to 80 columns
    assert code == 0
    assert "⚠️ '25:00'은 시간으로 읽을 수 없어요. 24시간제 HH:MM으로 적어 주세요." in flat
    assert "다음 게시: 12월 2일 (수) 09:00" in flat
    clock, rest = text.split("민지(운영진) › /clock 09:00\n", 1)[1].split("📣 #study 채널에 봇이 글을 올렸어요\n", 1)
    assert (
        " ".join(clock.split()) == "🕘 가상 시각을 옮겼어요: 2026-12-01(화) 10:00 → 2026-12-02(수) 09:00 (Asia/Seoul)"
    )
    assert f"■ 📅 오늘의 개념 (1일째) · {course.concepts[0].title}" in " ".join(rest.split())
    assert "읽음으로 기록했어요. 지금까지 1명이 읽었어요." in flat
    assert "⚠️ count 옵션은 1~10 사이의 정수로 적어 주세요 ('11'을(를) 받았어요)." in flat
    assert "⚠️ '9'에 해당하는 버튼이 없어요." in flat
    assert QuestionType.SHORT.value in seen and len(seen) >= 3
    assert "📝 답 입력 · 문제" in flat and "한 줄로 적고 Enter를 눌러요." in flat  # the one-line form
    assert flat.count("■ ❌ 아쉬워요, 오답이에요") == 1
    assert flat.count("■ ⭕ 정답이에요!") == len(seen) - 1
    assert "■ 🎉 미션 완료!" in flat
    assert "■ 📊 준호 님의 학습 현황" in flat
    assert re.search(r"🥇 준호 — \d+점", flat)
    assert text.endswith("다음에 또 만나요! 👋\n")
