"""The post ledger: claims per day and post number, finishing, failed days, and the aggregates of the post."""

from __future__ import annotations

from datetime import date

from bot.core.schedule import post_nonce
from bot.store import Database, PostKind, PostStatus
from bot.store.posts import PlannedPost, PostLedger

GUILD, OTHER = 111, 222
DAY = date(2024, 12, 2)


def nonce(guild_id: int, plan: PlannedPost, day: date = DAY):  # type: ignore[no-untyped-def]
    return lambda seq: post_nonce(guild_id, day, seq, plan.item)


async def test_a_scheduled_claim_happens_once_a_day_and_a_manual_one_adds_a_post(db: Database) -> None:
    ledger = PostLedger(db)
    c1, c2 = PlannedPost(PostKind.CONCEPT, "c1"), PlannedPost(PostKind.CONCEPT, "c2")
    first = await ledger.claim(GUILD, DAY, c1, channel_id=5, nonce_for=nonce(GUILD, c1), manual=False)
    assert first is not None and (first.seq, first.status, first.concept_id) == (1, PostStatus.PENDING, "c1")
    assert first.nonce is not None and len(first.nonce) <= 25
    assert await ledger.claim(GUILD, DAY, c1, channel_id=5, nonce_for=nonce(GUILD, c1), manual=False) is None
    other = await ledger.claim(OTHER, DAY, c1, channel_id=6, nonce_for=nonce(OTHER, c1), manual=False)
    assert other is not None and other.nonce != first.nonce  # another server, its own day and nonce

    second = await ledger.claim(GUILD, DAY, c2, channel_id=5, nonce_for=nonce(GUILD, c2), manual=True)
    assert second is not None and (second.seq, second.manual) == (2, True) and second.nonce != first.nonce

    assert await ledger.mark_sent(GUILD, first.post_id, 999) is True
    assert await ledger.mark_sent(GUILD, first.post_id, 999) is False  # only a pending row finishes
    assert await ledger.mark_sent(OTHER, first.post_id, 1) is False  # another server's row: untouched
    latest = await ledger.latest_sent(GUILD, PostKind.CONCEPT)
    assert latest is not None and (latest.concept_id, latest.message_id) == ("c1", 999)
    assert [p.post_id for p in await ledger.pending(GUILD)] == [second.post_id]


async def test_a_failed_day_is_claimed_again_with_the_same_number_and_nonce(db: Database) -> None:
    ledger = PostLedger(db)
    c1 = PlannedPost(PostKind.CONCEPT, "c1")
    first = await ledger.claim(GUILD, DAY, c1, channel_id=5, nonce_for=nonce(GUILD, c1), manual=False)
    assert first is not None
    await ledger.mark_failed(GUILD, first.post_id, "403 50013: 권한 없음")
    last = await ledger.last_delivery(GUILD)
    assert last is not None and (last.status, last.reason) == (PostStatus.FAILED, "403 50013: 권한 없음")
    again = await ledger.claim(GUILD, DAY, c1, channel_id=5, nonce_for=nonce(GUILD, c1), manual=False)
    assert again is not None and (again.post_id, again.seq, again.nonce) == (first.post_id, 1, first.nonce)
    assert again.status is PostStatus.PENDING and again.reason is None


async def test_failed_days_in_a_row_count_back_from_the_latest_day(db: Database) -> None:
    ledger = PostLedger(db)
    c1 = PlannedPost(PostKind.CONCEPT, "c1")
    ok = await ledger.claim(GUILD, date(2024, 12, 1), c1, channel_id=5, nonce_for=nonce(GUILD, c1), manual=False)
    assert ok is not None
    await ledger.mark_sent(GUILD, ok.post_id, 1)
    for day in (date(2024, 12, 2), date(2024, 12, 3)):
        row = await ledger.claim(GUILD, day, c1, channel_id=5, nonce_for=nonce(GUILD, c1, day), manual=False)
        assert row is not None
        await ledger.mark_failed(GUILD, row.post_id, "404")
    assert await ledger.failed_days_in_a_row(GUILD) == 2
    assert await ledger.failed_days_in_a_row(OTHER) == 0


async def test_figures_of_the_post_are_per_server_aggregates(db: Database) -> None:
    ledger = PostLedger(db)
    for user in (1, 2, 3):
        await db.progress.add_read(GUILD, user, f"u{user}", "c1")
    await db.progress.add_read(OTHER, 9, "x", "c1")
    assert await ledger.read_count(GUILD, "c1") == 3
    assert await ledger.read_count(OTHER, "c1") == 1
    assert await ledger.mission_progress(GUILD, "docker-install") == (0, 3)
    quiz = await db.quizzes.create_quiz_session(GUILD, ["q1", "q2"], user_id=1, display_name="u1")
    await db.quizzes.add_attempt(GUILD, 1, "u1", quiz.session_id, "q1", "a", True)
    await db.quizzes.add_attempt(GUILD, 1, "u1", quiz.session_id, "q2", "b", False)
    assert sorted(await ledger.question_stats(GUILD)) == [("q1", 1, 1), ("q2", 1, 0)]
    assert await ledger.question_stats(OTHER) == []
