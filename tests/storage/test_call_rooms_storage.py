"""The call-room tables on real SQLite files: rooms, stays in them, and people's own zones."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.attendance import attendance_record
from storage import call_rooms as rows
from tests.storage.test_calls_storage import START, T0, _call, _store_with_review


async def test_a_person_is_in_a_room_once_at_a_time_and_stays_are_kept(tmp_path):
    store, review_id = await _store_with_review(tmp_path / "db.sqlite3")
    try:
        call_id = await _call(store, review_id)
        async with store.transaction() as tx:
            await rows.set_room_channel(tx, call_id, 555, at=START)
            assert await rows.joined(tx, call_id, 7, party="KEN", standing="member", at=START)
            # a second join while in the room (a duplicate event) writes nothing
            assert not await rows.joined(tx, call_id, 7, party="KEN", standing="member",
                                         at=START + timedelta(minutes=1))
            assert await rows.left(tx, call_id, 7, at=START + timedelta(minutes=10))
            assert not await rows.left(tx, call_id, 7, at=START + timedelta(minutes=11))
            assert await rows.joined(tx, call_id, 7, party="KEN", standing="member",
                                     at=START + timedelta(minutes=20))
            assert await rows.present(tx, call_id) == [7]
            assert await rows.everyone_left(tx, call_id, at=START + timedelta(minutes=30)) == 1
            stays = await rows.stays(tx, call_id)
            record = attendance_record(call_id, stays, ["KEN"], START + timedelta(hours=1))
            await rows.set_record(tx, call_id, record)
            await rows.mark_closed(tx, call_id, at=START + timedelta(hours=1))
        async with store.read() as tx:
            room = await rows.room_by_channel(tx, 555)
            assert room is not None and not room.open and room.record == record
            assert room.record.states[0].people[0].minutes == 20
            assert await rows.open_rooms(tx) == []
    finally:
        await store.close()


async def test_own_zones_are_set_replaced_and_forgotten(tmp_path):
    store, _ = await _store_with_review(tmp_path / "db.sqlite3")
    try:
        async with store.transaction() as tx:
            assert await rows.set_zone(tx, 9, "Europe/Vienna", at=T0) is None
            assert await rows.set_zone(tx, 9, "Asia/Tokyo", at=T0) == "Europe/Vienna"
            assert await rows.zone_of(tx, 9) == "Asia/Tokyo"
            assert await rows.set_zone(tx, 9, None, at=T0) == "Asia/Tokyo"
            assert await rows.zone_of(tx, 9) is None
    finally:
        await store.close()
