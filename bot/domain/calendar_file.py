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


def call_uid(call_id: int | str, deployment: str) -> str:
    """A UID that stays the same for one call across every update and the cancellation.

    `deployment` is unique to this installation (the Discord server's id), so call 1 of one
    deployment and call 1 of another never share a UID in someone's calendar."""
    key = "".join(c for c in str(deployment) if c.isalnum() or c in "-.")
    if not key:
        raise ValueError("a deployment key is needed for calendar UIDs")
    return f"call-{call_id}.{key}@deskreview"


def ics_filename(start_utc: datetime) -> str:
    """'call-20261203T1300Z.ics': safe on every system, and sorts by date."""
    require_aware(start_utc, "start_utc")
    return f"call-{start_utc.astimezone(UTC):%Y%m%dT%H%MZ}.ics"


class EventSpec(NamedTuple):
    """One call as a calendar entry."""

    uid: str
    sequence: int
    title: str
    start_utc: datetime
    duration: timedelta
    description: str | None
    link: str | None
    cancelled: bool = False


def _event(spec: EventSpec, organizer_name: str, organizer_email: str, dtstamp: datetime
           ) -> Event:
    if not spec.uid.strip() or any(c in spec.uid for c in "\r\n"):
        raise ValueError("uid must be a non-empty single line")
    if spec.sequence < 0:
        raise ValueError("sequence must not be negative")
    require_aware(spec.start_utc, "start_utc")
    check_duration(spec.duration)
    start = spec.start_utc.astimezone(UTC)
    link = spec.link
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["CN"] = organizer_name
    details = "\n\n".join(part for part in (spec.description, f"Join: {link}" if link else None)
                           if part)
    return Event.new(
        uid=spec.uid,
        sequence=spec.sequence,
        summary=spec.title,
        start=start,
        end=start + spec.duration,
        stamp=dtstamp.astimezone(UTC),
        description=details or None,
        organizer=organizer,
        status=STATUS.CANCELLED if spec.cancelled else STATUS.CONFIRMED,
        classification=CLASS.PRIVATE,
        location=link,
        url=link,
        conferences=[Conference(link, feature="AUDIO,VIDEO", label="Join the call")]
        if link
        else None,
    )


def _calendar(method: str, events: list[Event]) -> bytes:
    calendar = Calendar()
    calendar.prodid = PRODID
    calendar.version = "2.0"
    calendar.method = method
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


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
    require_aware(dtstamp, "dtstamp")
    spec = EventSpec(uid, sequence, title, start_utc, duration, description, link,
                     cancelled=method == "CANCEL")
    return _calendar(method, [_event(spec, organizer_name, organizer_email, dtstamp)])


def build_feed(events: list[EventSpec], organizer_name: str, *, dtstamp: datetime,
               organizer_email: str = DEFAULT_ORGANIZER_EMAIL) -> bytes:
    """Several calls in one calendar file (METHOD:PUBLISH), each under its own UID, so adding
    it to a calendar adds or updates each call."""
    require_aware(dtstamp, "dtstamp")
    return _calendar("PUBLISH", [_event(e, organizer_name, organizer_email, dtstamp)
                                 for e in events])


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
