"""pytest fixtures for the fake Discord. Load as a plugin: `pytest_plugins = ["tests.fakediscord.fixtures"]`.

- `fake_world`: the World the fake serves (override this fixture to customise guilds/members).
- `fake_discord`: a started FakeDiscord; stopped afterwards, and the test FAILS at teardown if the bot
  made any unexpected call (unknown route, a second interaction callback, an invalid form body, ...).
- `discord_at_fake`: the same FakeDiscord with this process's discord.py pointed at it
  (`discord.http.Route.BASE` and `DiscordWebSocket.DEFAULT_GATEWAY`, restored afterwards).

A bot run as a subprocess gets the same URLs through the environment variables
STUDYBOT_DISCORD_API_BASE / STUDYBOT_DISCORD_GATEWAY (and DISCORD_TOKEN): pass `fake_discord.env()`;
the bot does the pointing itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from .client import point_discord_at
from .server import DEFAULT_TOKEN, FakeDiscord
from .world import World


@pytest.fixture
def fake_world() -> World:
    return World.default()


@pytest.fixture
def fake_tokens() -> tuple[str, ...]:
    """The bot tokens the fake accepts (override to use a token of another shape)."""
    return (DEFAULT_TOKEN,)


@pytest.fixture
def fake_members_by_intent() -> bool:
    """True: like real Discord, GUILD_CREATE lists members only to a client with the members intent."""
    return False


@pytest_asyncio.fixture
async def fake_discord(
    fake_world: World, fake_tokens: tuple[str, ...], fake_members_by_intent: bool
) -> AsyncIterator[FakeDiscord]:
    fake = FakeDiscord(fake_world, tokens=fake_tokens, members_by_intent=fake_members_by_intent)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    if fake.unexpected_calls:
        listed = "\n  ".join(str(c) for c in fake.unexpected_calls)
        pytest.fail(f"the bot made unexpected calls to the fake Discord:\n  {listed}")


@pytest.fixture
def discord_at_fake(fake_discord: FakeDiscord) -> Iterator[FakeDiscord]:
    with point_discord_at(fake_discord):
        yield fake_discord
