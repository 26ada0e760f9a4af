"""Fixtures shared by the whole suite: the project's fake Discord (see tests/fakediscord/fixtures.py)."""

pytest_plugins = ["tests.fakediscord.fixtures"]
