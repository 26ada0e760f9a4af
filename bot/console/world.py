"""The simulated server the console runs in: one study channel, an organizer and a few members.

Ids are fixed, so the same --db file always holds the same people. They are far from real Discord
snowflakes of today only by convention; the console's database is its own file, never the bot's."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.text import nfc


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str
    organizer: bool = False  # has Manage Server, as the one who set the server up


@dataclass(frozen=True)
class Channel:
    channel_id: int
    name: str


@dataclass(frozen=True)
class World:
    guild_id: int
    server_name: str
    channels: tuple[Channel, ...]
    people: tuple[Person, ...]

    @classmethod
    def default(cls) -> World:
        return cls(
            guild_id=900_000_000_000_000_001,
            server_name="도커 스터디",
            channels=(Channel(900_000_000_000_000_010, "study"),),
            people=(
                Person(900_000_000_000_000_101, "민지", organizer=True),
                Person(900_000_000_000_000_102, "준호"),
                Person(900_000_000_000_000_103, "서연"),
            ),
        )

    @property
    def study_channel(self) -> Channel:
        return self.channels[0]

    def person(self, name: str) -> Person | None:
        """By name, as typed: '민지', '@민지' and different Unicode normal forms all find 민지."""
        wanted = nfc(name.strip().lstrip("@")).casefold()
        return next((p for p in self.people if nfc(p.name).casefold() == wanted), None)

    def channel(self, name: str) -> Channel | None:
        wanted = name.strip().lstrip("#").casefold()
        return next((c for c in self.channels if c.name.casefold() == wanted), None)

    def names(self) -> str:
        return ", ".join(p.name + (" (운영진)" if p.organizer else "") for p in self.people)
