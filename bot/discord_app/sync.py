"""Command sync only when the command tree changed: Discord allows 200 command creations a day per
guild, and a restart loop must not burn them. The hash of what was last synced lives in the database:
for a development guild in that guild's settings, for the global commands in the bot's state.

The application id is part of the hash, so a database reused with another bot application (a new
token for another app) syncs again instead of believing that app already has the commands.

Either way the client learns the registered commands' ids (from the sync's answer, or with one fetch when
nothing changed): replies name commands as clickable mentions `</name sub:id>`, which need them."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Protocol

import discord
from discord import app_commands

log = logging.getLogger("studybot.sync")
GLOBAL_KEY = "command_sync:global"


class HasSyncHash(Protocol):
    @property
    def guild_id(self) -> int: ...

    @property
    def command_sync_hash(self) -> str | None: ...


class SyncStore(Protocol):
    async def get_state(self, key: str) -> str | None: ...

    async def set_state(self, key: str, value: str) -> None: ...

    async def get_guild(self, guild_id: int) -> HasSyncHash: ...

    async def update_guild(self, guild_id: int, *, command_sync_hash: str | None) -> HasSyncHash: ...

    async def list_guilds(self) -> Sequence[HasSyncHash]: ...


def tree_hash(
    tree: app_commands.CommandTree[discord.Client], guild: discord.abc.Snowflake | None, application_id: int | None
) -> str:
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    payload.sort(key=lambda c: str(c.get("name")))
    text = json.dumps({"application": application_id, "commands": payload}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def command_ids(commands: Sequence[app_commands.AppCommand]) -> dict[str, int]:
    """Top-level command name -> its id, as Discord registered it."""
    return {command.name: command.id for command in commands}


def command_ids_of(client: object) -> Mapping[str, int]:
    """The ids the client learned at start (empty before, or when sync failed: mentions fall back to text)."""
    ids = getattr(client, "command_ids", None)
    return ids if isinstance(ids, Mapping) else {}


async def sync_if_changed(
    tree: app_commands.CommandTree[discord.Client], store: SyncStore, dev_guild: int | None, application_id: int | None
) -> dict[str, int]:
    """Sync to the development guild (instant) when one is set, else globally, when the tree changed.
    Returns the registered commands' ids by top-level name."""
    if dev_guild is not None:
        guild = discord.Object(id=dev_guild)
        tree.copy_global_to(guild=guild)
        digest = tree_hash(tree, guild, application_id)
        if (await store.get_guild(dev_guild)).command_sync_hash == digest:
            log.info("commands unchanged since the last sync (guild %s); not syncing", dev_guild)
            return command_ids(await tree.fetch_commands(guild=guild))
        synced = await tree.sync(guild=guild)
        await store.update_guild(dev_guild, command_sync_hash=digest)
        log.info("synced %d commands to the development guild %s", len(synced), dev_guild)
        return command_ids(synced)
    await _clear_development_copies(tree, store)
    digest = tree_hash(tree, None, application_id)
    if await store.get_state(GLOBAL_KEY) == digest:
        log.info("commands unchanged since the last sync (global); not syncing")
        return command_ids(await tree.fetch_commands())
    synced = await tree.sync()
    await store.set_state(GLOBAL_KEY, digest)
    log.info("synced %d commands globally (can take up to an hour to show everywhere)", len(synced))
    return command_ids(synced)


async def _clear_development_copies(tree: app_commands.CommandTree[discord.Client], store: SyncStore) -> None:
    """Back from a development guild to global commands: the guild's own copies would show every command
    twice there, so they are removed once."""
    for settings in await store.list_guilds():
        if settings.command_sync_hash is None:
            continue
        guild = discord.Object(id=settings.guild_id)
        tree.clear_commands(guild=guild)
        await tree.sync(guild=guild)
        await store.update_guild(settings.guild_id, command_sync_hash=None)
        log.info("removed the development copies of the commands from guild %s", settings.guild_id)
