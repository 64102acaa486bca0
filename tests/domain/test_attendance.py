"""Attendance of a call from the stays in its room, and the room's own rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.attendance import Stay, attendance_record, merge, standing_of
from bot.domain.call_rooms import RoomTiming, fits_category, room_budget, room_name
from bot.domain.reviews import CapacityError

T0 = datetime(2026, 1, 15, 13, 0, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def stay(user: int, party: str | None, joined: int, left: int | None,
         standing: str = "member") -> Stay:
    return Stay(user_id=user, party=party, standing=standing, joined_at=at(joined),  # type: ignore[arg-type]
                left_at=None if left is None else at(left))


def test_leaving_and_coming_back_counts_both_stays_and_not_the_gap():
    record = attendance_record(1, [stay(1, "KEN", 0, 20), stay(1, "KEN", 30, 60)],
                               ["KEN", "GHA"], at(90))
    (kenya,) = record.states
    (person,) = kenya.people
    assert person.spans == ((at(0), at(20)), (at(30), at(60)))
    assert person.minutes == 50
    assert record.length == timedelta(minutes=60)


def test_states_in_the_reviews_order_and_only_those_present():
    stays = [stay(3, "JPN", 5, 40), stay(1, "KEN", 10, 40), stay(9, None, 0, 45, "secretariat")]
    record = attendance_record(1, stays, ["KEN", "GHA", "JPN"], at(90))
    assert [s.party for s in record.states] == ["KEN", "JPN"]  # Ghana, absent, is not listed
    assert [p.user_id for p in record.secretariat] == [9]
    assert record.started_at == at(0) and record.ended_at == at(45)


def test_someone_still_in_the_room_counts_until_the_record_is_made():
    record = attendance_record(1, [stay(1, "KEN", 0, None)], ["KEN"], at(25))
    assert record.states[0].people[0].minutes == 25


def test_nobody_came():
    record = attendance_record(1, [], ["KEN"], at(60))
    assert not record.anyone and record.length == timedelta() and record.states == ()


def test_who_stands_where():
    people = {1: "KEN"}
    assert standing_of(1, people, is_secretariat=True) == ("member", "KEN")
    assert standing_of(2, people, is_secretariat=True) == ("secretariat", None)
    assert standing_of(3, people, is_secretariat=False) == ("outsider", None)


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 300)), max_size=12))
def test_merged_spans_are_sorted_disjoint_and_cover_the_same_time(pairs):
    spans = [(at(a), at(b)) for a, b in pairs]
    merged = merge(spans)
    assert all(s < e for s, e in merged)
    assert all(merged[i][1] < merged[i + 1][0] for i in range(len(merged) - 1))
    covered = {m for a, b in pairs for m in range(a, b)}
    assert {m for s, e in merged for m in range((s - T0).seconds // 60, (e - T0).seconds // 60)
            } == covered


def test_room_timing_and_name():
    timing = RoomTiming()
    assert timing.opens_at(T0) == at(-15) and timing.closes_at(at(60)) == at(75)
    assert room_name(3, "ken-criminalization") == "Call 3 · ken-criminalization"
    assert len(room_name(12345, "x" * 200)) == 100


def test_rooms_count_in_the_servers_500_channels():
    room_budget(100)
    room_budget(499)  # the 500th channel still fits
    with pytest.raises(CapacityError, match="already holds 500 channels"):
        room_budget(500)
    assert fits_category(49) and not fits_category(50)
