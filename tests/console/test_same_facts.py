"""The console and the Discord adapter give the same facts for the same history, each history driven
through that adapter's own path (slash commands and button clicks on the fake Discord; typed lines and
numbered actions in the console): they call the same services, so what a member reads differs only in
form. Nothing is set by hand: the daily posts come from the schedule and the clock on both sides."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import App
from tests.console.driver import ConsoleDriver, console
from tests.console.facts import (
    answer_action,
    discord_text,
    first_title,
    points,
    quiz_session,
    read_marks,
    reply_text,
)

# The Discord side as tests/discord_app runs it: its token and its members-by-intent realism.
from tests.discord_app.conftest import fake_members_by_intent, fake_tokens, running_bot  # noqa: F401
from tests.discord_app.schedule_support import SimClock, bot_at, bot_posts, command, fire
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
            # Discord answers a preview's notice first and the concept as the reply; compare the titled one.
            on_console = [reply_text(r) for r in c.replies[before:] if r.title]
            assert on_console, name
            assert first_title(on_console[0]) == first_title(on_discord.pop(0)), (name, sub, options)
        before = len(c.replies)
        await c.type("/concept list")
        console_list = reply_text(c.replies[before])

    assert read_marks(console_list) == read_marks(discord_list) == {1, 3, 9}


def _actions(message: dict) -> list[str]:  # type: ignore[type-arg]
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


def _pending(c: ConsoleDriver) -> list[str]:
    return [b.action for b in c.session.pending]


async def _press(c: ConsoleDriver, action: str) -> str:
    """Press the numbered action whose button has this custom id, by typing its number."""
    return await c.type(str(_pending(c).index(action) + 1))


async def _question_id(app: App, guild_id: int, action: str) -> str:
    session_id, position = quiz_session(action)
    session = await app.db.quizzes.get_quiz_session(guild_id, session_id)
    assert session is not None
    return session.question_ids[position]


async def test_a_study_day_gives_the_same_post_quiz_reads_and_points(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    """09:00 post by the schedule; a member reads it and takes the post's quiz (one right, one wrong); the
    next morning's post; then the concept of the day, the read marks and the points agree."""
    fake = fake_discord
    guild_id = fake.world.guild.id
    study = fake.world.guild.channel("study")
    clock = SimClock(seoul(2026, 12, 1, 8))
    (tmp_path / "discord").mkdir()
    async with bot_at(fake, tmp_path / "discord", clock) as bot:
        set_reply = await (
            await command(bot, "organizer", "schedule", "set", {"channel": "study", "time": "09:00"})
        ).reply()
        clock.set(seoul(2026, 12, 1, 9))
        await fire(bot, guild_id)
        post = bot_posts(fake, study)[0]
        await (await fake.click_button(None, "minsu", post, "post:read:0")).reply()
        quiz = await (await fake.click_button(None, "minsu", post, "quiz:concept:0")).reply()
        first = await _question_id(bot.app, guild_id, _actions(quiz)[0])
        right = answer_action(bot.app.course, first, _actions(quiz), right=True)
        answered = await (await fake.click_button(None, "minsu", quiz, right)).reply()
        following = next(a for a in _actions(answered) if a.startswith("quiz:next:"))
        quiz = await (await fake.click_button(None, "minsu", answered, following)).reply()
        second = await _question_id(bot.app, guild_id, _actions(quiz)[0])
        wrong = answer_action(bot.app.course, second, _actions(quiz), right=False)
        await (await fake.click_button(None, "minsu", quiz, wrong)).reply()
        clock.set(seoul(2026, 12, 2, 9))
        await fire(bot, guild_id)
        discord_posts = [p["embeds"][0]["title"] for p in bot_posts(fake, study)]
        today = discord_text(await (await command(bot, "minsu", "concept", "today")).reply())
        marks = read_marks(discord_text(await (await command(bot, "minsu", "concept", "list")).reply()))
        # /leaderboard is not on Discord yet: the standing its service gives for the Discord-driven history.
        discord_points = points(reply_text(await bot.app.progress.leaderboard(guild_id, "all")))

    async with console(tmp_path / "console", seoul(2026, 12, 1, 8)) as c:
        said = await c.type("/schedule set #study 09:00")
        assert first_title(said.removeprefix("─" * 60 + "\n").removeprefix("■ ")) == set_reply["embeds"][0]["title"]
        out = await c.type("/clock 09:00")
        await c.type("/as 준호")
        await _press(c, "post:read:0")
        await _press(c, "quiz:concept:0")
        assert await _question_id(c.session.app, c.session.world.guild_id, _pending(c)[0]) == first
        await _press(c, answer_action(c.session.app.course, first, _pending(c), right=True))
        await _press(c, next(a for a in _pending(c) if a.startswith("quiz:next:")))
        assert await _question_id(c.session.app, c.session.world.guild_id, _pending(c)[0]) == second
        await _press(c, answer_action(c.session.app.course, second, _pending(c), right=False))
        out += await c.type("/clock +1d")
        console_posts = [r.title for r in c.replies if r.title and r.title.startswith("📅")]
        before = len(c.replies)
        await c.type("/concept today")
        console_today = reply_text(next(r for r in c.replies[before:] if r.title))
        before = len(c.replies)
        await c.type("/concept list")
        console_marks = read_marks(reply_text(c.replies[before]))
        before = len(c.replies)
        await c.type("/leaderboard period:all")
        console_points = points(reply_text(c.replies[before]))

    assert out.count("📣 #study 채널에 봇이 글을 올렸어요") == 2
    assert console_posts == discord_posts and len(discord_posts) == 2
    assert first_title(console_today) == first_title(today) and "(2일째)" in first_title(today)
    assert console_marks == marks == {1, 2}  # the post read by its button, the second by /concept today
    assert console_points == discord_points and len(discord_points) == 1 and discord_points[0] > 0
