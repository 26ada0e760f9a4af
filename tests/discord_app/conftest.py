"""The real bot (object graph, client, command tree) against the project's fake Discord."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.app import App
from bot.config import Settings
from bot.discord_app.client import StudyBotClient
from tests.fakediscord import FakeDiscord, World
from tests.fakediscord.client import point_discord_at, running_client

# Shaped like a real bot token (id.timestamp.hmac) so that the bot's own format check passes.
TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seS0x"
CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_tokens() -> tuple[str, ...]:
    return (TOKEN,)


@pytest.fixture
def fake_members_by_intent() -> bool:
    # Like real Discord: GUILD_CREATE lists only the bot to a client without the members intent, so
    # nothing here can pass by relying on a member cache the bot will not have in production.
    return True


@pytest.fixture
def world(fake_world: World) -> World:
    return fake_world


@pytest.fixture
def fake(fake_discord: FakeDiscord) -> FakeDiscord:
    return fake_discord


def bot_env(fake: FakeDiscord, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        "DISCORD_TOKEN": TOKEN,
        "STUDYBOT_DB": str(tmp_path / "data" / "studybot.db"),
        "STUDYBOT_HEALTH_FILE": str(tmp_path / "health"),
        "STUDYBOT_DISCORD_API_BASE": fake.api_base,
        "STUDYBOT_DISCORD_GATEWAY": fake.gateway_url,
    }
    env.update(extra)
    return env


@dataclass
class RunningBot:
    fake: FakeDiscord
    client: StudyBotClient
    app: App
    task: asyncio.Task[None]


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, tmp_path: Path, **env: str) -> AsyncIterator[RunningBot]:
    """The real object graph and client, in this process, against the fake; closed afterwards."""
    settings = Settings.from_env(bot_env(fake, tmp_path, **env))
    app = await App.build(settings)
    client = StudyBotClient(app, guild_ready_timeout=0.1)
    try:
        with point_discord_at(fake):
            async with running_client(client, TOKEN) as task:
                await asyncio.wait_for(client.synced.wait(), 5)
                yield RunningBot(fake, client, app, task)
    finally:
        await app.close()


@pytest_asyncio.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[RunningBot]:
    async with running_bot(fake, tmp_path) as running:
        yield running


def subprocess_env(env: dict[str, str]) -> dict[str, str]:
    """The test's environment (PATH, the venv) with the bot's settings on top, and unbuffered output."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("STUDYBOT_", "DISCORD_TOKEN"))}
    return {**base, "PYTHONUNBUFFERED": "1", **env}


async def start_bot_process(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        env=subprocess_env(env),
        cwd=CHECKOUT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def command_mention(fake: FakeDiscord, name: str) -> str:
    """How a reply names a command: a clickable mention when Discord has it registered, else the typed form."""
    ids = {c["name"]: c["id"] for c in fake.synced_commands()}
    top = name.split(" ")[0]
    return f"</{name}:{ids[top]}>" if top in ids else f"`/{name}`"
