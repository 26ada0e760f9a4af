"""Running the real discord.py client against the fake, in-process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator

import discord
import discord.gateway
import discord.http
import yarl

from .server import FakeDiscord


@contextlib.contextmanager
def point_discord_at(fake: FakeDiscord) -> Iterator[None]:
    """Make discord.py (in this process) use the fake's REST base and gateway; restored afterwards.

    A bot started as a subprocess cannot be patched: it gets the same URLs from the environment
    variables STUDYBOT_DISCORD_API_BASE / STUDYBOT_DISCORD_GATEWAY (see `FakeDiscord.env()`), and the
    bot itself does this pointing.
    """
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


class _ErrorLogs(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def raise_if_died(task: asyncio.Task[None]) -> None:
    """Raise the client's exception if `client.start()` ended (a gateway parser error ends it)."""
    if task.done() and not task.cancelled() and task.exception() is not None:
        raise task.exception()  # type: ignore[misc]


@contextlib.asynccontextmanager
async def running_client(
    client: discord.Client, token: str, *, ready_timeout: float = 5.0, fail_on_error_logs: bool = True
) -> AsyncIterator[asyncio.Task[None]]:
    """Start `client` (already pointed at the fake), wait for on_ready, yield the `client.start()` task,
    then close it. Fails if the task died, or (by default) if discord.py logged an ERROR such as
    "Ignoring exception in command ..." — an exception in the bot's handler."""
    errors = _ErrorLogs()
    logger = logging.getLogger("discord")
    logger.addHandler(errors)
    task = asyncio.create_task(client.start(token), name="fake-discord-client")
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + ready_timeout
        while not client.is_ready():
            if task.done():
                raise_if_died(task)
                raise RuntimeError("client.start() returned before on_ready")
            if loop.time() > deadline:
                raise TimeoutError(f"client not ready within {ready_timeout}s")
            await asyncio.sleep(0.01)
        yield task
        raise_if_died(task)
    finally:
        logger.removeHandler(errors)
        await client.close()
        await asyncio.wait({task}, timeout=5)
        if not task.done():
            task.cancel()
            await asyncio.wait({task}, timeout=1)
    raise_if_died(task)
    if fail_on_error_logs and errors.records:
        text = "\n".join(f"{r.name}: {r.getMessage()}" for r in errors.records)
        raise AssertionError(f"discord.py logged errors while the client ran:\n{text}")
