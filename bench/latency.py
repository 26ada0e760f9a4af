"""(a) Interaction latency through the fake Discord: from sending INTERACTION_CREATE to the fake receiving
the first callback, for `/concept today` on the real bot (App + StudyBotClient: a database read, a write
of the read, rendering) against the floor: a bare discord.py client whose one command answers "ok" at once.

Sequential (one interaction at a time) and 20 concurrent (20 members in flight, each sending the next as
soon as its answer came). The fake runs in the same process and event loop as the client, for both.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import discord
from discord import app_commands

from bench.measure import Row, percentile
from bot.app import App
from bot.config import Settings
from bot.discord_app.client import StudyBotClient
from tests.fakediscord import FakeDiscord, World
from tests.fakediscord.client import point_discord_at, running_client

TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seS0x"
CONCURRENCY = 20
MEMBERS = ("minsu", "seoyeon", "jihoon")


@dataclass(frozen=True)
class Size:
    sequential: int
    concurrent: int  # interactions in total at CONCURRENCY in flight


FULL = Size(300, 600)
SMOKE = Size(5, 20)

Send = Callable[[int], Awaitable[float]]


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


def sender(fake: FakeDiscord, name: str, subcommand: str | None) -> Send:
    async def send(n: int) -> float:
        start = time.perf_counter()
        handle = await fake.send_slash_command(None, MEMBERS[n % len(MEMBERS)], name, subcommand)
        await handle.callback(timeout=30)
        return time.perf_counter() - start

    return send


@asynccontextmanager
async def bot_sender(fake: FakeDiscord, folder: Path) -> AsyncIterator[Send]:
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": TOKEN,
            "STUDYBOT_DB": str(folder / "studybot.db"),
            "STUDYBOT_HEALTH_FILE": str(folder / "health"),
        }
    )
    app = await App.build(settings)
    client = StudyBotClient(app, guild_ready_timeout=0.1)
    try:
        async with running_client(client, TOKEN):
            await asyncio.wait_for(client.synced.wait(), 10)
            yield sender(fake, "concept", "today")
    finally:
        await app.close()


@asynccontextmanager
async def bare_sender(fake: FakeDiscord) -> AsyncIterator[Send]:
    client = BareClient()
    async with running_client(client, TOKEN):
        await fake.wait_for_call("PUT", r"/applications/\d+/commands$")
        yield sender(fake, "ping", None)


async def measure(send: Send, size: Size) -> tuple[list[float], list[float]]:
    for n in range(5):  # warm up: first-use imports and caches
        await send(n)
    sequential = [await send(n) for n in range(size.sequential)]
    numbers = iter(range(size.concurrent))
    concurrent: list[float] = []

    async def member() -> None:
        for n in numbers:
            concurrent.append(await send(n))

    await asyncio.gather(*(member() for _ in range(CONCURRENCY)))
    return sequential, concurrent


async def run_async(size: Size) -> list[Row]:
    results: dict[str, tuple[list[float], list[float]]] = {}
    for kind in ("bare", "bot"):
        async with FakeDiscord(World.default(), tokens=(TOKEN,), members_by_intent=True) as fake:
            with point_discord_at(fake), tempfile.TemporaryDirectory(prefix="studybot-bench-lat-") as tmp:
                context = bot_sender(fake, Path(tmp)) if kind == "bot" else bare_sender(fake)
                async with context as send:
                    results[kind] = await measure(send, size)
            if fake.unexpected_calls:
                raise RuntimeError(f"unexpected calls to the fake: {fake.unexpected_calls}")
    rows = []
    base = "bare client, no-op command"
    for index, mode in ((0, "sequential"), (1, f"{CONCURRENCY} concurrent")):
        bot, bare = results["bot"][index], results["bare"][index]
        for q, target in ((50, "≤ 2× floor" if index == 0 else ""), (95, ""), (99, "< 100 ms" if index else "")):
            rows.append(
                Row(
                    "a",
                    f"/concept today p{q}, {mode} (n={len(bot)})",
                    percentile(bot, q) * 1000,
                    "ms",
                    percentile(bare, q) * 1000,
                    base,
                    target,
                )
            )
    return rows


def run(size: Size) -> list[Row]:
    return asyncio.run(run_async(size))
