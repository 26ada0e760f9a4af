"""Command sync only when the command tree changed: Discord allows 200 command creations a day per
guild, and a restart loop must not burn them. The hash of what was last synced lives in the database."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Protocol

import discord
from discord import app_commands

log = logging.getLogger("studybot.sync")


class StateStore(Protocol):
    async def get_state(self, key: str) -> str | None: ...

    async def set_state(self, key: str, value: str) -> None: ...


def tree_hash(tree: app_commands.CommandTree[discord.Client], guild: discord.abc.Snowflake | None) -> str:
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    payload.sort(key=lambda c: str(c.get("name")))
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def sync_if_changed(
    tree: app_commands.CommandTree[discord.Client], state: StateStore, dev_guild: int | None
) -> bool:
    """Sync to the development guild (instant) when one is set, else globally. Returns whether it synced."""
    guild = discord.Object(id=dev_guild) if dev_guild is not None else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    key = f"command_sync:{'guild:' + str(dev_guild) if dev_guild is not None else 'global'}"
    digest = tree_hash(tree, guild)
    if await state.get_state(key) == digest:
        log.info("commands unchanged since the last sync (%s); not syncing", key)
        return False
    synced = await tree.sync(guild=guild)
    await state.set_state(key, digest)
    log.info("synced %d commands (%s)", len(synced), key)
    return True
