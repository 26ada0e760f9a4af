"""The fake Discord's optional global rate limit (off by default): over `per_second` requests it answers
429 with `retry_after` and `global: true` and the headers discord.py needs to retry (`Via`), and the real
discord.py client waits and retries until every request went through. Interaction callbacks are exempt."""

from __future__ import annotations

import asyncio

import discord
import pytest

from tests.fakediscord import FakeDiscord
from tests.fakediscord.client import point_discord_at, running_client

pytestmark = pytest.mark.timeout(30)
PER_SECOND, WINDOW = 50.0, 0.1  # 5 requests per 0.1 s window
MESSAGES = 12  # three windows: about 0.2 s of retrying


async def test_discord_py_retries_global_429s_until_every_message_is_sent() -> None:
    async with FakeDiscord() as fake:
        channel = fake.world.guild.text_channels()[0]
        client = discord.Client(intents=discord.Intents(guilds=True), guild_ready_timeout=0.1)
        with point_discord_at(fake):
            async with running_client(client, fake.token):
                limit = fake.limit_global_rate(PER_SECOND, window=WINDOW)
                target = client.get_partial_messageable(channel.id)
                await asyncio.gather(*(target.send(f"#{n}") for n in range(MESSAGES)))
        contents = sorted(m["content"] for m in fake.channel_messages(channel))
        assert contents == sorted(f"#{n}" for n in range(MESSAGES))
        assert limit.passed == MESSAGES and limit.limited > 0
        limited = [c for c in fake.calls if c.status == 429]
        assert len(limited) == limit.limited
        assert all(c.response["global"] is True and c.response["retry_after"] > 0 for c in limited)
        assert fake.unexpected_calls == []


def test_the_limit_is_off_unless_asked_and_spares_interaction_callbacks() -> None:
    fake = FakeDiscord()
    assert fake.core.global_limit is None
    limit = fake.limit_global_rate(1)
    assert limit.applies_to("/channels/1/messages")
    assert not limit.applies_to("/interactions/1/token/callback")
    assert not limit.applies_to("/webhooks/1/token/messages/@original")
    assert limit.take() == 0.0  # the first request of the second
    assert 0 < limit.take() <= 1.0  # the next must wait for the next second
