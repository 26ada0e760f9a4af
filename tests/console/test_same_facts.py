"""The console and the Discord adapter give the same facts for the same history: they call the same
services, so what a member reads differs only in form. (More commands join once the Discord adapter has
them: /leaderboard scores, /progress, the daily post's concept of the day.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import App
from tests.console.driver import console
from tests.console.facts import discord_text, first_title, read_marks, reply_text

# The Discord side as tests/discord_app runs it: its token and its members-by-intent realism.
from tests.discord_app.conftest import fake_members_by_intent, fake_tokens, running_bot  # noqa: F401
from tests.fakediscord import FakeDiscord
from tests.store.support import seoul

pytestmark = pytest.mark.timeout(30)

# The same history on both sides: (command, subcommand, options).
HISTORY = [
    ("concept", "show", {"concept": "3"}),
    ("concept", "show", {"concept": "도커 이미지"}),
    ("concept", "today", {}),
]


def picked(app: App, typed: str) -> str:
    """What Discord sends for a concept the member picked from autocomplete: its id."""
    return app.course.concepts[int(typed) - 1].id if typed.isdigit() else app.concepts.find(typed).id


async def test_reads_and_titles_agree(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    fake = fake_discord
    (tmp_path / "discord").mkdir()
    on_discord: list[str] = []
    async with running_bot(fake, tmp_path / "discord") as bot:
        for name, sub, options in HISTORY:
            # Discord's autocomplete sends the concept id; a member picking "3." sends the third concept's id.
            sent = {key: picked(bot.app, value) if key == "concept" else value for key, value in options.items()}
            handle = await fake.send_slash_command(None, "minsu", name, sub, sent)
            on_discord.append(discord_text(await handle.reply()))
        handle = await fake.send_slash_command(None, "minsu", "concept", "list")
        discord_list = discord_text(await handle.reply())

    async with console(tmp_path / "console", seoul(2026, 12, 1, 9)) as c:
        for name, sub, options in HISTORY:
            before = len(c.replies)
            typed = " ".join(f"{key}:{value}" for key, value in options.items())
            await c.type(f"/{name} {sub} {typed}".strip())
            on_console = [reply_text(r) for r in c.replies[before:]]
            assert on_console, name
            assert first_title(on_console[0]) == first_title(on_discord.pop(0)), (name, sub, options)
        before = len(c.replies)
        await c.type("/concept list")
        console_list = reply_text(c.replies[before])

    assert read_marks(console_list) == read_marks(discord_list) == {1, 3, 9}
