"""Terminal text: Hangul and emoji take two cells, wrapping never breaks a word that fits, markdown marks
go, colour only for a terminal without NO_COLOR."""

from __future__ import annotations

import io

import pytest

from bot.console.clock import parse_target
from bot.console.terminal import Style, display_width, strip_markdown, wrap, wrap_line
from tests.store.support import SEOUL, seoul


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("도커") == 4
    assert display_width("docker") == 6
    assert display_width("🐳 미션") == 7
    assert display_width("⚠️") == 2  # narrow sign + emoji variation selector
    assert display_width("한\u0301") == 2  # a combining mark takes no cell


def test_wrap_breaks_at_spaces_by_cells() -> None:
    lines = wrap_line("컨테이너는 호스트 OS 커널을 공유해서 가볍고 빠르다", 20)
    assert lines == ["컨테이너는 호스트 OS", "커널을 공유해서", "가볍고 빠르다"]
    assert all(display_width(line) <= 20 for line in lines)


def test_wrap_keeps_bullets_hanging_and_cuts_only_overlong_words() -> None:
    assert wrap_line("• 도커 버전 확인하기 그리고 hello-world 실행하기", 22) == [
        "• 도커 버전 확인하기",
        "  그리고 hello-world",
        "  실행하기",
    ]
    assert wrap_line("가" * 12, 10) == ["가" * 5, "가" * 5, "가" * 2]
    assert wrap("짧은 줄\n\n다음 줄", 40) == "짧은 줄\n\n다음 줄"
    assert wrap_line("길게 " * 30, 0) == ["길게 " * 30]  # width 0: unwrapped


def test_markdown_marks_are_removed_but_words_and_bullets_stay() -> None:
    text = "**굵게**는 `docker run` 과 *하드웨어 레벨*의 __용어__, [문서](https://docs.docker.com)\n* 항목\n2 * 3 * 4"
    assert strip_markdown(text) == (
        "굵게는 docker run 과 하드웨어 레벨의 용어, 문서 (https://docs.docker.com)\n* 항목\n2 * 3 * 4"
    )


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "env", "coloured"),
    [
        (FakeTTY(), {}, True),
        (FakeTTY(), {"NO_COLOR": "1"}, False),
        (FakeTTY(), {"NO_COLOR": ""}, True),  # no-color.org: an empty value does not count
        (io.StringIO(), {}, False),
    ],
)
def test_colour_only_on_a_terminal_without_no_color(stream: io.StringIO, env: dict[str, str], coloured: bool) -> None:
    style = Style.for_stream(stream, env)
    assert (style.bold("제목") != "제목") is coloured


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+1d", seoul(2026, 12, 2, 9)),
        ("1w", seoul(2026, 12, 8, 9)),
        ("+2h30m", seoul(2026, 12, 1, 11, 30)),
        ("2026-12-03 21:00", seoul(2026, 12, 3, 21)),
        ("2026-12-03", seoul(2026, 12, 3, 0)),
        ("10:00", seoul(2026, 12, 1, 10)),
        ("08:00", seoul(2026, 12, 2, 8)),
        ("25:00", None),
        ("2026-13-01", None),
        ("soon", None),
    ],
)
def test_clock_targets(typed: str, expected: object) -> None:
    assert parse_target(typed, seoul(2026, 12, 1, 9), SEOUL) == expected
