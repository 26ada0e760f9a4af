"""Issue 12 item 5: while organizers run `/study report` and `/study export` on a large server, a member's
`/concept today` and quiz click are still answered inside Discord's 3-second window. The fake Discord
enforces the window itself (a first callback more than 3 s after the interaction's creation gets 10062
and is recorded as an unexpected call), so the test asserts no times of its own.

The history is written through the store's write path (the calls a click makes, scoring included), by
the benchmark's generator (bench/bigserver.py), 3,000 members × 10 answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bench.bigserver import generate
from tests.discord_app.conftest import RunningBot
from tests.fakediscord import World

pytestmark = pytest.mark.timeout(60)
MEMBERS, ANSWERS = 3000, 10
ANSWER_KEYS = {"A", "B", "C", "D", "E", "O", "X"}
ROUNDS = 3


def answer_button(message: dict[str, Any]) -> str | None:
    labels = [(c.get("label"), c.get("custom_id")) for row in message["components"] for c in row["components"]]
    return next((str(custom_id) for label, custom_id in labels if label in ANSWER_KEYS), None)


async def open_quiz(bot: RunningBot, member: str) -> tuple[dict[str, Any], str]:
    """A quiz whose current question has answer buttons (a typed-answer question is skipped)."""
    for _ in range(5):
        message = await (await bot.fake.send_slash_command(None, member, "quiz", "start")).reply()
        custom_id = answer_button(message)
        if custom_id is not None:
            return message, custom_id
    raise AssertionError("five quizzes in a row began with a typed-answer question")


async def test_concept_today_and_a_quiz_click_are_answered_in_time_while_report_and_export_run(
    bot: RunningBot, world: World
) -> None:
    guild = world.guild
    await generate(bot.app.db, bot.app.course, guild.id, MEMBERS, ANSWERS, seed=12)
    quizzes = [await open_quiz(bot, "minsu") for _ in range(ROUNDS)]

    for message, custom_id in quizzes:
        # the organizer's report and export first, then the members, all in flight together
        report = await bot.fake.send_slash_command(None, "organizer", "study", "report")
        export = await bot.fake.send_slash_command(None, "organizer", "study", "export")
        today = await bot.fake.send_slash_command(None, "seoyeon", "concept", "today")
        click = await bot.fake.click_button(None, "minsu", message, custom_id)
        shown_today, feedback, shown_report, shown_export = await asyncio.gather(
            today.reply(timeout=20), click.reply(timeout=20), report.reply(timeout=20), export.reply(timeout=20)
        )
        assert shown_today["embeds"][0]["title"].startswith("📚 첫 개념 미리 보기"), shown_today
        assert feedback["embeds"][0]["title"].startswith(("⭕", "❌")), feedback
        assert shown_report["embeds"][0]["title"] == "📋 스터디 리포트", shown_report
        (csv_file,) = shown_export["files"]
        assert csv_file.filename.endswith(".csv") and csv_file.data.count(b"\n") > MEMBERS
        # a 10062 (first callback after 3 s), or any other refusal of the fake, is an unexpected call
        assert bot.fake.unexpected_calls == []
