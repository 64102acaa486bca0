"""Planning calls: reminders, and slots inside every State's working hours.

Expected times are worked out by hand in the comments; 3 Dec 2026 is a Thursday. Clock
changes used: US 8 Mar 2026 (EST UTC-05:00 -> EDT UTC-04:00); Vienna is on CET (UTC+01:00)
in December and March, CEST (UTC+02:00) from 29 Mar to 25 Oct 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.call_times import CallInputError
from bot.domain.calls import ReminderKind, no_slot_reason, reminder_times, suggest_slots

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
VIENNA_1400_DEC3 = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)  # 14:00 CET = 13:00 UTC
ZONES = ["Europe/Vienna", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
         "Australia/Adelaide", "Africa/Nairobi", "America/St_Johns", "Pacific/Chatham",
         "Asia/Tokyo", "Pacific/Honolulu"]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ---------------------------------------------------------------- reminders


def test_reminders_a_day_before_an_hour_before_and_at_the_start() -> None:
    reminders = reminder_times(VIENNA_1400_DEC3, NOW)
    assert [(r.kind, r.at) for r in reminders] == [
        ("24h", utc(2026, 12, 2, 13)),
        ("1h", utc(2026, 12, 3, 12)),
        ("start", VIENNA_1400_DEC3),
    ]
    assert [r.kind for r in reminders] == list(ReminderKind)


def test_reminders_already_past_are_left_out() -> None:
    three_hours_before = VIENNA_1400_DEC3 - timedelta(hours=3)
    assert [r.kind for r in reminder_times(VIENNA_1400_DEC3, three_hours_before)] == ["1h", "start"]
    half_hour_before = VIENNA_1400_DEC3 - timedelta(minutes=30)
    assert [r.kind for r in reminder_times(VIENNA_1400_DEC3, half_hour_before)] == ["start"]
    assert reminder_times(VIENNA_1400_DEC3, VIENNA_1400_DEC3 + timedelta(seconds=1)) == []


# ---------------------------------------------------------------- suggest_slots

VNT = ["Europe/Vienna", "Africa/Nairobi", "Asia/Tokyo"]
HOUR = timedelta(hours=1)


def test_vienna_nairobi_tokyo_share_two_morning_hours() -> None:
    # December, in UTC: Vienna 08-18 = 07-17, Nairobi 08-18 = 05-15, Tokyo 08-18 = 23-09.
    # Shared: 07:00-09:00 UTC (Vienna 08-10, Nairobi 10-12, Tokyo 16-18). One-hour calls can
    # start at 07:00, 07:30 and 08:00 UTC. Now is Wed 2 Dec 10:00 UTC, past that day's window.
    assert suggest_slots(VNT, HOUR, utc(2026, 12, 2, 10)) == [
        utc(2026, 12, 3, 7), utc(2026, 12, 3, 7, 30), utc(2026, 12, 3, 8),
        utc(2026, 12, 4, 7), utc(2026, 12, 4, 7, 30),
    ]


def test_weekends_are_skipped() -> None:
    # Fri 4 Dec 08:10 UTC: the next start on the grid, 08:30, would end after 18:00 in Tokyo.
    assert suggest_slots(VNT, HOUR, utc(2026, 12, 4, 8, 10), limit=1) == [utc(2026, 12, 7, 7)]


def test_suggestions_start_at_the_next_step_after_now() -> None:
    assert suggest_slots(VNT, HOUR, utc(2026, 12, 3, 7, 10), limit=2) == [
        utc(2026, 12, 3, 7, 30), utc(2026, 12, 3, 8)
    ]
    assert suggest_slots(VNT, HOUR, utc(2026, 12, 3, 7), limit=1) == [utc(2026, 12, 3, 7, 30)]


def test_no_common_working_hours_gives_nothing_and_says_why() -> None:
    # Honolulu (UTC-10) works 18:00-04:00 UTC; Tokyo 23:00-09:00; Vienna 07:00-17:00
    # (06:00-16:00 in summer). Tokyo and Vienna share only 06/07-09 UTC, when Honolulu sleeps.
    zones = ["Pacific/Honolulu", "Asia/Tokyo", "Europe/Vienna"]
    assert suggest_slots(zones, HOUR, NOW, within_days=60) == []
    reason = str(no_slot_reason(zones, HOUR, NOW))  # in English
    assert reason.startswith("No 1 h slot in the next 14 days falls inside working hours")
    assert "08:00–18:00, Monday to Friday" in reason
    assert "do not overlap at all" in reason


def test_a_call_longer_than_the_shared_hours_gives_nothing_and_says_how_long_they_share() -> None:
    assert suggest_slots(VNT, timedelta(hours=3), utc(2026, 12, 2, 10)) == []
    reason = str(no_slot_reason(VNT, timedelta(hours=3), utc(2026, 12, 2, 10)))
    assert "The longest time they share on any day is 2 h" in reason


def test_suggestions_follow_a_clock_change_between_now_and_the_call() -> None:
    # Vienna 07-17 UTC, Nairobi 05-15 UTC, New York 13-23 UTC before 8 Mar (EST) and
    # 12-22 UTC after (EDT). Shared: 13-15 UTC on Fri 6 Mar, 12-15 UTC from Mon 9 Mar.
    zones = ["Europe/Vienna", "America/New_York", "Africa/Nairobi"]
    assert suggest_slots(zones, HOUR, utc(2026, 3, 5, 20), limit=1) == [utc(2026, 3, 6, 13)]
    assert suggest_slots(zones, HOUR, utc(2026, 3, 7), limit=1) == [utc(2026, 3, 9, 12)]


def test_a_three_quarter_hour_zone_gets_its_own_eight_oclock() -> None:
    # December: Kathmandu 08-18 = 02:15-12:15 UTC, Tokyo 23:00-09:00, Adelaide (UTC+10:30)
    # 21:30-07:30. Shared 02:15-07:30 UTC, starting at 08:00 in Kathmandu.
    zones = ["Asia/Kathmandu", "Asia/Tokyo", "Australia/Adelaide"]
    assert suggest_slots(zones, HOUR, utc(2026, 12, 2, 10), limit=3) == [
        utc(2026, 12, 3, 2, 15), utc(2026, 12, 3, 2, 30), utc(2026, 12, 3, 3)
    ]


def test_working_hours_are_configurable() -> None:
    # 09:00-19:00: Vienna 08-18 UTC, Nairobi 06-16 UTC, Tokyo 00-10 UTC -> shared 08-10 UTC.
    slots = suggest_slots(VNT, HOUR, utc(2026, 12, 2, 10), work_start=time(9),
                          work_end=time(19), limit=3)
    assert slots == [utc(2026, 12, 3, 8), utc(2026, 12, 3, 8, 30), utc(2026, 12, 3, 9)]
    # Only Mondays: Thu 3 Dec -> Mon 7 Dec.
    assert suggest_slots(VNT, HOUR, utc(2026, 12, 2, 10), workdays={0}, limit=1) == [
        utc(2026, 12, 7, 7)
    ]


def test_look_ahead_is_respected() -> None:
    # Fri 4 Dec 10:00 UTC, one day ahead: the weekend has no slots.
    assert suggest_slots(VNT, HOUR, utc(2026, 12, 4, 10), within_days=1) == []
    with pytest.raises(CallInputError, match="between 1 and 60 days"):
        suggest_slots(VNT, HOUR, NOW, within_days=0)
    with pytest.raises(CallInputError, match="at most 8 hours"):
        suggest_slots(VNT, timedelta(hours=9), NOW)


@settings(max_examples=40, derandomize=True, deadline=None, database=None)
@given(
    zones=st.lists(st.sampled_from(ZONES), min_size=1, max_size=3),
    now=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 1, 1),
                     timezones=st.just(UTC)),
    minutes=st.integers(min_value=15, max_value=240),
)
def test_every_suggestion_lies_inside_everyones_working_day(
    zones: list[str], now: datetime, minutes: int
) -> None:
    duration = timedelta(minutes=minutes)
    slots = suggest_slots(zones, duration, now)
    assert slots == sorted(set(slots)) and len(slots) <= 5
    for slot in slots:
        assert now < slot <= now + timedelta(days=14)
        for zone in map(ZoneInfo, zones):
            begin, end = slot.astimezone(zone), (slot + duration).astimezone(zone)
            assert begin.weekday() < 5 and begin.date() == end.date()
            assert time(8) <= begin.time() and end.time() <= time(18)
