"""Two servers with the same course: rosters and decisions never cross."""

from __future__ import annotations

import pytest

from bot.store import MissionStatus
from tests.discord_app.conftest import RunningBot
from tests.discord_app.mission_support import embed, mentions, paste
from tests.fakediscord import World
from tests.services import evidence_samples as samples

pytestmark = pytest.mark.timeout(30)
MISSION = "docker-install"


@pytest.fixture
def fake_world() -> World:
    return World.default(("A 서버", "B 서버"))


async def test_two_servers_rosters_never_mix(bot: RunningBot, world: World) -> None:
    a, b = world.guilds
    await paste(bot.fake, a.member("minsu"), samples.LINUX, guild=a)
    await paste(bot.fake, b.member("seoyeon"), samples.WINDOWS, guild=b)
    await paste(bot.fake, b.member("jihoon"), samples.PODMAN, guild=b)

    roster_a = embed(await (await bot.fake.send_slash_command(a, "organizer", "mission", "roster")).reply())
    roster_b = embed(await (await bot.fake.send_slash_command(b, "organizer", "mission", "roster")).reply())
    assert mentions(roster_a["description"]) == [a.member("minsu").id]
    assert mentions(roster_b["description"]) == [b.member("seoyeon").id, b.member("jihoon").id]
    assert roster_a["description"].startswith("이 서버에서 봇을 사용한 멤버 1명\n✅ 확인 완료 1명")
    assert roster_b["description"].startswith("이 서버에서 봇을 사용한 멤버 2명\n✅ 확인 완료 1명")

    # B's organizer deciding on "minsu" acts on B's member and B's records only.
    reply = await (await bot.fake.send_slash_command(b, "organizer", "mission", "verify", {"member": "minsu"})).reply()
    assert embed(reply)["title"] == "✅ 확인했어요"  # B's own minsu, not A's
    confirmed_b = await bot.app.db.missions.get_confirmation(b.id, b.member("minsu").id, MISSION)
    assert confirmed_b is not None and confirmed_b.status is MissionStatus.CONFIRMED
    assert await bot.app.db.missions.get_confirmation(b.id, a.member("minsu").id, MISSION) is None
    assert await bot.app.db.audit.list_audit(a.id) == []
