"""CSV export: exact header, UTF-8 with BOM, one row per member of one server only."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.course import Course
from bot.services.export import ExportService
from bot.services.missions import MissionService
from bot.services.progress import ProgressService
from bot.services.quizzes import QuizService
from bot.store import Database
from tests.services import evidence_samples as samples
from tests.services.quiz_support import answer_all
from tests.store.support import FakeClock, seoul

HEADER = (
    "user_id,display_name,concepts_read,quiz_answered,quiz_correct,accuracy,streak_days,points,"
    "mission_status,mission_confirmed_at"
)
GUILD, OTHER = 10, 20


def parse(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == HEADER
    return list(csv.DictReader(io.StringIO(text)))


async def study(
    progress: ProgressService, quizzes: QuizService, course: Course, guild: int, user: int, name: str, n: int
) -> None:
    """Read n concepts, answer n questions of the first concept (all but the first right)."""
    for concept in course.concepts[:n]:
        await progress.record_read(guild, user, name, concept.id)
    quiz = await quizzes.open_quiz(guild, user, name, course.concepts[0].id, n)
    await answer_all(quizzes, quiz, user, name, right=set(quiz.question_ids[1:]))


async def test_export_has_the_exact_header_and_one_row_per_member(
    exporter: ExportService,
    progress: ProgressService,
    missions: MissionService,
    quizzes: QuizService,
    course: Course,
    db: Database,
    clock: FakeClock,
) -> None:
    clock.now = seoul(2024, 12, 3, 21, 15)
    await study(progress, quizzes, course, GUILD, 1, "민지", 3)
    await missions.confirm(GUILD, 1, "민지", "docker-install", samples.LINUX)
    await study(progress, quizzes, course, GUILD, 2, "준호", 1)
    await missions.confirm(GUILD, 2, "준호", "docker-install", samples.PODMAN)
    await missions.request_review(GUILD, 2, "준호", 0)  # failed evidence -> sent for review
    await db.guilds.upsert_member(GUILD, 3, "서연")

    rows = parse(await exporter.export_csv(GUILD))
    assert rows == [
        {
            "user_id": "1",
            "display_name": "민지",
            "concepts_read": "3",
            "quiz_answered": "3",
            "quiz_correct": "2",
            "accuracy": "0.667",
            "streak_days": "1",
            "points": str(3 * 10 + 2 * 2 + 2 * 3 + 20),
            "mission_status": "confirmed",
            "mission_confirmed_at": "2024-12-03 21:15:00+09:00",
        },
        {
            "user_id": "3",
            "display_name": "서연",
            "concepts_read": "0",
            "quiz_answered": "0",
            "quiz_correct": "0",
            "accuracy": "",
            "streak_days": "0",
            "points": "0",
            "mission_status": "not_started",
            "mission_confirmed_at": "",
        },
        {
            "user_id": "2",
            "display_name": "준호",
            "concepts_read": "1",
            "quiz_answered": "1",
            "quiz_correct": "0",
            "accuracy": "0.000",
            "streak_days": "1",
            "points": "10",
            "mission_status": "pending",
            "mission_confirmed_at": "",
        },
    ]


async def test_exports_of_two_servers_never_mix(
    exporter: ExportService,
    progress: ProgressService,
    missions: MissionService,
    quizzes: QuizService,
    course: Course,
) -> None:
    # the same person in two servers, with different progress in each, and one member per server only
    await study(progress, quizzes, course, GUILD, 1, "민지", 3)
    await study(progress, quizzes, course, OTHER, 1, "민지 (B서버)", 1)
    await missions.confirm(OTHER, 1, "민지 (B서버)", "docker-install", samples.MACOS)
    await study(progress, quizzes, course, GUILD, 2, "준호", 2)
    await study(progress, quizzes, course, OTHER, 5, "하늘", 2)

    first = parse(await exporter.export_csv(GUILD))
    second = parse(await exporter.export_csv(OTHER))
    assert [(r["user_id"], r["display_name"]) for r in first] == [("1", "민지"), ("2", "준호")]
    assert [(r["user_id"], r["display_name"]) for r in second] == [("1", "민지 (B서버)"), ("5", "하늘")]
    assert (first[0]["concepts_read"], first[0]["quiz_answered"], first[0]["mission_status"]) == (
        "3",
        "3",
        "not_started",
    )
    assert (second[0]["concepts_read"], second[0]["quiz_answered"], second[0]["mission_status"]) == (
        "1",
        "1",
        "confirmed",
    )
    assert parse(await exporter.export_csv(30)) == []


async def test_a_name_that_looks_like_a_formula_is_kept_as_text(exporter: ExportService, db: Database) -> None:
    await db.guilds.upsert_member(GUILD, 1, '=HYPERLINK("http://evil.example","클릭")')
    await db.guilds.upsert_member(GUILD, 2, "@everyone")
    names = [r["display_name"] for r in parse(await exporter.export_csv(GUILD))]
    assert names == ['\'=HYPERLINK("http://evil.example","클릭")', "'@everyone"]


async def test_export_reply_attaches_the_csv_and_logs_the_export(exporter: ExportService, db: Database) -> None:
    await db.guilds.upsert_member(GUILD, 1, "민지")
    reply = await exporter.export_reply(GUILD, organizer_id=900)
    [attachment] = reply.files
    assert attachment.filename == "studybot-10-20241202.csv"
    assert parse(attachment.data)[0]["display_name"] == "민지"
    assert "멤버 1명" in reply.body
    [entry] = await db.audit.list_audit(GUILD)
    assert (entry.actor_id, entry.action, entry.detail) == (900, "export", "1 rows")


async def test_export_command_writes_the_same_csv(
    exporter: ExportService, db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await db.guilds.upsert_member(GUILD, 1, "민지")
    await db.guilds.upsert_member(OTHER, 2, "준호")
    out = tmp_path / "reports" / "guild.csv"
    code = await asyncio.to_thread(main, ["export", "--guild", str(GUILD), "--out", str(out), "--db", str(db.path)])
    assert code == 0
    assert out.read_bytes() == await exporter.export_csv(GUILD)
    assert "멤버 1명" in capsys.readouterr().err


async def test_export_command_to_stdout_and_without_a_database(
    db: Database, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    await db.guilds.upsert_member(GUILD, 1, "민지")
    assert await asyncio.to_thread(main, ["export", "--guild", str(GUILD), "--db", str(db.path)]) == 0
    assert parse(capfdbinary.readouterr().out)[0]["user_id"] == "1"
    missing = tmp_path / "none.db"
    assert await asyncio.to_thread(main, ["export", "--guild", "1", "--db", str(missing)]) == 1
    assert "없습니다" in capfdbinary.readouterr().err.decode()
    assert not missing.exists()
