"""The call tables on real SQLite files: calls, answers, polls and votes."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.services.audit import AuditService
from bot.services.registry import RegistryService
from bot.services.timers import Timekeeper
from storage.calls import (
    call_attendance,
    calls_of_review,
    cancel_call,
    confirm_poll,
    get_call,
    get_poll,
    insert_call,
    insert_poll,
    move_call,
    open_polls,
    poll_slots,
    poll_votes,
    set_call_answer,
    set_call_message,
    toggle_poll_vote,
    unannounced_calls,
)
from storage.db import Store, latest_version
from storage.reviews import insert_review

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
START = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)


class FixedClock:
    def now(self) -> datetime:
        return T0


async def _store_with_review(path) -> tuple[Store, int]:
    store = await Store.open(path)
    clock = FixedClock()
    await RegistryService(store, clock, AuditService(store, clock), Timekeeper(store, clock),
                          None).seed_if_empty()
    async with store.transaction() as tx:
        review_id = await insert_review(tx, sur="KEN", cluster=1, start=date(2026, 3, 1),
                                             draw_id=None, by="1", now=T0)
    return store, review_id


async def _call(store: Store, review_id: int, start: datetime = START, minutes: int = 90) -> int:
    async with store.transaction() as tx:
        return await insert_call(
            tx, review_id=review_id, title="Dialogue on article 5", start=start,
            duration_minutes=minutes, link="https://meet.example.org/ken-1",
            zone="Europe/Vienna", by="42", now=T0,
        )


@pytest.fixture
async def store_and_review(tmp_path):
    store, review_id = await _store_with_review(tmp_path / "db.sqlite3")
    yield store, review_id
    await store.close()


async def test_a_call_reads_back_and_each_change_raises_its_calendar_sequence(store_and_review):
    store, review_id = store_and_review
    assert await store.schema_version() == latest_version()
    call_id = await _call(store, review_id)
    async with store.read() as tx:
        call = await get_call(tx, call_id)
    assert call is not None
    assert (call.title, call.start_utc, call.end_utc, call.zone, call.sequence, call.status) == (
        "Dialogue on article 5", START, START + timedelta(minutes=90), "Europe/Vienna", 0,
        "scheduled",
    )
    later = START + timedelta(days=1)
    async with store.transaction() as tx:
        await move_call(tx, call_id, start=later, zone="Asia/Tokyo", now=T0)
        await set_call_message(tx, call_id, 555, 777)
    async with store.transaction() as tx:
        await cancel_call(tx, call_id, reason="The State under review asked to wait",
                               now=T0)
    async with store.read() as tx:
        call = await get_call(tx, call_id)
    assert call is not None
    assert (call.start_utc, call.zone, call.sequence) == (later, "Asia/Tokyo", 2)
    assert call.status == "cancelled"
    assert call.cancel_reason == "The State under review asked to wait"
    assert (call.channel_id, call.message_id) == (555, 777)


async def test_upcoming_calls_leave_out_ended_and_cancelled_ones_but_keep_one_under_way(
    store_and_review,
):
    store, review_id = store_and_review
    under_way = await _call(store, review_id, start=T0 - timedelta(minutes=30), minutes=60)
    await _call(store, review_id, start=T0 - timedelta(hours=3), minutes=60)  # ended
    tomorrow = await _call(store, review_id, start=T0 + timedelta(days=1))
    cancelled = await _call(store, review_id, start=T0 + timedelta(hours=5))
    async with store.transaction() as tx:
        await cancel_call(tx, cancelled, reason="moved to the session", now=T0)
    async with store.read() as tx:
        listed = await calls_of_review(tx, review_id, ending_after=T0)
        unannounced = await unannounced_calls(tx, ending_after=T0)
    assert [c.id for c in listed] == [under_way, tomorrow]
    assert [c.id for c in unannounced] == [under_way, tomorrow]


async def test_one_answer_per_person_and_repeating_it_changes_nothing(store_and_review):
    store, review_id = store_and_review
    call_id = await _call(store, review_id)
    later = T0 + timedelta(hours=1)
    async with store.transaction() as tx:
        assert await set_call_answer(tx, call_id, 7, party="KEN", answer="tentative",
                                     at=T0) is None
        assert await set_call_answer(tx, call_id, 7, party="KEN", answer="accept",
                                     at=T0) == "tentative"
        assert await set_call_answer(tx, call_id, 7, party="KEN", answer="accept",
                                     at=later) == "accept"
        assert await set_call_answer(tx, call_id, 8, party=None, answer="decline",
                                     at=later) is None
    async with store.read() as tx:
        answers = await call_attendance(tx, call_id)
    assert [(a.user_id, a.party, a.answer, a.at) for a in answers] == [
        (7, "KEN", "accept", T0), (8, None, "decline", later),
    ]
    with pytest.raises(sqlite3.IntegrityError):
        async with store.transaction() as tx:
            await set_call_answer(tx, call_id, 9, party="KEN", answer="maybe", at=T0)  # type: ignore[arg-type]


async def test_calls_longer_than_eight_hours_cannot_be_stored(store_and_review):
    store, review_id = store_and_review
    with pytest.raises(sqlite3.IntegrityError):
        await _call(store, review_id, minutes=8 * 60 + 1)
    async with store.read() as tx:
        assert await calls_of_review(tx, review_id, ending_after=T0) == []


async def test_a_poll_keeps_its_slots_in_order_and_one_vote_per_person_and_slot(
    store_and_review,
):
    store, review_id = store_and_review
    starts = [START, START + timedelta(days=1), START + timedelta(days=2)]
    async with store.transaction() as tx:
        poll_id = await insert_poll(tx, review_id=review_id, title="Country visit",
                                         duration_minutes=60, zone="Africa/Nairobi",
                                         starts=starts, by="42", now=T0)
        assert await toggle_poll_vote(tx, poll_id, 2, 7, party="KEN", at=T0) is True
        assert await toggle_poll_vote(tx, poll_id, 3, 7, party="KEN", at=T0) is True
        assert await toggle_poll_vote(tx, poll_id, 2, 8, party="JPN", at=T0) is True
        assert await toggle_poll_vote(tx, poll_id, 3, 7, party="KEN", at=T0) is False
    with pytest.raises(sqlite3.IntegrityError):  # there is no slot 4
        async with store.transaction() as tx:
            await toggle_poll_vote(tx, poll_id, 4, 7, party="KEN", at=T0)
    async with store.read() as tx:
        slots = await poll_slots(tx, poll_id)
        votes = await poll_votes(tx, poll_id)
        assert [p.id for p in await open_polls(tx, review_id)] == [poll_id]
    assert [(s.slot, s.start_utc) for s in slots] == list(enumerate(starts, start=1))
    assert [(v.slot, v.user_id, v.party) for v in votes] == [(2, 7, "KEN"), (2, 8, "JPN")]

    call_id = await _call(store, review_id, start=starts[1], minutes=60)
    async with store.transaction() as tx:
        await confirm_poll(tx, poll_id, slot=2, call_id=call_id, now=T0)
    async with store.read() as tx:
        poll = await get_poll(tx, poll_id)
        assert await open_polls(tx, review_id) == []
    assert poll is not None
    assert (poll.status, poll.chosen_slot, poll.call_id) == ("confirmed", 2, call_id)


async def test_answers_from_two_connections_at_once_are_both_kept(tmp_path):
    path = tmp_path / "db.sqlite3"
    first, review_id = await _store_with_review(path)
    second = await Store.open(path)
    try:
        call_id = await _call(first, review_id)

        async def answer(store: Store, user_id: int) -> None:
            async with store.transaction() as tx:
                await set_call_answer(tx, call_id, user_id, party="KEN", answer="accept", at=T0)

        await asyncio.gather(*(answer(s, uid) for s, uid in ((first, 1), (second, 2),
                                                               (first, 3), (second, 4))))
        async with second.read() as tx:
            answers = await call_attendance(tx, call_id)
        assert sorted(a.user_id for a in answers) == [1, 2, 3, 4]
    finally:
        await second.close()
        await first.close()
