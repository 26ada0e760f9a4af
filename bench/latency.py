"""(a) Interaction latency through the fake Discord: from sending INTERACTION_CREATE to the fake receiving
the first callback, on the real bot (App.build + StudyBotClient, a real database) for `/quiz start` (pick
questions, store the session, render the first question) and for the click on an answer button of that
question (judge, record the answer with its scoring in one transaction, render the feedback), against the
floor: a bare discord.py client whose one command answers "ok" at once.

Sequential (one member at a time) and 20 concurrent (20 members in flight, each doing the next as soon as
its answer came). The fake runs in the same process and event loop as the client, for both.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

from bench.measure import Row, percentile
from bot.app import App
from bot.config import Settings
from bot.discord_app.client import StudyBotClient
from tests.fakediscord import FakeDiscord, World
from tests.fakediscord.client import point_discord_at, running_client
from tests.fakediscord.interactions import InteractionHandle

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seS0x"
CONCURRENCY = 20
MEMBERS = tuple(f"member{n}" for n in range(CONCURRENCY))


@dataclass(frozen=True)
class Size:
    sequential: int
    concurrent: int  # interactions in total at CONCURRENCY in flight


FULL = Size(1000, 2000)  # quizzes: each a start and (unless a typed-answer question) a click
SMOKE = Size(5, 20)


class BareClient(discord.Client):
    """The floor: discord.py and one command that answers at once."""

    def __init__(self) -> None:
        super().__init__(intents=discord.Intents(guilds=True), guild_ready_timeout=0.1)
        self.tree = app_commands.CommandTree(self)

        @self.tree.command(name="ping", description="no-op")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("ok", ephemeral=True)

    async def setup_hook(self) -> None:
        await self.tree.sync()


ANSWER_KEYS = {"A", "B", "C", "D", "E", "O", "X"}


@dataclass
class Samples:
    start: list[float] = field(default_factory=list)  # /quiz start (or the bare client's /ping)
    click: list[float] = field(default_factory=list)  # the answer click (the bot only)


async def timed_callback(send: Awaitable[InteractionHandle]) -> tuple[InteractionHandle, float]:
    start = time.perf_counter()
    handle = await send
    await handle.callback(timeout=30)
    return handle, time.perf_counter() - start


def answer_button(message: dict[str, Any]) -> str | None:
    """The custom id of the first answer button (A-E, O/X); None for a typed-answer question."""
    for row in message.get("components", []):
        for component in row["components"]:
            if component.get("label") in ANSWER_KEYS:
                return str(component["custom_id"])
    return None


Member = Callable[[str, Samples], Awaitable[None]]


def quiz_member(fake: FakeDiscord) -> Member:
    async def play(member: str, out: Samples) -> None:
        handle, seconds = await timed_callback(fake.send_slash_command(None, member, "quiz", "start"))
        out.start.append(seconds)
        message = await handle.reply(settle=0)
        custom_id = answer_button(message)
        if custom_id is None:
            return
        _, seconds = await timed_callback(fake.click_button(None, member, message, custom_id))
        out.click.append(seconds)

    return play


def ping_member(fake: FakeDiscord) -> Member:
    async def ping(member: str, out: Samples) -> None:
        _, seconds = await timed_callback(fake.send_slash_command(None, member, "ping"))
        out.start.append(seconds)

    return ping


@asynccontextmanager
async def bot_member(fake: FakeDiscord, folder: Path) -> AsyncIterator[Member]:
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": TOKEN,
            "STUDYBOT_DB": str(folder / "studybot.db"),
            "STUDYBOT_HEALTH_FILE": str(folder / "health"),
        }
    )
    app = await App.build(settings)
    client = StudyBotClient(app, guild_ready_timeout=0.1, settle_heap_when_ready=True)
    try:
        async with running_client(client, TOKEN):
            await asyncio.wait_for(client.synced.wait(), 10)
            yield quiz_member(fake)
    finally:
        await app.close()


@asynccontextmanager
async def bare_member(fake: FakeDiscord) -> AsyncIterator[Member]:
    client = BareClient()
    async with running_client(client, TOKEN):
        await fake.wait_for_call("PUT", r"/applications/\d+/commands$")
        yield ping_member(fake)


async def measure(play: Member, size: Size) -> tuple[Samples, Samples]:
    for n in range(5):  # warm up: first-use imports and caches
        await play(MEMBERS[n % CONCURRENCY], Samples())
    sequential = Samples()
    for n in range(size.sequential):
        await play(MEMBERS[n % CONCURRENCY], sequential)
    rounds = iter(range(size.concurrent))
    concurrent = Samples()

    async def member(name: str) -> None:
        for _ in rounds:
            await play(name, concurrent)

    await asyncio.gather(*(member(name) for name in MEMBERS))
    return sequential, concurrent


def world() -> World:
    the_world = World.default()
    for name in MEMBERS:
        the_world.guild.add_member(name)
    return the_world


async def run_async(size: Size) -> list[Row]:
    results: dict[str, tuple[Samples, Samples]] = {}
    for kind in ("bare", "bot"):
        async with FakeDiscord(world(), tokens=(TOKEN,), members_by_intent=True) as fake:
            with point_discord_at(fake), tempfile.TemporaryDirectory(prefix="studybot-bench-lat-") as tmp:
                context = bot_member(fake, Path(tmp)) if kind == "bot" else bare_member(fake)
                async with context as play:
                    results[kind] = await measure(play, size)
            if fake.unexpected_calls:
                raise RuntimeError(f"unexpected calls to the fake: {fake.unexpected_calls}")
    rows = []
    base = "bare client, no-op command"
    for index, mode in ((0, "sequential"), (1, f"{CONCURRENCY} concurrent")):
        bare = results["bare"][index].start
        bot = results["bot"][index]
        for what, samples in (("/quiz start", bot.start), ("answer click", bot.click)):
            for q in (50, 95, 99):
                target = "≤ 2× floor" if q == 50 else ("< 100 ms" if q == 99 and index else "")
                rows.append(
                    Row(
                        "a",
                        f"{what} p{q}, {mode} (n={len(samples)})",
                        percentile(samples, q) * 1000,
                        "ms",
                        percentile(bare, q) * 1000,
                        base,
                        target,
                    )
                )
    return rows


def run(size: Size) -> list[Row]:
    return asyncio.run(run_async(size))
