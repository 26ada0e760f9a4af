"""`studybot run` as an operator runs it: a subprocess against the fake Discord."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.discord_app.conftest import CHECKOUT, TOKEN, bot_env, start_bot_process, subprocess_env
from tests.fakediscord import FakeDiscord

pytestmark = pytest.mark.timeout(60)


async def finish(process: asyncio.subprocess.Process, timeout: float = 15) -> tuple[int, str, str]:
    out, err = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def wait_for_file(path: Path, process: asyncio.subprocess.Process, timeout: float = 15) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not path.exists():
        if process.returncode is not None:
            raise AssertionError(f"the bot exited early with {process.returncode}")
        assert loop.time() < deadline, f"{path} did not appear"
        await asyncio.sleep(0.05)


def health(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "health"],
        env=subprocess_env(env),
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("", "봇 토큰이 없습니다. DISCORD_TOKEN 또는 DISCORD_TOKEN_FILE 을 설정하세요"),
        ("not-a-token", "봇 토큰의 형식이 올바르지 않습니다"),
        (
            "MTAwMDAwMDAwMDAwMDAwMDAw.GxXxXx.d3JvbmctdG9rZW4tcmVqZWN0ZWQtYnktZmFrZQ",
            "Discord가 봇 토큰을 거부했습니다 (401)",
        ),
    ],
    ids=["missing", "malformed", "rejected"],
)
async def test_bad_tokens_end_with_one_line_and_exit_code_2(
    fake: FakeDiscord, tmp_path: Path, token: str, expected: str
) -> None:
    process = await start_bot_process(bot_env(fake, tmp_path, DISCORD_TOKEN=token))
    code, out, err = await finish(process)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err and "Traceback" not in out
    assert [line for line in err.splitlines() if line.startswith(("studybot:", "설정 오류:"))] == [
        next(line for line in err.splitlines() if expected in line)
    ]
    if token:
        assert token not in err + out


async def test_token_file_is_read_like_a_docker_secret(fake: FakeDiscord, tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    env = bot_env(fake, tmp_path, DISCORD_TOKEN_FILE=str(secret))
    del env["DISCORD_TOKEN"]
    process = await start_bot_process(env)
    try:
        await wait_for_file(tmp_path / "health", process)
    finally:
        process.send_signal(signal.SIGTERM)
    code, _, err = await finish(process)
    assert code == 0, err


async def test_sigterm_stops_cleanly_and_health_tracks_the_connection(fake: FakeDiscord, tmp_path: Path) -> None:
    env = bot_env(fake, tmp_path)
    assert health(env).returncode == 1  # nothing running yet
    process = await start_bot_process(env)
    await fake.wait_for_call("PUT", r"/applications/\d+/commands$", timeout=15)
    await wait_for_file(tmp_path / "health", process)
    verdict = health(env)
    assert verdict.returncode == 0, verdict.stdout
    assert verdict.stdout.startswith("healthy")

    # Some writes, then SIGTERM.
    reply = await (await fake.send_slash_command(None, "minsu", "concept", "today")).reply()
    assert reply["embeds"]
    started = asyncio.get_running_loop().time()
    process.send_signal(signal.SIGTERM)
    code, _, err = await finish(process, timeout=10)
    assert code == 0, err
    assert asyncio.get_running_loop().time() - started < 10
    assert "stopped" in err
    # SIGTERM: the daily-post scheduler stops first, while the gateway is still up.
    assert err.index("stop requested") < err.index("scheduler stopped") < err.rindex("stopped\n")

    db = sqlite3.connect(tmp_path / "data" / "studybot.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT count(*) FROM concept_reads").fetchone()[0] == 1
    finally:
        db.close()
    after = health(env)
    assert after.returncode == 1 and "no heartbeat file" in after.stdout

    # A restart with the same database syncs nothing: the command tree has not changed.
    puts_before = len(fake.find_calls("PUT", r"/applications/\d+/commands$"))
    again = await start_bot_process(env)
    await wait_for_file(tmp_path / "health", again)
    again.send_signal(signal.SIGINT)
    code, _, err = await finish(again)
    assert code == 0, err
    assert len(fake.find_calls("PUT", r"/applications/\d+/commands$")) == puts_before
    assert "commands unchanged since the last sync" in err


async def test_debug_logs_never_show_the_bot_token_or_an_interaction_token(fake: FakeDiscord, tmp_path: Path) -> None:
    env = bot_env(fake, tmp_path, STUDYBOT_LOG_LEVEL="DEBUG", STUDYBOT_LOG_DISCORD_HTTP="1")
    process = await start_bot_process(env)
    await wait_for_file(tmp_path / "health", process)
    handle = await fake.send_slash_command(None, "minsu", "concept", "today")
    await handle.reply()
    interaction_token = handle.payload["token"]
    button = await fake.send_slash_command(None, "minsu", "concept", "list")
    await button.reply()
    process.send_signal(signal.SIGTERM)
    code, out, err = await finish(process)
    assert code == 0
    logs = out + err
    assert "WebSocket Event" in logs  # discord.py's gateway debug lines were on, and were scrubbed
    assert "/interactions/" in logs and "[redacted]" in logs
    assert TOKEN not in logs
    assert interaction_token not in logs
    assert button.payload["token"] not in logs
    assert len([line for line in logs.splitlines() if "/concept today guild=" in line and " ok" in line]) == 1


async def test_json_log_format_writes_one_object_per_line(fake: FakeDiscord, tmp_path: Path) -> None:
    import json

    env = bot_env(fake, tmp_path, STUDYBOT_LOG_FORMAT="json")
    process = await start_bot_process(env)
    await wait_for_file(tmp_path / "health", process)
    await (await fake.send_slash_command(None, "seoyeon", "concept", "today")).reply()
    process.send_signal(signal.SIGTERM)
    code, _, err = await finish(process)
    assert code == 0
    entries = [json.loads(line) for line in err.splitlines() if line.strip()]
    interaction = next(e for e in entries if e.get("interaction") == "/concept today")
    assert interaction["outcome"] == "ok" and isinstance(interaction["latency_ms"], int)
    assert interaction["user_id"] == fake.world.guild.member("seoyeon").id


async def test_an_unusable_database_path_ends_with_one_line_and_exit_code_2(fake: FakeDiscord, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    for db_path, expected in [
        (tmp_path, "폴더입니다. STUDYBOT_DB 에는 파일 경로를 주세요"),
        (blocker / "studybot.db", "열거나 만들 수 없습니다"),
    ]:
        process = await start_bot_process(bot_env(fake, tmp_path, STUDYBOT_DB=str(db_path)))
        code, out, err = await finish(process)
        assert code == 2, err
        assert expected in err and "Traceback" not in err + out
