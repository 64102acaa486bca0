"""Planning conference calls: when people are reminded, and which times suit every State.

Working hours are read on each State's own clock, date by date, so clock changes in any of
the zones are taken into account. All results are UTC.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from bot.domain.call_times import (
    CallInputError,
    check_duration,
    format_duration,
    get_zone,
    require_aware,
    zone_name,
)
from bot.i18n import Joined, Listed, _

# ---------------------------------------------------------------- reminders


class ReminderKind(StrEnum):
    """Stable names, safe to store."""

    DAY_BEFORE = "24h"
    HOUR_BEFORE = "1h"
    START = "start"


class Reminder(NamedTuple):
    kind: ReminderKind
    at: datetime


REMINDER_LEADS: tuple[tuple[ReminderKind, timedelta], ...] = (
    (ReminderKind.DAY_BEFORE, timedelta(hours=24)),
    (ReminderKind.HOUR_BEFORE, timedelta(hours=1)),
    (ReminderKind.START, timedelta()),
)


def reminder_times(start_utc: datetime, now_utc: datetime) -> list[Reminder]:
    """Reminders 24 h and 1 h before the call and at its start, in that order, leaving out
    those earlier than `now_utc` (one due exactly now is kept)."""
    require_aware(start_utc, "start_utc")
    require_aware(now_utc, "now_utc")
    due = (Reminder(kind, (start_utc - lead).astimezone(UTC)) for kind, lead in REMINDER_LEADS)
    return [reminder for reminder in due if reminder.at >= now_utc]


# ---------------------------------------------------------------- suggesting slots

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_WITHIN_DAYS = 60
Interval = tuple[datetime, datetime]


class WorkingHours(BaseModel):
    """When people are expected to be at work, each on their own clock."""

    model_config = ConfigDict(frozen=True)

    start: time = time(8)
    end: time = time(18)
    days: frozenset[int] = frozenset(range(5))
    """Working weekdays, Monday = 0."""

    def describe(self) -> str:
        """'08:00–18:00, Monday to Friday'."""
        days = sorted(self.days)
        if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            names = f"{_WEEKDAY_NAMES[days[0]]} to {_WEEKDAY_NAMES[days[-1]]}"
        else:
            words = [_WEEKDAY_NAMES[d] for d in days]
            names = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]
        return f"{self.start:%H:%M}–{self.end:%H:%M}, {names}"

    def check(self) -> None:
        if self.end <= self.start or not self.days or not self.days <= set(range(7)):
            raise ValueError(f"working hours {self!r} are not usable")


def _working_intervals(
    zone: tzinfo, lo: datetime, hi: datetime, hours: WorkingHours
) -> list[Interval]:
    """Working hours in `zone` on each local date touching [lo, hi], as UTC intervals.

    A boundary in a skipped hour is read with the offset before the change (it lands just
    after the gap); one in a repeated hour is its first occurrence.
    """
    day, last = lo.astimezone(zone).date(), hi.astimezone(zone).date()
    spans = []
    while day <= last:
        if day.weekday() in hours.days:
            begin = datetime.combine(day, hours.start, zone).astimezone(UTC)
            end = datetime.combine(day, hours.end, zone).astimezone(UTC)
            if end > begin:
                spans.append((begin, end))
        day += timedelta(days=1)
    return spans


def _intersect(left: list[Interval], right: list[Interval]) -> list[Interval]:
    """Intersection of two sorted lists of disjoint intervals."""
    i = j = 0
    shared = []
    while i < len(left) and j < len(right):
        begin, end = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if begin < end:
            shared.append((begin, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return shared


def shared_working_hours(
    zones: Sequence[str], lo: datetime, hi: datetime, hours: WorkingHours
) -> list[Interval]:
    """The UTC intervals within [lo, hi] that are working time in every zone."""
    if not zones:
        raise ValueError("at least one zone is needed")
    hours.check()
    shared = [(lo, hi)]
    for name in zones:
        shared = _intersect(shared, _working_intervals(get_zone(name), lo, hi, hours))
    return shared


def _window(now_utc: datetime, within_days: int, step: timedelta) -> Interval:
    """First grid point after now, and the latest allowed start."""
    require_aware(now_utc, "now_utc")
    if not 1 <= within_days <= MAX_WITHIN_DAYS:
        raise CallInputError(
            f"I can look between 1 and {MAX_WITHIN_DAYS} days ahead, not {within_days}. "
            "Try within_days: 14."
        )
    if step <= timedelta():
        raise ValueError("step must be positive")
    first = _EPOCH + ((now_utc - _EPOCH) // step + 1) * step
    return first, now_utc + timedelta(days=within_days)


def _ceil(moment: datetime, step: timedelta) -> datetime:
    return _EPOCH - ((_EPOCH - moment) // step) * step


def suggest_slots(
    zones: Sequence[str],
    duration: timedelta,
    now_utc: datetime,
    within_days: int = 14,
    work_start: time = time(8),
    work_end: time = time(18),
    workdays: Collection[int] = frozenset(range(5)),
    step: timedelta = timedelta(minutes=30),
    limit: int = 5,
) -> list[datetime]:
    """Up to `limit` UTC start times, earliest first, at which the whole call lies inside
    working hours on a working day in every zone.

    Candidates are the start of each period shared by all zones and the points of the `step`
    grid counted from 00:00 UTC (:00 and :30 by default) inside it, so 08:00 in a zone with a
    45-minute offset is offered too. None is earlier than the first grid point after
    `now_utc` or later than `within_days` days ahead. [] when there is none.
    """
    check_duration(duration)
    if limit < 1:
        raise ValueError("limit must be at least 1")
    hours = WorkingHours(start=work_start, end=work_end, days=frozenset(workdays))
    first, last = _window(now_utc, within_days, step)
    slots: list[datetime] = []
    for begin, end in shared_working_hours(zones, first, last + duration, hours):
        slot = begin  # already >= first: the first candidate is the shared period's start
        while slot + duration <= end and slot <= last and len(slots) < limit:
            slots.append(slot)
            slot = _ceil(slot + timedelta(microseconds=1), step)
    return slots


def no_slot_reason(
    zones: Sequence[str],
    duration: timedelta,
    now_utc: datetime,
    within_days: int = 14,
    hours: WorkingHours | None = None,
    step: timedelta = timedelta(minutes=30),
) -> Joined:
    """Plain words for why `suggest_slots` found nothing, with what to try instead."""
    hours = hours or WorkingHours()
    first, last = _window(now_utc, within_days, step)
    shared = shared_working_hours(zones, first, last + duration, hours)
    head = _("No {length} slot in the next {days} days falls inside working hours ({hours}, "
             "local time) in all of {zones}.", length=format_duration(duration),
             days=within_days, hours=hours.describe(),
             zones=Listed(tuple(zone_name(z) for z in zones)))
    if not shared:
        tail = _("Their working hours do not overlap at all. Pick a time with /call schedule "
                 "instead; it will fall outside working hours for at least one State.")
    elif (longest := max(end - begin for begin, end in shared)) >= duration:
        tail = _("Try looking further ahead with a larger within_days.")
    else:
        tail = _("The longest time they share on any day is {longest}, shorter than the call. "
                 "Try a call of {longest} or less.", longest=format_duration(longest))
    return Joined((head, " ", tail), "")
