"""/progress and /leaderboard through the real discord.py client and the fake Discord: they agree with the
CSV of /study export for the same history, two servers never mix, a member can look at another member, and
replies name commands as clickable mentions with the ids Discord registered."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from bot.core.answers import AliasTable, judge
from tests.discord_app.conftest import RunningBot, command_mention, running_bot
from tests.fakediscord import FakeDiscord, World
from tests.fakediscord.world import Guild, Member
from tests.services import evidence_samples as samples

pytestmark = pytest.mark.timeout(60)
EPHEMERAL = 64
LINE = re.compile(r"^(?:🥇|🥈|🥉|(\d+)\.) (.+) — (\d+)점 \(정답 (\d+) · 개념 (\d+)\)$")


@pytest.fixture
def fake_world() -> World:
    return World.default(("스터디 서버", "옆 서버"))


def embed(reply: dict[str, Any]) -> dict[str, Any]:
    [only] = reply["embeds"]
    return only


def mention(bot: RunningBot, name: str) -> str:
    return command_mention(bot.fake, name)


def fields(reply: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed(reply).get("fields", [])}


async def read(bot: RunningBot, guild: Guild, member: Member, number: int) -> None:
    """A member reads the concept numbered `number` with /concept show (the way a member records a read)."""
    concept = bot.app.course.concepts[number]
    reply = await (await bot.fake.send_slash_command(guild, member, "concept", "show", {"concept": concept.id})).reply()
    assert embed(reply)["title"].startswith(f"📖 {number + 1}번째 개념")


async def answer(bot: RunningBot, guild: Guild, member: Member, question_index: int, right: bool) -> None:
    """A member answers one question of a quiz: judged as the quiz does, recorded by the store's answer path."""
    question = bot.app.course.questions[question_index]
    right_text = ("O" if question.answer else "X") if isinstance(question.answer, bool) else question.answer_text
    given = right_text if right else "모르겠어요"
    correct = judge(question, given, AliasTable.from_groups(bot.app.course.alias_groups))
    assert correct is right
    db = bot.app.db
    session = await db.quizzes.create_quiz_session(
        guild.id, [question.id], user_id=member.id, display_name=member.display_name
    )
    await db.quizzes.add_attempt(
        guild.id, member.id, member.display_name, session.session_id, question.id, given, correct
    )


async def export_rows(bot: RunningBot, guild: Guild) -> dict[int, dict[str, str]]:
    handle = await bot.fake.send_slash_command(guild, "organizer", "study", "export")
    await handle.reply()
    files = [f for c in handle.callbacks for f in c.get("files", [])] + [
        f for m in handle.followups for f in m.get("files", [])
    ]
    rows = csv.DictReader(io.StringIO(files[0].data.decode("utf-8-sig")))
    return {int(row["user_id"]): row for row in rows}


async def leaderboard(bot: RunningBot, guild: Guild, member: Member | str, period: str | None = None) -> list[str]:
    options = {"period": period} if period else {}
    reply = await (await bot.fake.send_slash_command(guild, member, "leaderboard", None, options)).reply()
    assert not reply["flags"] & EPHEMERAL  # the ranking is for the channel to see
    return str(embed(reply)["description"]).splitlines()


async def progress(
    bot: RunningBot, guild: Guild, member: Member | str, about: Member | str | None = None
) -> dict[str, Any]:
    options = {"member": about} if about is not None else {}
    reply = await (await bot.fake.send_slash_command(guild, member, "progress", None, options)).reply()
    assert reply["flags"] & EPHEMERAL
    return reply


async def test_progress_and_leaderboard_agree_with_the_export(bot: RunningBot, world: World) -> None:
    guild = world.guild
    minsu, seoyeon, jihoon = guild.member("minsu"), guild.member("seoyeon"), guild.member("jihoon")
    for number in (0, 1, 2):
        await read(bot, guild, minsu, number)
    await read(bot, guild, seoyeon, 0)
    for index, right in [(0, True), (1, False), (2, True), (1, True)]:
        await answer(bot, guild, minsu, index, right)
    for index, right in [(0, True), (3, True), (4, True), (5, False)]:
        await answer(bot, guild, seoyeon, index, right)
    await bot.app.missions.confirm(guild.id, seoyeon.id, "이서연", None, samples.LINUX)

    rows = await export_rows(bot, guild)
    lines = await leaderboard(bot, guild, jihoon, "all")
    assert lines[-2:] == ["", "🙋 나: 전체에는 아직 점수가 없어요."]  # 지훈 looked but has no points
    board = [LINE.match(line) for line in lines[:-2]]
    assert all(board), board
    ranked = [(m.group(2), int(m.group(3)), int(m.group(4)), int(m.group(5))) for m in board if m]
    # 이서연: 1 read 10 + 3 right x 2 + 3 first tries x 3 + mission 20; 김민수: 3 reads 30 + 3 right x 2 + 2 first tries x 3
    assert ranked == [("이서연", 45, 3, 1), ("김민수", 42, 3, 3)]
    by_name = {row["display_name"]: row for row in rows.values()}
    for name, points, _, reads in ranked:
        assert int(by_name[name]["points"]) == points and int(by_name[name]["concepts_read"]) == reads
    assert jihoon.id not in rows  # looking at the ranking records nobody

    for place, member in enumerate((seoyeon, minsu), start=1):
        row = rows[member.id]
        shown = fields(await progress(bot, guild, member))
        total = len(bot.app.course.concepts)
        assert shown["📖 읽은 개념"] == f"{row['concepts_read']}/{total}개"
        assert shown["📝 퀴즈"].startswith(f"{row['quiz_answered']}문제 · 정답 {row['quiz_correct']}개")
        assert shown["🔥 연속 학습"] == f"{row['streak_days']}일"
        assert shown["⭐ 점수"] == f"이번 주 {row['points']}점 ({place}위) · 전체 {row['points']}점 ({place}위)"
    week = await leaderboard(bot, guild, minsu)  # default period: this week (everything happened now)
    assert [LINE.match(line).group(2) for line in week] == ["이서연", "김민수"]  # type: ignore[union-attr]


async def test_progress_shows_accuracy_per_concept_weakest_first_missions_and_reviews(
    bot: RunningBot, world: World
) -> None:
    guild = world.guild
    minsu = guild.member("minsu")
    course = bot.app.course
    first, second = course.concepts[0], course.concepts[1]
    [q_first] = [i for i, q in enumerate(course.questions) if q.concept_id == first.id][:1]
    seconds = [i for i, q in enumerate(course.questions) if q.concept_id == second.id][:2]
    await answer(bot, guild, minsu, q_first, True)
    await answer(bot, guild, minsu, seconds[0], False)
    await answer(bot, guild, minsu, seconds[1], True)

    shown = fields(await progress(bot, guild, minsu))
    assert shown["📊 개념별 정답률 (약한 순)"].splitlines() == [
        f"⚠️ {second.title} — 1/2 (50%)",
        f"• {first.title} — 1/1 (100%)",
    ]
    assert shown["🐳 [실전 미션] 도커 설치하기"] == "아직 안 함"
    review = shown["🔁 복습"]
    assert review.startswith("지금 복습할 문제 1개")  # the wrong answer is due again at once
    assert mention(bot, "quiz start") in review


async def test_a_member_looks_at_another_members_progress(bot: RunningBot, world: World) -> None:
    guild = world.guild
    minsu, seoyeon = guild.member("minsu"), guild.member("seoyeon")
    await read(bot, guild, seoyeon, 0)
    reply = await progress(bot, guild, minsu, seoyeon)
    assert embed(reply)["title"] == "📊 이서연 님의 학습 현황"
    assert fields(reply)["📖 읽은 개념"] == f"1/{len(bot.app.course.concepts)}개"
    assert (
        await bot.app.db.progress.read_concepts(guild.id, minsu.id) == set()
    )  # looking records nothing for the looker

    # Nothing yet: the reply invites to start, naming the command as a clickable mention.
    nothing = await progress(bot, guild, seoyeon, minsu)
    assert embed(nothing)["title"] == "📊 김민수 님의 학습 현황"
    assert mention(bot, "concept today").startswith("</concept today:")
    assert mention(bot, "concept today") in embed(nothing)["description"]

    refused = await progress(bot, guild, minsu, world.bot_user.username)
    assert refused["content"] == "⚠️ 봇은 학습 기록이 없어요. 멤버를 골라 주세요."


async def test_two_servers_never_mix(bot: RunningBot, world: World) -> None:
    here, there = world.guilds
    minsu = here.member("minsu")
    there_minsu = there.add_member("minsu", user=minsu.user)  # the same person in both servers
    await read(bot, here, minsu, 0)
    for number in range(4):
        await read(bot, there, there_minsu, number)
    await answer(bot, there, there.member("seoyeon"), 0, True)

    assert [LINE.match(line).group(3) for line in await leaderboard(bot, here, minsu, "all")] == ["10"]  # type: ignore[union-attr]
    there_board = await leaderboard(bot, there, there_minsu, "all")
    assert [LINE.match(line).group(2) for line in there_board] == ["김민수", "이서연"]  # type: ignore[union-attr]
    assert fields(await progress(bot, here, minsu))["⭐ 점수"] == "이번 주 10점 (1위) · 전체 10점 (1위)"
    assert fields(await progress(bot, there, there_minsu))["⭐ 점수"] == "이번 주 40점 (1위) · 전체 40점 (1위)"
    here_rows = await export_rows(bot, here)
    assert set(here_rows) == {minsu.id} and here_rows[minsu.id]["points"] == "10"
    assert there.member("seoyeon").id not in here_rows


async def test_the_leaderboard_shows_the_top_ten_and_the_callers_own_place(bot: RunningBot, world: World) -> None:
    guild = world.guild
    minsu = guild.member("minsu")
    for n in range(11):  # eleven members with two reads each, ahead of 김민수's one
        member = guild.add_member(f"user{n}", f"멤버{n:02d}")
        await read(bot, guild, member, 0)
        await read(bot, guild, member, 1)
    await read(bot, guild, minsu, 0)

    lines = await leaderboard(bot, guild, minsu, "week")
    assert len(lines) == 12 and lines[10] == "⋯"
    assert [line.split(" ")[0] for line in lines[:10]] == ["🥇", "🥈", "🥉", "4.", "5.", "6.", "7.", "8.", "9.", "10."]
    assert lines[0] == "🥇 멤버00 — 20점 (정답 0 · 개념 2)"  # equal points: whoever got there first
    assert lines[11] == "🙋 나: 12. 김민수 — 10점 (정답 0 · 개념 1)"
    shown = fields(await progress(bot, guild, minsu))
    assert shown["⭐ 점수"] == "이번 주 10점 (12위) · 전체 10점 (12위)"  # the same place everywhere

    month = await leaderboard(bot, guild, guild.member("jihoon"), "month")
    assert month[-1] == "🙋 나: 이번 달에는 아직 점수가 없어요."


async def test_after_a_restart_without_changes_the_ids_come_from_one_fetch(fake: FakeDiscord, tmp_path: Path) -> None:
    async with running_bot(fake, tmp_path) as first:
        assert set(first.client.command_ids) >= {"concept", "study", "progress", "leaderboard"}
    assert len(fake.find_calls("PUT", r"/applications/\d+/commands$")) == 1
    assert fake.find_calls("GET", r"/applications/\d+/commands$") == []  # the sync's answer had the ids

    async with running_bot(fake, tmp_path) as second:  # same tree, same database: nothing to sync
        assert second.client.command_ids == first.client.command_ids
        reply = await progress(second, fake.world.guild, "minsu")
        assert f"</concept today:{second.client.command_ids['concept']}>" in embed(reply)["description"]
    assert len(fake.find_calls("PUT", r"/applications/\d+/commands$")) == 1
    assert len(fake.find_calls("GET", r"/applications/\d+/commands$")) == 1
