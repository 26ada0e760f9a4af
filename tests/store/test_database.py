"""Repositories: server settings, members, the posting ledger, reads, quiz answers, missions, audit."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import time, timedelta

import pytest

from bot.store import (
    AnswerStatus,
    ConfirmationChange,
    Database,
    MissionStatus,
    StoreError,
)
from tests.store.support import FakeClock

GUILD, OTHER = 111, 222


async def rows(db: Database, sql: str, *params: object) -> list[tuple[object, ...]]:
    return [tuple(r) for r in await db.read(lambda c: c.execute(sql, params).fetchall())]


async def test_guild_settings_default_then_update_and_stay_per_server(db: Database) -> None:
    fresh = await db.guilds.get_guild(GUILD)
    assert (fresh.channel_id, fresh.post_time, fresh.timezone, fresh.paused) == (None, None, "Asia/Seoul", False)
    assert (fresh.organizer_role_id, fresh.command_sync_hash, fresh.paused_reason) == (None, None, None)
    updated = await db.guilds.update_guild(
        GUILD, channel_id=5, post_time=time(8, 30), timezone="Europe/Berlin", paused=True, organizer_role_id=9
    )
    assert (updated.channel_id, updated.post_time, updated.timezone, updated.paused) == (
        5,
        time(8, 30),
        "Europe/Berlin",
        True,
    )
    assert (await db.guilds.update_guild(GUILD, paused=False)).channel_id == 5  # other fields kept
    assert (await db.guilds.get_guild(OTHER)).channel_id is None
    assert [g.guild_id for g in await db.guilds.list_guilds()] == [GUILD]


async def test_bad_guild_settings_are_refused_before_writing(db: Database) -> None:
    with pytest.raises(TypeError, match="colour"):
        await db.guilds.update_guild(GUILD, colour="red")
    with pytest.raises(ValueError, match="알 수 없는 시간대"):
        await db.guilds.update_guild(GUILD, timezone="Mars/Olympus")
    assert await db.guilds.list_guilds() == []


async def test_bot_state_keeps_the_last_value(db: Database) -> None:
    assert await db.guilds.get_state("command_sync") is None
    await db.guilds.set_state("command_sync", "a")
    await db.guilds.set_state("command_sync", "b")
    assert await db.guilds.get_state("command_sync") == "b"


async def test_member_name_follows_the_latest_but_first_seen_stays(db: Database, clock: FakeClock) -> None:
    first = clock()
    await db.guilds.upsert_member(GUILD, 1, "  민지  ")
    clock.advance(days=1)
    await db.guilds.upsert_member(GUILD, 1, "민지 (스터디장)")
    member = await db.guilds.get_member(GUILD, 1)
    assert member is not None
    assert (member.display_name, member.first_seen) == ("민지 (스터디장)", first)
    assert await db.guilds.get_member(OTHER, 1) is None


async def test_a_concept_read_counts_once(db: Database, clock: FakeClock) -> None:
    assert await db.progress.add_read(GUILD, 1, "민지", "c1") is True
    clock.advance(hours=3)
    assert await db.progress.add_read(GUILD, 1, "민지", "c1") is False
    assert await db.progress.read_concepts(GUILD, 1) == {"c1"}
    assert await db.progress.read_concepts(OTHER, 1) == set()
    assert len(await rows(db, "SELECT * FROM concept_reads")) == 1


async def test_200_concurrent_answers_are_all_recorded(db: Database) -> None:
    quiz = await db.quizzes.create_quiz_session(
        GUILD, ["q1", "q2"], channel_id=7, closes_at=db.clock() + timedelta(minutes=10)
    )
    results = await asyncio.gather(
        *(
            db.quizzes.add_attempt(GUILD, user, f"멤버{user}", quiz.session_id, f"q{1 + user % 2}", "A", user % 3 == 0)
            for user in range(200)
        )
    )
    assert results == [AnswerStatus.COUNTED] * 200
    assert await rows(db, "SELECT count(*), count(DISTINCT user_id), sum(correct) FROM quiz_attempts") == [
        (200, 200, 67)
    ]
    assert await rows(db, "SELECT count(*) FROM members WHERE guild_id = ?", GUILD) == [(200,)]


async def test_a_double_click_is_one_answer(db: Database) -> None:
    quiz = await db.quizzes.create_quiz_session(GUILD, ["q1", "q2"], user_id=1, display_name="민지")
    first, second = await asyncio.gather(
        db.quizzes.add_attempt(GUILD, 1, "민지", quiz.session_id, "q1", "A", True),
        db.quizzes.add_attempt(GUILD, 1, "민지", quiz.session_id, "q1", "B", False),
    )
    assert (first, second) == (AnswerStatus.COUNTED, AnswerStatus.DUPLICATE)
    assert await rows(db, "SELECT question_id, answer, correct FROM quiz_attempts") == [("q1", "A", 1)]


async def test_answers_that_may_not_count_are_refused_with_the_reason(db: Database, clock: FakeClock) -> None:
    mine = await db.quizzes.create_quiz_session(GUILD, ["q1"], user_id=1, display_name="민지")
    channel = await db.quizzes.create_quiz_session(
        GUILD, ["q1"], channel_id=7, closes_at=clock() + timedelta(seconds=60)
    )
    foreign = await db.quizzes.create_quiz_session(OTHER, ["q1"], user_id=1, display_name="민지")

    assert await db.quizzes.add_attempt(GUILD, 2, "준호", mine.session_id, "q1", "A", True) is AnswerStatus.NOT_YOURS
    assert await db.quizzes.add_attempt(GUILD, 1, "민지", mine.session_id, "q9", "A", True) is AnswerStatus.NOT_FOUND
    assert await db.quizzes.add_attempt(GUILD, 1, "민지", foreign.session_id, "q1", "A", True) is AnswerStatus.NOT_FOUND
    assert await db.quizzes.add_attempt(GUILD, 1, "민지", 424242, "q1", "A", True) is AnswerStatus.NOT_FOUND
    clock.advance(seconds=61)
    assert await db.quizzes.add_attempt(GUILD, 2, "준호", channel.session_id, "q1", "A", True) is AnswerStatus.CLOSED
    await db.quizzes.close_quiz_session(GUILD, mine.session_id)
    assert await db.quizzes.add_attempt(GUILD, 1, "민지", mine.session_id, "q1", "A", True) is AnswerStatus.CLOSED
    assert await rows(db, "SELECT count(*) FROM quiz_attempts") == [(0,)]


async def test_a_quiz_never_holds_a_question_twice(db: Database) -> None:
    with pytest.raises(ValueError, match="no question twice"):
        await db.quizzes.create_quiz_session(GUILD, ["q1", "q1"], user_id=1, display_name="민지")
    with pytest.raises(sqlite3.IntegrityError):
        await db.write(lambda c: c.execute("INSERT INTO quiz_items VALUES (1, 5, 'q1')"))


async def test_channel_quizzes_close_once_and_are_listed_until_closed(db: Database, clock: FakeClock) -> None:
    quiz = await db.quizzes.create_quiz_session(GUILD, ["q1"], channel_id=7, closes_at=clock() + timedelta(seconds=30))
    await db.quizzes.set_quiz_message(GUILD, quiz.session_id, 888)
    [listed] = await db.quizzes.open_channel_quizzes()
    assert (listed.session_id, listed.message_id, listed.closes_at) == (quiz.session_id, 888, quiz.closes_at)
    closed = await asyncio.gather(
        db.quizzes.close_quiz_session(GUILD, quiz.session_id), db.quizzes.close_quiz_session(GUILD, quiz.session_id)
    )
    assert list(closed) == [True, False]
    assert await db.quizzes.open_channel_quizzes() == []


async def test_one_failing_write_in_a_group_commit_leaves_the_others(db: Database) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO bot_state VALUES ('half', 'x', 'now')")
        raise RuntimeError("boom")

    outcomes = await asyncio.gather(
        *(db.guilds.set_state(f"k{i}", "v") for i in range(20)),
        db.write(broken),
        *(db.guilds.set_state(f"m{i}", "v") for i in range(20)),
        return_exceptions=True,
    )
    assert [type(o).__name__ for o in outcomes if o is not None] == ["RuntimeError"]
    assert await rows(db, "SELECT count(*) FROM bot_state") == [(40,)]
    assert await db.guilds.get_state("half") is None


async def test_close_finishes_the_writes_already_asked_for(db: Database) -> None:
    pending = [asyncio.ensure_future(db.guilds.set_state(f"k{i}", "v")) for i in range(50)]
    await asyncio.sleep(0)
    await db.close()
    await asyncio.gather(*pending)
    with pytest.raises(StoreError, match="닫혔"):
        await db.guilds.set_state("late", "v")
    reopened = await Database.open(db.path)
    try:
        assert await rows(reopened, "SELECT count(*) FROM bot_state") == [(50,)]
    finally:
        await reopened.close()


async def test_mission_changes_and_their_audit_entry_are_one_transaction(db: Database) -> None:
    def verify(current: object) -> ConfirmationChange:
        return ConfirmationChange(MissionStatus.CONFIRMED, None, 42, "봤어요", "mission_verify")

    before, after = await db.missions.change_confirmation(GUILD, 1, "m1", verify, display_name="민지")
    assert before is None and after is not None and after.status is MissionStatus.CONFIRMED
    [entry] = await db.audit.list_audit(GUILD)
    assert (entry.actor_id, entry.action, entry.target_id, entry.detail) == (42, "mission_verify", 1, "m1: 봤어요")

    def failing(current: object) -> ConfirmationChange:
        raise RuntimeError("decision failed")

    with pytest.raises(RuntimeError):
        await db.missions.change_confirmation(GUILD, 2, "m1", failing, display_name="준호")
    assert await db.guilds.get_member(GUILD, 2) is None  # rolled back with it
    assert await db.audit.list_audit(OTHER) == []
