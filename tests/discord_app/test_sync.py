"""What decides a command sync: the commands themselves and the application they belong to."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import discord
from discord import app_commands

from bot.discord_app.commands.concept import ConceptCommands
from bot.discord_app.sync import tree_hash

if TYPE_CHECKING:
    from bot.app import App

# The groups keep the app only for their callbacks; hashing never touches it.
NO_APP = cast("App", object())


def tree_with(*groups: app_commands.Group) -> app_commands.CommandTree[discord.Client]:
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(
        discord.Client(intents=discord.Intents.none())
    )
    for group in groups:
        tree.add_command(group)
    return tree


def test_same_commands_same_app_same_hash_and_another_app_resyncs() -> None:
    app = NO_APP
    first = tree_hash(tree_with(ConceptCommands(app)), None, 1)
    assert tree_hash(tree_with(ConceptCommands(app)), None, 1) == first
    assert tree_hash(tree_with(ConceptCommands(app)), None, 2) != first


def test_a_changed_description_changes_the_hash() -> None:
    app = NO_APP
    group = ConceptCommands(app)
    before = tree_hash(tree_with(group), None, 1)
    changed = ConceptCommands(app)
    changed.description = "바뀐 설명"
    assert tree_hash(tree_with(changed), None, 1) != before
