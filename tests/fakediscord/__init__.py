"""A local fake Discord (REST + gateway) for driving the real discord.py client in tests.

See `server.FakeDiscord` for the test API and `world.World` for building guilds and members.
Pytest fixtures live in `tests.fakediscord.fixtures` (load it as a plugin).
"""

from .calls import Call
from .interactions import Interaction, InteractionHandle
from .messages import UploadedFile
from .server import DEFAULT_TOKEN, FakeDiscord, uploaded
from .world import MANAGE_GUILD, ORGANIZER_ROLE, STUDY_STAFF_ROLE, Channel, Guild, Member, Role, User, World

__all__ = [
    "DEFAULT_TOKEN",
    "MANAGE_GUILD",
    "ORGANIZER_ROLE",
    "STUDY_STAFF_ROLE",
    "Call",
    "Channel",
    "FakeDiscord",
    "Guild",
    "Interaction",
    "InteractionHandle",
    "Member",
    "Role",
    "UploadedFile",
    "User",
    "World",
    "uploaded",
]
