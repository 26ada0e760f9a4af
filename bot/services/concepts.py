"""Concept use-cases: today's concept, any concept, the list with read marks, and search for autocomplete."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.core.course import Course
from bot.core.document import Concept
from bot.core.text import nfc, quoted
from bot.services.concept_posts import concept_messages
from bot.services.errors import NotFound
from bot.services.reply import Reply, command

MAX_SUGGESTIONS = 25  # Discord's autocomplete limit
SUGGESTION_LIMIT = 100


class ReadTracker(Protocol):
    async def record_read(self, guild_id: int, user_id: int, display_name: str, concept_id: str) -> bool: ...

    async def read_concepts(self, guild_id: int, user_id: int) -> set[str]: ...


class PostHistory(Protocol):
    """The post ledger's answers (bot.services.daily_posts.DailyPostService)."""

    async def todays_concept_id(self, guild_id: int) -> str | None: ...

    async def next_post_at(self, guild_id: int) -> datetime | None: ...


def _fold(text: str) -> str:
    return "".join(nfc(text).casefold().split())


class ConceptService:
    def __init__(self, course: Course, reads: ReadTracker, posts: PostHistory) -> None:
        self.course = course
        self.reads = reads
        self.posts = posts

    async def todays_concept(self, guild_id: int) -> tuple[Concept, bool]:
        """The concept of the latest sent post in this server (the ledger is the one source), or the
        first one (and False) before any post."""
        concept_id = await self.posts.todays_concept_id(guild_id)
        concept = self.course.concept(concept_id) if concept_id else None
        if concept is None:
            return self.course.concepts[0], False
        return concept, True

    async def today(self, guild_id: int, user_id: int, display_name: str) -> list[Reply]:
        concept, posted = await self.todays_concept(guild_id)
        await self.reads.record_read(guild_id, user_id, display_name, concept.id)
        if posted:
            return concept_messages(self.course, concept, heading=f"📚 오늘의 개념 ({concept.index + 1}일째)")
        first = await self.posts.next_post_at(guild_id)
        when = (
            f"첫 게시는 {first.month}월 {first.day}일 {first:%H:%M} ({first.tzinfo})에 올라와요."
            if first is not None
            else "게시 일정이 정해지면 매일 하나씩 올라와요."
        )
        notice = Reply(body=f"아직 코스가 시작되지 않았어요. 1일째 개념을 미리 보여 드려요. {when}")
        return [notice, *concept_messages(self.course, concept, heading="📚 첫 개념 미리 보기 (아직 게시 전)")]

    def find(self, reference: str) -> Concept:
        """By id (what autocomplete sends), else by exact title, else a unique substring of the title."""
        concept = self.course.concept(reference.strip())
        if concept is not None:
            return concept
        wanted = _fold(reference)
        exact = [c for c in self.course.concepts if _fold(c.title) == wanted]
        partial = [c for c in self.course.concepts if wanted and wanted in _fold(c.title)]
        matches = exact or partial
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(
                f"{quoted(reference[:50])}에 해당하는 개념이 없어요. {command('concept list')}로 목록을 확인해 보세요."
            )
        names = ", ".join(c.title for c in matches[:5])
        raise NotFound(f"{quoted(reference[:50])}에 맞는 개념이 여러 개예요 ({names}). 목록에서 골라 주세요.")

    async def show(self, guild_id: int, user_id: int, display_name: str, reference: str) -> list[Reply]:
        concept = self.find(reference)
        await self.reads.record_read(guild_id, user_id, display_name, concept.id)
        return concept_messages(self.course, concept, heading=f"📖 {concept.index + 1}번째 개념")

    async def listing(self, guild_id: int, user_id: int) -> Reply:
        read = await self.reads.read_concepts(guild_id, user_id)
        today = await self.posts.todays_concept_id(guild_id)
        lines = []
        for concept in self.course.concepts:
            mark = "✅" if concept.id in read else "⬜"
            here = "  📍 오늘" if concept.id == today else ""
            lines.append(f"{mark} {concept.index + 1}. {concept.title}{here}")
        done = sum(1 for c in self.course.concepts if c.id in read)
        return Reply(
            title=f"📚 {self.course.title} — 개념 목록",
            body="\n".join(lines),
            footer=f"읽은 개념 {done}/{len(self.course.concepts)} · {command('concept show')}로 원하는 개념을 볼 수 있어요",
        )

    def suggestions(self, query: str) -> list[tuple[str, str]]:
        """(label, concept id) pairs for autocomplete: concepts whose own title contains the query first,
        then those where only a parent heading does ("도커 이미" lists "도커 이미지" before the concepts of
        its parent section); reading order within each group."""
        wanted = _fold(query)
        by_title: list[Concept] = []
        by_breadcrumb: list[Concept] = []
        for concept in self.course.concepts:
            if not wanted or wanted in _fold(concept.title):
                by_title.append(concept)
            elif wanted in _fold(" ".join((*concept.breadcrumb, concept.title))):
                by_breadcrumb.append(concept)
        out: list[tuple[str, str]] = []
        for concept in (by_title + by_breadcrumb)[:MAX_SUGGESTIONS]:
            parent = concept.breadcrumb[-1] if len(concept.breadcrumb) > 1 else ""
            label = f"{concept.index + 1}. {concept.title}" + (f" ({parent})" if parent else "")
            out.append((label[:SUGGESTION_LIMIT], concept.id))
        return out
