"""Call times: reading starts and lengths, and showing each State its local time.

Expected local times are worked out by hand in the comments; 3 Dec 2026 is a Thursday.
Clock changes used below (tzdata): EU 29 Mar 2026 and 25 Oct 2026; US 8 Mar 2026 and
1 Nov 2026; Adelaide (UTC+09:30 / +10:30 in summer) 5 Apr 2026 and 4 Oct 2026.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.call_times import (
    CallInputError,
    discord_timestamp,
    local_times,
    parse_duration,
    parse_start,
)
from bot.domain.errors import InputError

NOW = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)  # Vienna and New York still on summer time
VIENNA_1400_DEC3 = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)  # 14:00 CET = 13:00 UTC


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def refusal(text: str, default_zone: str | None = "Europe/Vienna", now: datetime = NOW) -> str:
    with pytest.raises(CallInputError) as caught:
        parse_start(text, default_zone, now)
    return str(caught.value)


def examples_in(message: str) -> list[str]:
    """The 'for example ...' start times a refusal offers, so the test can try them."""
    return re.findall(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?:[+-]\d\d:\d\d)? [A-Za-z_/]+", message)


# ---------------------------------------------------------------- parse_start


@pytest.mark.parametrize(
    ("text", "default_zone"),
    [
        ("2026-12-03T14:00 Europe/Vienna", None),
        ("2026-12-03 14:00 Europe/Vienna", None),
        ("2026-12-03 14:00 europe/vienna", None),  # letter case does not matter
        ("2026-12-03 14:00", "Europe/Vienna"),  # the person's stated zone
        ("2026-12-03T14:00+01:00", None),
        ("2026-12-03T14:00+01:00", "Asia/Tokyo"),  # an explicit offset wins over the default
        ("2026-12-03T13:00Z", None),
        ("2026-12-03 18:30 Asia/Kolkata", None),  # UTC+05:30
        ("2026-12-03 18:45 Asia/Kathmandu", None),  # UTC+05:45
        ("2026-12-03 23:30 Australia/Adelaide", None),  # UTC+10:30 in the southern summer
        ("2026-12-03 08:00 America/New_York", None),  # UTC-05:00
    ],
)
def test_the_same_moment_written_many_ways_is_one_utc_instant(
    text: str, default_zone: str | None
) -> None:
    assert parse_start(text, default_zone, NOW) == VIENNA_1400_DEC3


def test_a_call_set_in_summer_time_for_winter_uses_the_winter_offset() -> None:
    # Scheduled on 1 Oct (Vienna UTC+02:00) for 2 Nov (Vienna back on UTC+01:00).
    assert parse_start("2026-11-02 14:00 Europe/Vienna", None, NOW) == utc(2026, 11, 2, 13)
    # New York is still on UTC-04:00 on 28 Oct: 09:00 there is 13:00 UTC.
    assert parse_start("2026-10-28 09:00 America/New_York", None, NOW) == utc(2026, 10, 28, 13)


def test_unknown_zone_is_refused_with_a_suggestion() -> None:
    message = refusal("2026-12-03T14:00 Europe/Viena")
    assert "'Europe/Viena' is not a time zone" in message
    assert "Did you mean Europe/Vienna?" in message


def test_an_offset_typed_as_a_zone_is_explained() -> None:
    message = refusal("2026-12-03 14:00 UTC+1")
    assert "is an offset, not a time zone name" in message
    assert "14:00+01:00" in message
    assert parse_start("2026-12-03 14:00+01:00", None, NOW) == VIENNA_1400_DEC3


@pytest.mark.parametrize(
    "text", ["next Thursday at 2", "03/12/2026 14:00", "2026-12-03", "14:00", "", "2026-12-03T14"]
)
def test_unreadable_start_is_refused_with_a_future_example_that_works(text: str) -> None:
    message = refusal(text)
    assert "could not read" in message
    (example,) = examples_in(message)
    assert parse_start(example, None, NOW) > NOW


@pytest.mark.parametrize("text", ["2026-02-30 14:00", "2026-13-01 14:00", "2026-12-03 24:00"])
def test_impossible_dates_and_hours_are_refused(text: str) -> None:
    assert "is not a real date and time" in refusal(text)


def test_a_time_without_any_zone_asks_for_one() -> None:
    message = refusal("2026-12-03 14:00", default_zone=None)
    assert "Say which time zone" in message
    assert examples_in(message)


@pytest.mark.parametrize("offset", ["+15:00", "+01:75", "-13:00"])
def test_impossible_offsets_are_refused(offset: str) -> None:
    assert "is not a UTC offset" in refusal(f"2026-12-03T14:00{offset}")


def test_offset_that_contradicts_the_zone_is_refused() -> None:
    message = refusal("2026-12-03T14:00+02:00 Europe/Vienna")
    assert "Europe/Vienna is at UTC+01:00 on Thu 3 Dec 2026, not UTC+02:00" in message


@pytest.mark.parametrize(
    ("text", "jump", "instead", "instead_utc"),
    [
        # Vienna, 29 Mar 2026: 02:00 CET becomes 03:00 CEST; 03:30 CEST is 01:30 UTC.
        ("2026-03-29T02:30 Europe/Vienna", "02:00 to 03:00", "2026-03-29T03:30 Europe/Vienna",
         utc(2026, 3, 29, 1, 30)),
        # New York, 8 Mar 2026: 02:00 EST becomes 03:00 EDT; 03:30 EDT is 07:30 UTC.
        ("2026-03-08 02:30 America/New_York", "02:00 to 03:00",
         "2026-03-08T03:30 America/New_York", utc(2026, 3, 8, 7, 30)),
    ],
)
def test_a_time_skipped_when_clocks_go_forward_is_refused(
    text: str, jump: str, instead: str, instead_utc: datetime
) -> None:
    message = refusal(text, now=utc(2026, 1, 1))
    assert "does not exist" in message
    assert f"clocks go forward from {jump}" in message
    assert examples_in(message) == [instead]
    assert parse_start(instead, None, utc(2026, 1, 1)) == instead_utc


def test_a_time_repeated_when_clocks_go_back_needs_an_offset() -> None:
    # Vienna, 25 Oct 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice:
    # first at UTC+02:00 (00:30 UTC), then at UTC+01:00 (01:30 UTC).
    message = refusal("2026-10-25T02:30 Europe/Vienna")
    assert "happens twice in Europe/Vienna" in message
    assert "clocks go back from 03:00 to 02:00" in message
    first, second = examples_in(message)
    assert first == "2026-10-25T02:30+02:00 Europe/Vienna"
    assert second == "2026-10-25T02:30+01:00 Europe/Vienna"
    assert parse_start(first, None, NOW) == utc(2026, 10, 25, 0, 30)
    assert parse_start(second, None, NOW) == utc(2026, 10, 25, 1, 30)
    assert "not UTC+03:00" in refusal("2026-10-25T02:30+03:00 Europe/Vienna")


def test_repeated_hour_in_a_half_hour_zone() -> None:
    # Adelaide, 5 Apr 2026: 03:00 ACDT (UTC+10:30) becomes 02:00 ACST (UTC+09:30).
    message = refusal("2026-04-05 02:15 Australia/Adelaide", now=utc(2026, 1, 1))
    assert "+10:30" in message and "+09:30" in message
    second = examples_in(message)[1]
    assert parse_start(second, None, utc(2026, 1, 1)) == utc(2026, 4, 4, 16, 45)


def test_past_times_are_refused_and_the_present_is_shown() -> None:
    message = refusal("2025-12-03T14:00 Europe/Vienna")
    assert "has already passed" in message
    assert "it is now Thu 1 Oct 2026, 11:00 there" in message  # 09:00 UTC in CEST
    assert "already passed" in refusal("2026-10-01T11:00 Europe/Vienna")  # exactly now
    assert parse_start("2026-10-01T11:01 Europe/Vienna", None, NOW) == utc(2026, 10, 1, 9, 1)


def test_refusals_are_ordinary_input_errors() -> None:
    with pytest.raises(InputError):
        parse_start("nonsense", None, NOW)
    assert issubclass(CallInputError, ValueError)


_ZONES = ["Europe/Vienna", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu",
          "Australia/Adelaide", "Africa/Nairobi", "America/St_Johns", "Pacific/Chatham"]


@settings(max_examples=60, derandomize=True, deadline=None, database=None)
@given(
    zone=st.sampled_from(_ZONES),
    local=st.datetimes(min_value=datetime(2026, 10, 2), max_value=datetime(2028, 12, 31)),
)
def test_any_existing_unambiguous_local_time_reads_back_exactly(zone: str, local: datetime) -> None:
    local = local.replace(second=0, microsecond=0)
    tz = ZoneInfo(zone)
    early, late = local.replace(tzinfo=tz, fold=0), local.replace(tzinfo=tz, fold=1)
    text = f"{local:%Y-%m-%dT%H:%M} {zone}"
    if early.utcoffset() != late.utcoffset():
        with pytest.raises(CallInputError):
            parse_start(text, None, NOW)
        return
    start = parse_start(text, None, NOW)
    assert start.tzinfo is UTC
    assert start.astimezone(tz).replace(tzinfo=None) == local


# ---------------------------------------------------------------- parse_duration


@pytest.mark.parametrize(
    "text", ["90", "90m", "90 min", "90 minutes", "1h30", "1h 30m", "1 h 30 min", "1:30", "1.5h",
             "1,5 hours", " 90 "]
)
def test_ninety_minutes_written_many_ways(text: str) -> None:
    assert parse_duration(text) == timedelta(minutes=90)


def test_eight_hours_is_the_longest_call() -> None:
    assert parse_duration("8h") == timedelta(hours=8)
    assert parse_duration("480") == timedelta(hours=8)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("8h01", "8 h 1 min"), ("9:30", "9 h 30 min"), ("600", "10 h"), ("24 hours", "24 h")],
)
def test_calls_over_eight_hours_are_refused_plainly(text: str, shown: str) -> None:
    with pytest.raises(CallInputError) as caught:
        parse_duration(text)
    assert f"at most 8 hours; {shown} is longer" in str(caught.value)


def test_absurdly_long_durations_are_refused_not_crashed() -> None:
    with pytest.raises(CallInputError, match="at most 8 hours"):
        parse_duration("99999999999999999999")


@pytest.mark.parametrize("text", ["0", "0m", "0:00", "0h"])
def test_zero_length_calls_are_refused(text: str) -> None:
    with pytest.raises(CallInputError, match="at least 1 minute"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["", "abc", "-30", "1h75", "1:75", "1.33h", "ninety", "90s"])
def test_unreadable_durations_show_the_accepted_forms(text: str) -> None:
    with pytest.raises(CallInputError) as caught:
        parse_duration(text)
    assert "(90)" in str(caught.value) and "(1h30)" in str(caught.value)


# ---------------------------------------------------------------- local_times

THREE = {"United States": "America/New_York", "Kenya": "Africa/Nairobi", "Japan": "Asia/Tokyo"}


def lines(start: datetime, minutes: int, zones: dict[str, str], ref: str = "UTC") -> list[str]:
    return [lt.text for lt in local_times(start, timedelta(minutes=minutes), zones, ref)]


def test_a_vienna_call_in_new_york_nairobi_and_tokyo() -> None:
    # 14:00 in Vienna in December (UTC+01:00) is 13:00 UTC:
    # New York UTC-05:00 -> 08:00, Nairobi UTC+03:00 -> 16:00, Tokyo UTC+09:00 -> 22:00.
    assert lines(VIENNA_1400_DEC3, 90, {"Austria": "Europe/Vienna", **THREE}) == [
        "Austria (Europe/Vienna): Thu 3 Dec 2026, 14:00–15:30 CET (UTC+01:00)",
        "United States (America/New_York): Thu 3 Dec 2026, 08:00–09:30 EST (UTC-05:00)",
        "Kenya (Africa/Nairobi): Thu 3 Dec 2026, 16:00–17:30 EAT (UTC+03:00)",
        "Japan (Asia/Tokyo): Thu 3 Dec 2026, 22:00–23:30 JST (UTC+09:00)",
    ]


def test_call_scheduled_in_summer_time_and_held_after_the_european_change() -> None:
    # Read on 1 Oct (both on summer time); held on Wed 28 Oct, after Vienna went back to
    # UTC+01:00 (25 Oct) but before New York did (1 Nov): 14:00 Vienna = 13:00 UTC = 09:00 EDT.
    start = parse_start("2026-10-28 14:00 Europe/Vienna", None, NOW)
    assert lines(start, 60, {"Austria": "Europe/Vienna", **THREE}) == [
        "Austria (Europe/Vienna): Wed 28 Oct 2026, 14:00–15:00 CET (UTC+01:00)",
        "United States (America/New_York): Wed 28 Oct 2026, 09:00–10:00 EDT (UTC-04:00)",
        "Kenya (Africa/Nairobi): Wed 28 Oct 2026, 16:00–17:00 EAT (UTC+03:00)",
        "Japan (Asia/Tokyo): Wed 28 Oct 2026, 22:00–23:00 JST (UTC+09:00)",
    ]
    # A week later New York has changed too: 14:00 Vienna = 08:00 EST again.
    later = parse_start("2026-11-04 14:00 Europe/Vienna", None, NOW)
    assert lines(later, 60, {"US": "America/New_York"}) == [
        "US (America/New_York): Wed 4 Nov 2026, 08:00–09:00 EST (UTC-05:00)"
    ]


def test_call_scheduled_in_winter_and_held_after_the_american_spring_change() -> None:
    # Read on 1 Mar (New York UTC-05:00); held Mon 16 Mar, when New York is on UTC-04:00
    # (since 8 Mar) and Vienna still on UTC+01:00: 14:00 Vienna = 13:00 UTC = 09:00 EDT.
    start = parse_start("2026-03-16 14:00 Europe/Vienna", None, utc(2026, 3, 1))
    assert start == utc(2026, 3, 16, 13)
    assert lines(start, 30, {"US": "America/New_York"}) == [
        "US (America/New_York): Mon 16 Mar 2026, 09:00–09:30 EDT (UTC-04:00)"
    ]


def test_half_hour_and_three_quarter_hour_zones() -> None:
    # 13:00 UTC: Kolkata +05:30 -> 18:30, Kathmandu +05:45 -> 18:45 (tzdata has no letters
    # for Nepal, so only the offset is shown), Adelaide +10:30 (ACDT) -> 23:30, ending 01:00
    # on Friday.
    zones = {"India": "Asia/Kolkata", "Nepal": "Asia/Kathmandu", "Australia": "Australia/Adelaide"}
    assert lines(VIENNA_1400_DEC3, 90, zones) == [
        "India (Asia/Kolkata): Thu 3 Dec 2026, 18:30–20:00 IST (UTC+05:30)",
        "Nepal (Asia/Kathmandu): Thu 3 Dec 2026, 18:45–20:15 (UTC+05:45)",
        "Australia (Australia/Adelaide): Thu 3 Dec 2026, 23:30 – Fri 4 Dec 2026, 01:00 ACDT "
        "(UTC+10:30)",
    ]
    # In the southern winter Adelaide is UTC+09:30: 13:00 UTC on Thu 2 Jul 2026 is 22:30.
    assert lines(utc(2026, 7, 2, 13), 60, {"Australia": "Australia/Adelaide"}) == [
        "Australia (Australia/Adelaide): Thu 2 Jul 2026, 22:30–23:30 ACST (UTC+09:30)"
    ]


def test_a_different_local_date_is_pointed_out() -> None:
    # 16:00 UTC Thu = 01:00 Fri in Tokyo; 08:00 UTC Thu = 22:00 Wed in Honolulu (UTC-10:00).
    tokyo = local_times(utc(2026, 12, 3, 16), timedelta(hours=1), {"Japan": "Asia/Tokyo"})[0]
    assert tokyo.day_shift == 1
    assert tokyo.text == (
        "Japan (Asia/Tokyo): Fri 4 Dec 2026, 01:00–02:00 JST (UTC+09:00) — a day later than in UTC"
    )
    honolulu = local_times(
        utc(2026, 12, 3, 8), timedelta(hours=1), {"US": "Pacific/Honolulu"}, "Europe/Vienna"
    )[0]
    assert honolulu.day_shift == -1
    assert honolulu.text.endswith("— a day earlier than in Europe/Vienna")
    same_day = local_times(VIENNA_1400_DEC3, timedelta(hours=1), {"Kenya": "Africa/Nairobi"})[0]
    assert same_day.day_shift == 0 and "than in" not in same_day.text


def test_a_call_across_the_clock_change_shows_both_offsets() -> None:
    # 00:30 UTC on 25 Oct 2026 is 02:30 CEST; two hours later, 02:30 UTC, is 03:30 CET.
    assert lines(utc(2026, 10, 25, 0, 30), 120, {"Austria": "Europe/Vienna"}) == [
        "Austria (Europe/Vienna): Sun 25 Oct 2026, 02:30 CEST (UTC+02:00) – 03:30 CET "
        "(UTC+01:00) (the clocks change during the call)"
    ]


def test_discord_timestamp_tags() -> None:
    # 2026-12-03 13:00 UTC: 20790 days after 1970-01-01, 20790 * 86400 + 13 * 3600.
    assert discord_timestamp(VIENNA_1400_DEC3) == "<t:1796302800:F>"
    vienna = VIENNA_1400_DEC3.astimezone(ZoneInfo("Europe/Vienna"))
    assert discord_timestamp(vienna, "R") == "<t:1796302800:R>"
    with pytest.raises(ValueError):
        discord_timestamp(VIENNA_1400_DEC3, "x")
    with pytest.raises(ValueError):
        discord_timestamp(datetime(2026, 12, 3, 13))
