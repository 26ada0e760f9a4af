"""Facts a member reads, taken out of either adapter's output, so that the console and the Discord adapter
can be compared for the same history: which concepts are marked read, which concept a title names, who
has how many points. Each helper reads plain text; `discord_text` flattens a Discord message to it."""

from __future__ import annotations

import re
from typing import Any

from bot.core.course import Course
from bot.services.quiz_replies import is_right_key
from bot.services.reply import Reply, render_commands, typed_command

_MARK = re.compile(r"^(✅|⬜) (\d+)\. ", re.MULTILINE)
_STANDING = re.compile(r"^(?:🥇|🥈|🥉|\d+\.) (.+?) — (\d+)점", re.MULTILINE)
_MENTION = re.compile(r"</([a-z -]+):\d+>")


def discord_text(message: dict[str, Any]) -> str:
    """A Discord message as the words on screen: content, then each embed's title, description, fields
    and footer, with command mentions in their typed form."""
    parts = [message.get("content") or ""]
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for item in embed.get("fields") or []:
            parts += [item["name"], item["value"]]
        parts.append((embed.get("footer") or {}).get("text") or "")
    text = "\n".join(part for part in parts if part)
    return _MENTION.sub(r"/\1", text).replace("`", "")


def reply_text(reply: Reply) -> str:
    """A neutral reply as the same flat words (what the console renders, before wrapping)."""
    parts = [reply.title or "", reply.body]
    for item in reply.fields:
        parts += [item.name, item.value]
    parts.append(reply.footer or "")
    return render_commands("\n".join(part for part in parts if part), typed_command)


def read_marks(text: str) -> set[int]:
    """Concept numbers marked read in a /concept list."""
    return {int(number) for mark, number in _MARK.findall(text) if mark == "✅"}


def points(text: str) -> list[int]:
    """The points of a /leaderboard, best first (names differ between the two simulated servers)."""
    return [int(value) for _, value in _STANDING.findall(text)]


def first_title(text: str) -> str:
    return text.split("\n", 1)[0]


def answer_action(course: Course, question_id: str, actions: list[str], *, right: bool) -> str:
    """Of a question's answer buttons (their custom ids, `quiz:answer:…:KEY`), the right one or a wrong one,
    read from the course: choices may be reordered, so no test pins a letter."""
    question = next(q for q in course.questions if q.id == question_id)
    keys = [a for a in actions if a.startswith("quiz:answer:")]
    found = [a for a in keys if is_right_key(question, a.rsplit(":", 1)[1]) is right]
    assert found, (question_id, actions)
    return found[0]


def quiz_session(action: str) -> tuple[int, int]:
    """(session id, position) from a quiz button's custom id."""
    parts = action.split(":")
    return int(parts[2]), int(parts[3])
