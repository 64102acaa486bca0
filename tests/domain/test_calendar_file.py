"""Calendar files for calls: what a calendar program reads from them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event

from bot.domain.calendar_file import (
    EventSpec,
    IcsInstant,
    build_feed,
    build_ics,
    call_uid,
    ics_filename,
    parse_ics_instant,
)
from bot.domain.call_times import parse_start

START = datetime(2026, 12, 3, 13, 0, tzinfo=UTC)  # 14:00 in Vienna
STAMP = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
LINK = "https://meet.example.org/review-ke-1"
UID = call_uid(42, "1000000000000000001")


def ics(**changes: object) -> bytes:
    args: dict[str, object] = {
        "uid": UID,
        "sequence": 0,
        "title": "Review of Kenya: first call",
        "start_utc": START,
        "duration": timedelta(minutes=90),
        "description": "Questions on article 5.",
        "link": LINK,
        "organizer_name": "UNODC Secretariat",
        "dtstamp": STAMP,
    }
    args.update(changes)
    return build_ics(**args)  # type: ignore[arg-type]


def event_of(data: bytes) -> Event:
    (event,) = Calendar.from_ical(data).events
    return event


def test_round_trip_carries_the_same_instant_uid_and_sequence() -> None:
    assert parse_ics_instant(ics()) == IcsInstant(UID, 0, START, "REQUEST")


def test_start_and_end_are_written_in_utc_whatever_zone_was_given() -> None:
    vienna = START.astimezone(ZoneInfo("Europe/Vienna"))  # 14:00 CET
    data = ics(start_utc=vienna)
    assert b"\r\nDTSTART:20261203T130000Z\r\n" in data
    assert b"\r\nDTEND:20261203T143000Z\r\n" in data
    assert b"VTIMEZONE" not in data
    assert event_of(data).duration == timedelta(minutes=90)


def test_a_parsed_start_survives_into_the_file() -> None:
    start = parse_start("2026-12-03 18:45 Asia/Kathmandu", None, STAMP)  # UTC+05:45
    assert parse_ics_instant(ics(start_utc=start)).start_utc == START


def test_a_change_keeps_the_uid_and_raises_the_sequence() -> None:
    first = parse_ics_instant(ics())
    moved = parse_ics_instant(ics(sequence=1, start_utc=START + timedelta(days=1)))
    assert moved.uid == first.uid == "call-42.1000000000000000001@deskreview"
    assert moved.sequence == first.sequence + 1
    assert moved.start_utc == datetime(2026, 12, 4, 13, 0, tzinfo=UTC)


def test_cancellation_is_method_cancel_with_status_cancelled() -> None:
    data = ics(sequence=2, method="CANCEL")
    assert parse_ics_instant(data) == IcsInstant(UID, 2, START, "CANCEL")
    assert b"\r\nMETHOD:CANCEL\r\n" in data
    assert str(event_of(data).status) == "CANCELLED"
    assert str(event_of(ics()).status) == "CONFIRMED"


def test_the_same_call_gives_the_same_bytes() -> None:
    assert ics() == ics()


def test_the_link_is_where_calendar_programs_look_for_it() -> None:
    event = event_of(ics())
    assert str(event["URL"]) == LINK
    assert str(event["LOCATION"]) == LINK
    assert [c.uri for c in event.conferences] == [LINK]
    assert str(event["DESCRIPTION"]) == f"Questions on article 5.\n\nJoin: {LINK}"


def test_a_call_without_link_or_description_still_makes_a_valid_file() -> None:
    event = event_of(ics(link=None, description=None))
    assert "URL" not in event and "LOCATION" not in event and "DESCRIPTION" not in event
    assert event.conferences == []


def test_titles_with_punctuation_and_other_scripts_come_back_unchanged() -> None:
    title = "Examen du Kenya; appel n° 2, «clarifications» — 第二回"
    data = ics(title=title, organizer_name='Secretariat, "Vienna"')
    event = event_of(data)
    assert str(event["SUMMARY"]) == title
    assert event.organizer.params["CN"] == 'Secretariat, "Vienna"'
    assert str(event.organizer) == "mailto:noreply@deskreview.invalid"


def test_file_follows_the_line_rules_of_rfc_5545() -> None:
    data = ics(title="A very long title " * 10, description="Long description " * 20)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")
    assert all(b"\n" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert b"\r\nVERSION:2.0\r\n" in data and b"\r\nPRODID:" in data


def test_the_event_is_marked_private() -> None:
    # Review calls are confidential: shared calendars should show only 'busy'.
    assert str(event_of(ics())["CLASS"]) == "PRIVATE"


@pytest.mark.parametrize(
    "changes",
    [
        {"method": "PUBLISH"},
        {"sequence": -1},
        {"uid": ""},
        {"uid": "a\r\nb"},
        {"start_utc": datetime(2026, 12, 3, 13, 0)},
        {"dtstamp": datetime(2026, 11, 1, 9, 0)},
    ],
)
def test_bad_arguments_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ics(**changes)


def test_a_file_with_two_events_is_not_read_as_one_call() -> None:
    one = ics().decode()
    body = one[one.index("BEGIN:VEVENT"): one.index("END:VCALENDAR")]
    two = one.replace("END:VCALENDAR", body + "END:VCALENDAR").encode()
    with pytest.raises(ValueError, match="expected one event, found 2"):
        parse_ics_instant(two)


def test_file_name_names_the_day_and_time() -> None:
    assert ics_filename(START.astimezone(ZoneInfo("Asia/Tokyo"))) == "call-20261203T1300Z.ics"


def test_two_deployments_never_share_a_uid() -> None:
    assert call_uid(1, "111") != call_uid(1, "222")
    assert call_uid(1, "111") == call_uid(1, "111")
    with pytest.raises(ValueError):
        call_uid(1, "")


def test_a_feed_holds_every_call_under_its_own_uid() -> None:
    specs = [EventSpec(call_uid(n, "7"), n, f"Call {n}", START + timedelta(days=n),
                       timedelta(hours=1), None, None) for n in (1, 2)]
    calendar = Calendar.from_ical(build_feed(specs, "Secretariat", dtstamp=STAMP))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [str(e.uid) for e in calendar.events] == ["call-1.7@deskreview", "call-2.7@deskreview"]
    assert [e.start for e in calendar.events] == [START + timedelta(days=1),
                                                  START + timedelta(days=2)]
