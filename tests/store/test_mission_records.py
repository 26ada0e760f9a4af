"""The missions and audit repositories: a decision and its audit entry are written together, per server."""

from __future__ import annotations

import pytest

from bot.store import ConfirmationChange, Database, MissionStatus
from tests.store.support import FakeClock

GUILD, OTHER = 111, 222


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


async def test_the_audit_log_keeps_each_servers_entries_newest_first(db: Database, clock: FakeClock) -> None:
    await db.audit.add_audit(GUILD, 42, "schedule_set", detail="09:00")
    clock.advance(minutes=1)
    await db.audit.add_audit(GUILD, 42, "organizer_role", target_id=7, detail="x" * 600)
    await db.audit.add_audit(OTHER, 43, "export")
    newest, oldest = await db.audit.list_audit(GUILD)
    assert (newest.action, newest.target_id, len(newest.detail)) == ("organizer_role", 7, 500)  # cut, not refused
    assert (oldest.action, oldest.detail) == ("schedule_set", "09:00")
    assert [e.action for e in await db.audit.list_audit(OTHER)] == ["export"]
    assert len(await db.audit.list_audit(GUILD, limit=1)) == 1
