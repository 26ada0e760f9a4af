"""The study document as a tree of sections and a list of concepts in reading order.

A concept is a section with a body of its own. A heading with no body (for example one directly
followed by its subheadings) only lends its title to its children's breadcrumbs. A heading that
starts with the mission marker is the mission, not a concept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.text import cap_id, nfc, sentences, slugify

EMBED_LIMIT = 4096
MISSION_MARKER = "[실전 미션]"

_HEADING = re.compile(r"^(#{1,4})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_RULE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_CREDIT = re.compile(r"^\s*\*\s*<\s*(출처\s*:.*?)\s*>\s*\*\s*$")
_GLOSSARY_TERM = re.compile(r"^\s*__([^_].*?)__\s*$")
_BULLET = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_BULLET_TERM = re.compile(r"^(?P<term>[^:：]{1,40}?)\s+[:：]\s+(?P<definition>.+)$")


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    definition: str


@dataclass(frozen=True)
class Image:
    alt: str
    source: str  # a path relative to the course folder, or an http(s) URL


@dataclass(frozen=True)
class Concept:
    id: str
    index: int  # 0-based position in reading order; day N posts index N-1
    title: str
    breadcrumb: tuple[str, ...]  # parent headings, outermost first
    level: int
    body: str  # cleaned for Discord, may exceed one embed: see `parts`
    parts: tuple[str, ...]  # body split into pieces of at most EMBED_LIMIT characters
    glossary: tuple[GlossaryTerm, ...]
    images: tuple[Image, ...]
    credits: tuple[str, ...]  # only those of images that are shown (a credit for no picture misleads)
    line: int  # 1-based line of the heading in the document
    # From the course, not the document (course.yaml `concepts:`): the author's one-line summary, or ""
    # when there is none (a cut from the body was often two sentences, or nearly all of it), and the
    # notes that correct or complete the document where it is wrong or vague, without rewriting it.
    summary: str = ""
    notes: tuple[str, ...] = ()


@dataclass
class Section:
    level: int
    title: str
    line: int
    path: tuple[str, ...]
    raw_body: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)

    @property
    def is_mission(self) -> bool:
        return self.title.startswith(MISSION_MARKER)


@dataclass(frozen=True)
class ParsedDocument:
    title: str | None
    sections: tuple[Section, ...]  # top-level sections
    concepts: tuple[Concept, ...]
    mission_headings: tuple[str, ...]


def _split_sections(lines: list[str]) -> tuple[list[Section], list[str]]:
    """Headings become sections nested by level; a skipped level nests under the nearest shallower one."""
    roots: list[Section] = []
    stack: list[Section] = []
    preamble: list[str] = []
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match is None:
            (stack[-1].raw_body if stack else preamble).append(line)
            continue
        level = len(match.group(1))
        title = nfc(match.group(2).strip())
        while stack and stack[-1].level >= level:
            stack.pop()
        parent_path = stack[-1].path if stack else ()
        section = Section(level=level, title=title, line=number, path=(*parent_path, title))
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
    return roots, preamble


def _walk(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for section in sections:
        out.append(section)
        out.extend(_walk(section.children))
    return out


@dataclass
class _Cleaned:
    body: str
    glossary: list[GlossaryTerm]
    images: list[Image]
    credits: list[str]


def _paragraphs(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _join_wrapped(lines: list[str]) -> list[str]:
    """Undo hard wraps: continuation lines join the line before with one space; bullets stay lines."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if out and not _BULLET.match(line):
            out[-1] = f"{out[-1]} {stripped}"
        else:
            out.append(line.rstrip() if _BULLET.match(line) else stripped)
    return out


def _clean_body(raw: list[str], image_exists: Callable[[str], bool]) -> _Cleaned:
    glossary: list[GlossaryTerm] = []
    images: list[Image] = []
    credits: list[str] = []
    blocks: list[str] = []
    pending_term: str | None = None
    last_image_shown: bool | None = None  # None: no image yet, so a credit stands for the text
    # Code fences are kept verbatim and end the paragraph before them; the rest is read paragraph by paragraph.
    segments: list[list[str] | str] = []
    current: list[str] = []
    fence: list[str] | None = None
    for line in raw:
        if _FENCE.match(line):
            if fence is None:
                segments.append(current)
                current, fence = [], [line.rstrip()]
            else:
                fence.append(line.rstrip())
                segments.append("\n".join(fence))
                fence = None
            continue
        (fence if fence is not None else current).append(line)
    if fence is not None:  # an unclosed fence: keep what there is as text
        current.extend(fence)
    segments.append(current)

    paragraphs: list[list[str] | str] = []
    for segment in segments:
        paragraphs.extend([segment] if isinstance(segment, str) else _paragraphs(segment))
    for para in paragraphs:
        if isinstance(para, str):
            blocks.append(para)
            continue
        if len(para) == 1 and _RULE.match(para[0]):
            continue
        credit = _CREDIT.match(para[0]) if len(para) == 1 else None
        if credit:
            if last_image_shown is not False:  # the credit of a missing image credits nothing anyone sees
                credits.append(re.sub(r"\s*:\s*", ": ", credit.group(1), count=1))
            continue
        term = _GLOSSARY_TERM.match(para[0]) if len(para) == 1 else None
        if term:
            pending_term = term.group(1).strip()
            blocks.append(f"📖 **{pending_term}**")
            continue
        text_lines = _join_wrapped(para)
        kept: list[str] = []
        for line in text_lines:
            for found in _IMAGE.finditer(line):
                source = found.group(2)
                last_image_shown = source.startswith(("http://", "https://")) or image_exists(source)
                if last_image_shown:
                    images.append(Image(alt=found.group(1), source=source))
            line = _IMAGE.sub("", line).rstrip()
            if line.strip():
                kept.append(line)
        if not kept:
            continue
        for line in kept:
            bullet = _BULLET.match(line)
            if bullet:
                pair = _BULLET_TERM.match(bullet.group(3).strip())
                if pair:
                    glossary.append(GlossaryTerm(pair.group("term").strip(), pair.group("definition").strip()))
        text = "\n".join(line if _BULLET.match(line) else line.strip() for line in kept)
        if pending_term is not None:
            glossary.append(GlossaryTerm(pending_term, " ".join(x.strip() for x in kept)))
            pending_term = None
        blocks.append(text)
    return _Cleaned(body="\n\n".join(blocks).strip(), glossary=glossary, images=images, credits=credits)


def split_for_embeds(text: str, limit: int = EMBED_LIMIT) -> tuple[str, ...]:
    """Pieces of at most `limit` characters, cut at paragraph ends, else sentence ends. Only a single
    sentence longer than the limit is cut inside, at a space."""
    if len(text) <= limit:
        return (text,)
    # (piece, separator that joins it to the piece before): paragraphs by a blank line, sentences by a space
    units: list[tuple[str, str]] = []
    for para in text.split("\n\n"):
        if len(para) <= limit:
            units.append((para, "\n\n"))
            continue
        joiner = "\n\n"
        for sentence in sentences(para):
            while len(sentence) > limit:
                cut = sentence.rfind(" ", 0, limit)
                cut = cut if cut > 0 else limit
                units.append((sentence[:cut], joiner))
                sentence, joiner = sentence[cut:].lstrip(), " "
            units.append((sentence, joiner))
            joiner = " "
    parts: list[str] = []
    current = ""
    for unit, sep in units:
        candidate = f"{current}{sep}{unit}" if current else unit
        if len(candidate) <= limit:
            current = candidate
        else:
            parts.append(current)
            current = unit
    if current:
        parts.append(current)
    return tuple(parts)


def parse_document(text: str, image_exists: Callable[[str], bool] = lambda _path: False) -> ParsedDocument:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    roots, _preamble = _split_sections(lines)
    # A lone top-level heading is the document's title: shown in breadcrumbs, left out of ids.
    title: str | None = None
    id_roots = roots
    if len(roots) == 1 and roots[0].level == 1:
        title = roots[0].title
    concepts: list[Concept] = []
    missions: list[str] = []
    used_ids: set[str] = set()
    mission_paths: list[tuple[str, ...]] = []
    for section in _walk(id_roots):
        if section.is_mission:
            missions.append(section.title)
            mission_paths.append(section.path)
            continue
        if any(section.path[: len(path)] == path for path in mission_paths):
            continue  # a subheading of the mission (per-OS steps, say) belongs to the mission too
        cleaned = _clean_body(section.raw_body, image_exists)
        if not cleaned.body and not cleaned.images:
            continue
        id_path = section.path[1:] if title is not None and section.path[0] == title else section.path
        if not id_path:  # the title section itself has a body of its own
            id_path = section.path
        concept_id = cap_id("/".join(slugify(part) for part in id_path))
        base, n = concept_id, 2
        while concept_id in used_ids:
            concept_id = f"{base}-{n}"
            n += 1
        used_ids.add(concept_id)
        body = cleaned.body
        concepts.append(
            Concept(
                id=concept_id,
                index=len(concepts),
                title=section.title,
                breadcrumb=section.path[:-1],
                level=section.level,
                body=body,
                parts=split_for_embeds(body) if body else (),
                glossary=tuple(cleaned.glossary),
                images=tuple(cleaned.images),
                credits=tuple(cleaned.credits),
                line=section.line,
            )
        )
    return ParsedDocument(
        title=title, sections=tuple(roots), concepts=tuple(concepts), mission_headings=tuple(missions)
    )
