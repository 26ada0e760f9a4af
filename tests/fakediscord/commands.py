"""Application commands the bot synced (global scope = None, or a guild id)."""

from __future__ import annotations

import copy
from typing import Any

from .util import new_id

SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2


class CommandRegistry:
    def __init__(self, application_id: int) -> None:
        self.application_id = application_id
        self.synced: dict[int | None, list[dict[str, Any]]] = {}
        self._ids: dict[tuple[int | None, str, int], int] = {}

    def _complete(self, scope: int | None, body: dict[str, Any]) -> dict[str, Any]:
        cmd = copy.deepcopy(body)
        cmd.setdefault("type", 1)
        key = (scope, cmd["name"], cmd["type"])
        cmd_id = self._ids.setdefault(key, new_id())  # re-syncing keeps ids, like Discord
        cmd.update(id=str(cmd_id), application_id=str(self.application_id), version=str(new_id()))
        cmd.setdefault("description", "")
        cmd.setdefault("options", [])
        cmd.setdefault("default_member_permissions", None)
        cmd.setdefault("nsfw", False)
        if scope is not None:
            cmd["guild_id"] = str(scope)
        return cmd

    def replace(self, scope: int | None, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.synced[scope] = [self._complete(scope, b) for b in bodies]
        return copy.deepcopy(self.synced[scope])

    def upsert(self, scope: int | None, body: dict[str, Any]) -> dict[str, Any]:
        cmd = self._complete(scope, body)
        cmds = [c for c in self.synced.setdefault(scope, []) if c["id"] != cmd["id"]]
        cmds.append(cmd)
        self.synced[scope] = cmds
        return copy.deepcopy(cmd)

    def get(self, scope: int | None, command_id: int) -> dict[str, Any] | None:
        for cmd in self.synced.get(scope, []):
            if int(cmd["id"]) == command_id:
                return cmd
        return None

    def delete(self, scope: int | None, command_id: int) -> bool:
        before = self.synced.get(scope, [])
        after = [c for c in before if int(c["id"]) != command_id]
        self.synced[scope] = after
        return len(after) != len(before)

    def in_scope(self, scope: int | None) -> list[dict[str, Any]]:
        return copy.deepcopy(self.synced.get(scope, []))

    def find(self, name: str, guild_id: int | None, type: int = 1) -> dict[str, Any] | None:
        """The command a user in `guild_id` would run: the guild's own first, then the global one."""
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for cmd in self.synced.get(scope, []):
                if cmd["name"] == name and cmd.get("type", 1) == type:
                    return cmd
        return None

    def names(self) -> dict[int | None, list[str]]:
        return {scope: [c["name"] for c in cmds] for scope, cmds in self.synced.items()}
