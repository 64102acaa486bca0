"""The call-room tables on real SQLite files: rooms, stays in them, and people's own zones."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.attendance import attendance_record
from storage.call_rooms import (
    mark_room_closed,
    open_rooms,
    own_zone_of,
    present_in_room,
    record_room_emptied,
    record_room_join,
    record_room_leave,
    room_by_channel,
    room_stays,
    set_own_zone,
    set_room_channel,
    set_room_record,
)
from tests.storage.test_calls_storage import START, T0, _call, _store_with_review


async def test_a_person_is_in_a_room_once_at_a_time_and_stays_are_kept(tmp_path):
    store, review_id = await _store_with_review(tmp_path / "db.sqlite3")
    try:
        call_id = await _call(store, review_id)
        async with store.transaction() as tx:
            await set_room_channel(tx, call_id, 555, at=START)
            assert await record_room_join(tx, call_id, 7, party="KEN", standing="member", at=START)
            # a second join while in the room (a duplicate event) writes nothing
            assert not await record_room_join(tx, call_id, 7, party="KEN", standing="member",
                                         at=START + timedelta(minutes=1))
            assert await record_room_leave(tx, call_id, 7, at=START + timedelta(minutes=10))
            assert not await record_room_leave(tx, call_id, 7, at=START + timedelta(minutes=11))
            assert await record_room_join(tx, call_id, 7, party="KEN", standing="member",
                                     at=START + timedelta(minutes=20))
            assert await present_in_room(tx, call_id) == [7]
            assert await record_room_emptied(tx, call_id, at=START + timedelta(minutes=30)) == 1
            stays = await room_stays(tx, call_id)
            record = attendance_record(call_id, stays, ["KEN"], START + timedelta(hours=1))
            await set_room_record(tx, call_id, record)
            await mark_room_closed(tx, call_id, at=START + timedelta(hours=1))
        async with store.read() as tx:
            room = await room_by_channel(tx, 555)
            assert room is not None and not room.open and room.record == record
            assert room.record.states[0].people[0].minutes == 20
            assert await open_rooms(tx) == []
    finally:
        await store.close()


async def test_own_zones_are_set_replaced_and_forgotten(tmp_path):
    store, _ = await _store_with_review(tmp_path / "db.sqlite3")
    try:
        async with store.transaction() as tx:
            assert await set_own_zone(tx, 9, "Europe/Vienna", at=T0) is None
            assert await set_own_zone(tx, 9, "Asia/Tokyo", at=T0) == "Europe/Vienna"
            assert await own_zone_of(tx, 9) == "Asia/Tokyo"
            assert await set_own_zone(tx, 9, None, at=T0) == "Asia/Tokyo"
            assert await own_zone_of(tx, 9) is None
    finally:
        await store.close()
