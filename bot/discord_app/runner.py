"""`studybot run`: build the graph, connect, and stop cleanly on SIGTERM/SIGINT.

Exit codes: 0 after a requested stop, 2 when the settings, token, course or database make running
impossible (one line says which and what to do), 1 when the connection ends unexpectedly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import discord

from bot.app import App, CourseUnavailable, load_configured_course
from bot.config import Settings
from bot.discord_app.client import StudyBotClient, point_discord_at
from bot.logs import REDACTOR
from bot.store.errors import StoreError

log = logging.getLogger("studybot.run")
SHUTDOWN_SECONDS = 8.0


def fail(message: str) -> int:
    print(f"studybot: {message}", file=sys.stderr)
    return 2


async def serve(settings: Settings, *, guild_ready_timeout: float = 2.0) -> int:
    token = settings.token()  # ConfigError (missing or malformed) is reported by the CLI, exit 2
    REDACTOR.add(token)
    try:
        course = load_configured_course(settings)
    except CourseUnavailable as exc:
        return fail(str(exc))
    try:
        app = await App.build(settings, course)
    except StoreError as exc:
        return fail(f"데이터베이스 {settings.db_path}: {exc}")
    point_discord_at(settings.api_base, settings.gateway)
    client = StudyBotClient(app, guild_ready_timeout=guild_ready_timeout, settle_heap_when_ready=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    client_task = asyncio.create_task(client.start(token), name="discord-client")
    stop_task = asyncio.create_task(stop.wait(), name="stop-signal")
    code = 0
    try:
        await asyncio.wait({client_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            log.info("stop requested: shutting down")
        else:
            code = _client_outcome(client_task)
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        stop_task.cancel()
        await _shutdown(client, client_task, app)
    return code


def _client_outcome(task: asyncio.Task[None]) -> int:
    error = task.exception()
    if isinstance(error, discord.LoginFailure):
        return fail(
            "Discord가 봇 토큰을 거부했습니다 (401). 개발자 포털 > Bot 에서 토큰을 다시 발급해 DISCORD_TOKEN 에 넣어 주세요."
        )
    if isinstance(error, discord.PrivilegedIntentsRequired):
        return fail(
            "Discord가 요청한 인텐트를 거부했습니다. 개발자 포털의 Privileged Gateway Intents 설정을 확인하세요."
        )
    if error is not None:
        log.error("the Discord connection ended with an error", exc_info=error)
        return 1
    log.error("the Discord connection ended without a stop request")
    return 1


async def _shutdown(client: StudyBotClient, client_task: asyncio.Task[None], app: App) -> None:
    """Scheduler first (no new work), then the gateway, then the database."""
    await client.scheduler.shutdown()
    try:
        await asyncio.wait_for(client.close(), SHUTDOWN_SECONDS)
    except TimeoutError:
        log.warning("the Discord client did not close within %.0fs", SHUTDOWN_SECONDS)
    if not client_task.done():
        client_task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await client_task
    await app.close()
    log.info("stopped")
