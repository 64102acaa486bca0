"""Calendar files (.ics, RFC 5545 / 5546) that people add a conference call to their calendar with.

One call keeps one UID for its whole life. Each change is sent again with the same UID and a
higher SEQUENCE, so calendar programs update the entry instead of adding a second one; a
cancellation is METHOD:CANCEL with STATUS:CANCELLED. Times are written in UTC, so no time-zone
definitions are needed and every program shows the call at the right local time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal, NamedTuple

from icalendar import CLASS, STATUS, Calendar, Conference, Event, vCalAddress

from bot.domain.call_times import check_duration, require_aware

PRODID = "-//deskreview//Conference calls//EN"
DEFAULT_ORGANIZER_EMAIL = "noreply@deskreview.invalid"
Method = Literal["REQUEST", "CANCEL"]
METHODS: frozenset[str] = frozenset({"REQUEST", "CANCEL"})


class IcsInstant(NamedTuple):
    """What a calendar program keys an entry on, read back from a file."""

    uid: str
    sequence: int
    start_utc: datetime
    method: str


def call_uid(call_id: int | str, host: str = "deskreview") -> str:
    """A UID that stays the same for one call across every update and the cancellation."""
    return f"call-{call_id}@{host}"


def ics_filename(start_utc: datetime) -> str:
    """'call-20261203T1300Z.ics': safe on every system, and sorts by date."""
    require_aware(start_utc, "start_utc")
    return f"call-{start_utc.astimezone(UTC):%Y%m%dT%H%MZ}.ics"


def build_ics(
    uid: str,
    sequence: int,
    title: str,
    start_utc: datetime,
    duration: timedelta,
    description: str | None,
    link: str | None,
    organizer_name: str,
    *,
    method: Method = "REQUEST",
    dtstamp: datetime,
    organizer_email: str = DEFAULT_ORGANIZER_EMAIL,
) -> bytes:
    """One VEVENT in a VCALENDAR, as the bytes of an .ics file.

    `sequence` must rise with every change to the call, its cancellation included; `dtstamp`
    is when this version was made. The same arguments always give the same bytes.
    """
    if method not in METHODS:
        raise ValueError(f"method must be REQUEST or CANCEL, not {method!r}")
    if not uid.strip() or any(c in uid for c in "\r\n"):
        raise ValueError("uid must be a non-empty single line")
    if sequence < 0:
        raise ValueError("sequence must not be negative")
    require_aware(start_utc, "start_utc")
    require_aware(dtstamp, "dtstamp")
    check_duration(duration)
    start = start_utc.astimezone(UTC)

    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["CN"] = organizer_name
    details = "\n\n".join(part for part in (description, f"Join: {link}" if link else None) if part)
    event = Event.new(
        uid=uid,
        sequence=sequence,
        summary=title,
        start=start,
        end=start + duration,
        stamp=dtstamp.astimezone(UTC),
        description=details or None,
        organizer=organizer,
        status=STATUS.CANCELLED if method == "CANCEL" else STATUS.CONFIRMED,
        classification=CLASS.PRIVATE,
        location=link,
        url=link,
        conferences=[Conference(link, feature="AUDIO,VIDEO", label="Join the call")]
        if link
        else None,
    )
    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.method = method
    calendar.add_component(event)
    return calendar.to_ical()


def parse_ics_instant(data: bytes) -> IcsInstant:
    """UID, SEQUENCE, start (in UTC) and METHOD of a one-event calendar file."""
    calendar = Calendar.from_ical(data)
    events = calendar.events
    if len(events) != 1:
        raise ValueError(f"expected one event, found {len(events)}")
    event = events[0]
    start = event.start
    if not isinstance(start, datetime) or start.tzinfo is None:
        raise ValueError("the event has no absolute start time")
    return IcsInstant(
        uid=str(event.uid),
        sequence=int(event.sequence),
        start_utc=start.astimezone(UTC),
        method=str(calendar.method or ""),
    )
