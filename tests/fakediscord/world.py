"""The fake's model of Discord: users, guilds, roles, channels, members, and their JSON payloads.

Build a world with `World.default()` (one guild "스터디 서버" with #study and #general, an organizer
and three plain members), then add what a test needs::

    world = World.default()
    guild = world.guild                        # the first guild
    study = guild.channel("study")            # by name or id
    organizer = guild.member("organizer")     # by username, display name, nick or id
    guild.add_member("hana", "정하나", roles=["스터디 운영진"])
    other = world.add_guild("두번째 서버")     # default channels and members too
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .util import iso_now, new_id

# Permission bits (https://discord.com/developers/docs/topics/permissions)
CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
ADD_REACTIONS = 1 << 6
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_EXTERNAL_EMOJIS = 1 << 18
CONNECT = 1 << 20
SPEAK = 1 << 21
CHANGE_NICKNAME = 1 << 26
MANAGE_ROLES = 1 << 28
USE_APPLICATION_COMMANDS = 1 << 31
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 53) - 1

EVERYONE_PERMISSIONS = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CONNECT
    | SPEAK
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | CREATE_PUBLIC_THREADS
    | SEND_MESSAGES_IN_THREADS
)
BOT_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_MESSAGES | MANAGE_ROLES

TEXT_CHANNEL = 0
DM_CHANNEL = 1

ORGANIZER_ROLE = "관리자"
STUDY_STAFF_ROLE = "스터디 운영진"
DEFAULT_MEMBERS: tuple[tuple[str, str], ...] = (("minsu", "김민수"), ("seoyeon", "이서연"), ("jihoon", "박지훈"))


@dataclass
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    accepts_dms: bool = True  # False: like a member who turned off DMs from server members (error 50007)

    @property
    def display_name(self) -> str:
        return self.global_name or self.username

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "public_flags": 0,
            "flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False
    bot_id: int | None = None

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": False,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if self.bot_id is not None:
            data["tags"] = {"bot_id": str(self.bot_id)}
        return data


ROLE_OVERWRITE = 0
MEMBER_OVERWRITE = 1


@dataclass
class Overwrite:
    """A channel's permission overwrite for a role (type 0) or a member (type 1)."""

    id: int
    type: int = ROLE_OVERWRITE
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        return {"id": str(self.id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass
class Channel:
    id: int
    name: str
    guild_id: int | None
    type: int = TEXT_CHANNEL
    position: int = 0
    topic: str | None = None
    recipients: list[User] = field(default_factory=list)
    overwrites: list[Overwrite] = field(default_factory=list)

    def overwrite(self, target: Role | Member, *, allow: int = 0, deny: int = 0) -> Overwrite:
        """Add (or replace) the overwrite for a role or a member."""
        kind = MEMBER_OVERWRITE if isinstance(target, Member) else ROLE_OVERWRITE
        self.overwrites = [o for o in self.overwrites if not (o.id == target.id and o.type == kind)]
        entry = Overwrite(target.id, kind, allow, deny)
        self.overwrites.append(entry)
        return entry

    def payload(self) -> dict[str, Any]:
        if self.type == DM_CHANNEL:
            return {
                "id": str(self.id),
                "type": DM_CHANNEL,
                "last_message_id": None,
                "flags": 0,
                "recipients": [u.payload() for u in self.recipients],
            }
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.payload() for o in self.overwrites],
            "topic": self.topic,
            "nsfw": False,
            "parent_id": None,
            "rate_limit_per_user": 0,
            "last_message_id": None,
            "flags": 0,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        return data


@dataclass
class Member:
    user: User
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def display_name(self) -> str:
        return self.nick or self.user.display_name

    def payload(self, *, with_user: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.payload()
        return data


@dataclass
class Guild:
    id: int
    name: str
    owner_id: int = 0
    roles: list[Role] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    locale: str = "ko"
    joined_at: str = field(default_factory=iso_now)

    # -- lookups -------------------------------------------------------------------------------
    @property
    def everyone(self) -> Role:
        return self.role(self.id)

    def channel(self, key: str | int) -> Channel:
        for ch in self.channels:
            if key in (ch.id, ch.name, str(ch.id), f"#{ch.name}"):
                return ch
        raise KeyError(f"no channel {key!r} in guild {self.name!r}")

    def role(self, key: str | int) -> Role:
        for role in self.roles:
            if key in (role.id, role.name, str(role.id)):
                return role
        raise KeyError(f"no role {key!r} in guild {self.name!r}")

    def member(self, key: str | int) -> Member:
        for m in self.members:
            if key in (m.id, str(m.id), m.user.username, m.user.global_name, m.nick):
                return m
        raise KeyError(f"no member {key!r} in guild {self.name!r}")

    @property
    def humans(self) -> list[Member]:
        return [m for m in self.members if not m.user.bot]

    def text_channels(self) -> list[Channel]:
        return [c for c in self.channels if c.type == TEXT_CHANNEL]

    # -- building ------------------------------------------------------------------------------
    def add_channel(self, name: str, *, type: int = TEXT_CHANNEL, topic: str | None = None) -> Channel:
        ch = Channel(id=new_id(), name=name, guild_id=self.id, type=type, position=len(self.channels), topic=topic)
        self.channels.append(ch)
        return ch

    def add_role(self, name: str, permissions: int = 0, *, bot_id: int | None = None) -> Role:
        role = Role(
            id=new_id(),
            name=name,
            permissions=permissions,
            position=len(self.roles),
            managed=bot_id is not None,
            bot_id=bot_id,
        )
        self.roles.append(role)
        return role

    def add_member(
        self,
        username: str,
        display_name: str | None = None,
        *,
        roles: Iterable[Role | str | int] = (),
        nick: str | None = None,
        bot: bool = False,
        user: User | None = None,
    ) -> Member:
        user = user or User(id=new_id(), username=username, global_name=display_name, bot=bot)
        role_ids = [r.id if isinstance(r, Role) else self.role(r).id for r in roles]
        member = Member(user=user, roles=role_ids, nick=nick)
        self.members.append(member)
        return member

    # -- permissions and payloads --------------------------------------------------------------
    def permissions_for(self, member: Member) -> int:
        if member.id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.everyone.permissions
        for role_id in member.roles:
            perms |= self.role(role_id).permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def permissions_in(self, channel: Channel, member: Member) -> int:
        """Discord's order: base permissions, then @everyone's overwrite, the member's roles' overwrites
        (denies then allows, merged), then the member's own overwrite. Administrators bypass overwrites."""
        perms = self.permissions_for(member)
        if perms & ADMINISTRATOR or member.id == self.owner_id:
            return ALL_PERMISSIONS
        by_role = {o.id: o for o in channel.overwrites if o.type == ROLE_OVERWRITE}
        everyone = by_role.get(self.id)
        if everyone is not None:
            perms = (perms & ~everyone.deny) | everyone.allow
        deny = allow = 0
        for role_id in member.roles:
            entry = by_role.get(role_id)
            if entry is not None:
                deny |= entry.deny
                allow |= entry.allow
        perms = (perms & ~deny) | allow
        for entry in channel.overwrites:
            if entry.type == MEMBER_OVERWRITE and entry.id == member.id:
                perms = (perms & ~entry.deny) | entry.allow
        return perms

    def payload(self) -> dict[str, Any]:
        """A full GUILD_CREATE payload (member_count == len(members), so no chunking is needed)."""
        text = self.text_channels()
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "banner": None,
            "splash": None,
            "discovery_splash": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "roles": [r.payload() for r in self.roles],
            "channels": [c.payload() for c in self.channels],
            "members": [m.payload() for m in self.members],
            "member_count": len(self.members),
            "large": len(self.members) >= 250,
            "unavailable": False,
            "joined_at": self.joined_at,
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "preferred_locale": self.locale,
            "system_channel_id": str(text[0].id) if text else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "vanity_url_code": None,
            "max_members": 500000,
            "application_id": None,
            "incidents_data": None,
        }


@dataclass
class World:
    bot_user: User
    guilds: list[Guild] = field(default_factory=list)
    bot_permissions: int = BOT_PERMISSIONS
    dm_channels: list[Channel] = field(default_factory=list)

    @property
    def application_id(self) -> int:
        return self.bot_user.id

    @classmethod
    def default(cls, guild_names: Iterable[str] = ("스터디 서버",), *, bot_name: str = "studybot") -> World:
        world = cls(bot_user=User(id=new_id(), username=bot_name, global_name=None, bot=True))
        for name in guild_names:
            world.add_guild(name)
        return world

    @property
    def guild(self) -> Guild:
        return self.guilds[0]

    def get_guild(self, key: Guild | str | int | None = None) -> Guild:
        if key is None:
            return self.guild
        if isinstance(key, Guild):
            return key
        for g in self.guilds:
            if key in (g.id, g.name, str(g.id)):
                return g
        raise KeyError(f"no guild {key!r}")

    def find_channel(self, channel_id: int) -> tuple[Guild | None, Channel] | None:
        for g in self.guilds:
            for ch in g.channels:
                if ch.id == channel_id:
                    return g, ch
        for ch in self.dm_channels:
            if ch.id == channel_id:
                return None, ch
        return None

    def dm_channel(self, user: User | Member) -> Channel | None:
        """The DM channel the bot opened with `user`, if any (its messages: FakeDiscord.channel_messages)."""
        user_id = user.id
        return next((ch for ch in self.dm_channels if ch.recipients and ch.recipients[0].id == user_id), None)

    def find_user(self, user_id: int) -> User | None:
        if user_id == self.bot_user.id:
            return self.bot_user
        for g in self.guilds:
            for m in g.members:
                if m.id == user_id:
                    return m.user
        return None

    def bot_member(self, guild: Guild) -> Member:
        return guild.member(self.bot_user.id)

    def add_guild(
        self,
        name: str,
        *,
        channels: Iterable[str] = ("study", "general"),
        default_members: bool = True,
    ) -> Guild:
        """A guild with @everyone, the bot (managed role), text channels and, by default, an organizer
        (owner; roles "관리자" = Manage Server and "스터디 운영진" = no permissions) and 3 plain members."""
        guild = Guild(id=new_id(), name=name)
        guild.roles.append(Role(id=guild.id, name="@everyone", permissions=EVERYONE_PERMISSIONS))
        for ch in channels:
            guild.add_channel(ch)
        bot_role = guild.add_role(self.bot_user.username, self.bot_permissions, bot_id=self.bot_user.id)
        guild.add_member(self.bot_user.username, user=self.bot_user, roles=[bot_role])
        if default_members:
            organizer_role = guild.add_role(ORGANIZER_ROLE, MANAGE_GUILD)
            staff_role = guild.add_role(STUDY_STAFF_ROLE, 0)
            organizer = guild.add_member("organizer", "운영자", roles=[organizer_role, staff_role])
            guild.owner_id = organizer.id
            for username, display in DEFAULT_MEMBERS:
                guild.add_member(username, display)
        self.guilds.append(guild)
        return guild
