"""(e) Idle scale: the bot connected to many servers. Each client runs in a fresh subprocess beside its own
fake Discord (tests/fakediscord), so RSS is that of one process; the client's share is the RSS after ready
minus the RSS before it started (the fake and its world of guilds are already built then).

Baseline: a bare discord.py client (guilds intent, no commands) on the same world, in the same run. Both
use the bot's guild_ready_timeout (2 s: discord.py waits that long after the last GUILD_CREATE), so
"start → ready" includes it. The studybot database holds a daily schedule per guild, set through
`ScheduleService.set_schedule` (what `/schedule set` calls); the bot is ready for commands once its
commands are synced and its DailyScheduler has built one job per schedule from the database and finished
the catch-up check of every server (nothing is due: a schedule set today never posts a past time).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Row, rss_mb

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAw.GfAkEt.ZmFrZS10b2tlbi1mb3ItdGVzdHMtb25seS0x"


@dataclass(frozen=True)
class Size:
    guilds: int
    members: int
    ready_timeout: float = 2.0  # the bot's own guild_ready_timeout; the smoke run shortens it


FULL = Size(1000, 50)
SMOKE = Size(5, 5, 0.1)


async def measure(kind: str, size: Size, folder: Path) -> dict[str, float]:
    import discord

    from bot.app import App
    from bot.config import Settings
    from bot.discord_app.client import StudyBotClient
    from tests.fakediscord import FakeDiscord, World
    from tests.fakediscord.client import point_discord_at, running_client

    world = World.default([f"서버{n}" for n in range(size.guilds)])
    for guild in world.guilds:
        for member in range(size.members - len(guild.members)):
            guild.add_member(f"user{member}", f"멤버{member}")
    fake = FakeDiscord(world, tokens=(TOKEN,), members_by_intent=True)
    await fake.start()
    db_path = folder / "studybot.db"
    env = {"DISCORD_TOKEN": TOKEN, "STUDYBOT_DB": str(db_path), "STUDYBOT_HEALTH_FILE": str(folder / "health")}
    if kind == "bot":
        setup = await App.build(Settings.from_env(env))
        for guild in world.guilds:
            channel = guild.text_channels()[0]
            await setup.schedules.set_schedule(
                guild.id, 1, channel_id=channel.id, channel_name=channel.name, time_text="09:00", zone_text=None
            )
        await setup.close()
    try:
        with point_discord_at(fake):
            gc.collect()
            before = rss_mb()
            start = time.perf_counter()
            app = None
            if kind == "bot":
                app = await App.build(Settings.from_env(env))
                client: discord.Client = StudyBotClient(
                    app, guild_ready_timeout=size.ready_timeout, settle_heap_when_ready=True
                )
            else:
                client = discord.Client(intents=discord.Intents(guilds=True), guild_ready_timeout=size.ready_timeout)
            try:
                async with running_client(client, TOKEN, ready_timeout=120):
                    connected = time.perf_counter()  # discord.py's ready: every GUILD_CREATE received
                    jobs = 0
                    if isinstance(client, StudyBotClient):
                        await asyncio.wait_for(client.synced.wait(), 60)
                        await asyncio.wait_for(client.scheduler.ready.wait(), 60)
                        await client.scheduler.idle()  # the catch-up check of every server
                        jobs = len(client.scheduler.scheduler.get_jobs())
                    ready = time.perf_counter() - start
                    assert len(client.guilds) == size.guilds
                    gc.collect()
                    after = rss_mb()
            finally:
                if app is not None:
                    await app.close()
    finally:
        await fake.stop()
    if kind == "bot" and jobs != size.guilds:
        raise RuntimeError(f"the scheduler loaded {jobs} jobs for {size.guilds} schedules")
    return {
        "ready_s": ready,
        "after_ready_s": start + ready - connected,
        "rss_mb": after,
        "client_mb": after - before,
        "jobs": jobs,
    }


def _child(kind: str, size: Size) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="studybot-bench-idle-") as tmp:
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.idle",
                kind,
                str(size.guilds),
                str(size.members),
                str(size.ready_timeout),
                tmp,
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=False,
        )
    if out.returncode != 0:
        raise RuntimeError(f"bench.idle {kind} failed:\n{out.stderr[-3000:]}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(size: Size) -> list[Row]:
    bare = _child("bare", size)
    bot = _child("bot", size)
    scale = f"{size.guilds:,} guilds × {size.members} members"
    base = "bare discord.py client"
    return [
        Row(
            "e",
            f"start → ready for commands, {scale}",
            bot["ready_s"],
            "s",
            bare["ready_s"],
            base,
            "≤ 5 s",
            note=f"both include discord.py's {size.ready_timeout:g} s guild_ready_timeout; the bot's includes "
            f"loading {bot['jobs']:.0f} schedules and their catch-up check",
        ),
        Row(
            "e",
            "discord.py ready → ready for commands",
            bot["after_ready_s"] * 1000,
            "ms",
            note=f"bare client: {bare['after_ready_s'] * 1000:.1f} ms (nothing to do). The bot: command sync check, schedules loaded into jobs, catch-up check of every server",
        ),
        Row(
            "e",
            f"RSS of the process after ready, {scale}",
            bot["rss_mb"],
            "MB",
            bare["rss_mb"],
            base,
            "≤ 120 MB",
            note="process = client + the fake Discord serving it",
        ),
        Row("e", "RSS the client added (after ready − before start)", bot["client_mb"], "MB", bare["client_mb"], base),
    ]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("bot", "bare"))
    parser.add_argument("guilds", type=int)
    parser.add_argument("members", type=int)
    parser.add_argument("ready_timeout", type=float)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(measure(args.kind, Size(args.guilds, args.members, args.ready_timeout), args.folder))))
