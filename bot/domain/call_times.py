"""Times of conference calls: reading what people type and showing each State its local time.

Instants are UTC inside; a zone only appears when a time is read or written for people.
Ambiguous wall-clock times (the repeated hour when clocks go back) are refused with a message
asking for an explicit offset; times that do not exist (the skipped hour when clocks go
forward) are refused with a nearby time that does.
"""

from __future__ import annotations

import difflib
import re
import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from functools import lru_cache

from babel import dates as babel_dates
from pydantic import BaseModel, ConfigDict

from bot.domain.errors import InputError
from bot.domain.inputs import MAX_DIGITS, check_year, quote
from bot.domain.timefmt import discord_ts
from bot.i18n import Language, Verbatim, _

MIN_DURATION = timedelta(minutes=1)
MAX_DURATION = timedelta(hours=8)
MIN_OFFSET, MAX_OFFSET = timedelta(hours=-12), timedelta(hours=14)
DISCORD_STYLES = frozenset("tTdDfFR")

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NOT_ZONES = frozenset({"localtime", "Factory", "posixrules"})

_START = re.compile(
    r"""^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})(?:[Tt]|\s+)
    (?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?
    \s*(?P<offset>[Zz]|[+-]\d{2}:?\d{2})?(?=\s|$)
    \s*(?P<zone>\S+)?$""",
    re.X,
)
_MIN_WORDS = r"(?:m|min|mins|minutes?)"
_HOUR_WORDS = r"(?:h|hr|hrs|hours?)"
_DURATIONS = (
    re.compile(rf"^(?P<m>\d+)\s*{_MIN_WORDS}?$", re.I),
    re.compile(
        rf"^(?P<h>\d+)\s*{_HOUR_WORDS}\s*(?:(?P<m>\d{{1,2}})\s*{_MIN_WORDS}?)?$", re.I
    ),
    re.compile(r"^(?P<h>\d+):(?P<m>\d{2})$"),
    re.compile(rf"^(?P<hd>\d{{1,2}}[.,]\d{{1,2}})\s*{_HOUR_WORDS}$", re.I),
)


class CallInputError(InputError):
    """What someone typed for a call cannot be used; the message says why and how to fix it."""


# ---------------------------------------------------------------- formatting


def format_day(moment: datetime) -> str:
    """'Thu 3 Dec 2026' — fixed English names, independent of the machine's locale."""
    return f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


class ShownDay:
    """A day in a sentence: 'Thu 3 Dec 2026' in English, the CLDR way in other languages."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def render(self, language: Language) -> str:
        if language is Language.EN:
            return format_day(self.moment)
        return babel_dates.format_skeleton("yMMMEd", self.moment, locale=language.locale)


def format_offset(offset: timedelta | None) -> str:
    """'UTC+01:00', 'UTC+05:45', 'UTC-05:00'."""
    minutes = int((offset or timedelta()).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def format_duration(length: timedelta | int) -> str:
    """'1 h 30 min', '45 min', '2 h' (an int is a number of minutes)."""
    minutes = length if isinstance(length, int) else int(length.total_seconds()) // 60
    hours, mins = divmod(minutes, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{mins} min"] if mins or not hours else [])
    return " ".join(parts)


def _zone_suffix(moment: datetime) -> str:
    """'CET (UTC+01:00)'; numeric abbreviations such as '+0545' are left out."""
    abbr = moment.tzname() or ""
    offset = f"({format_offset(moment.utcoffset())})"
    return offset if not abbr or abbr[0] in "+-" else f"{abbr} {offset}"


def require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


# ---------------------------------------------------------------- zones


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    names = zoneinfo.available_timezones() - _NOT_ZONES
    return {n.lower(): n for n in names if not n.startswith(("posix/", "right/"))}


def zone_name(text: str) -> str:
    """The IANA spelling of a zone typed in any letter case; CallInputError if unknown."""
    key = text.strip()
    found = _zone_names().get(key.lower())
    if found is not None:
        return found
    if re.match(r"(?:utc|gmt)\s*[+-]", key, re.I):
        raise CallInputError(
            _("'{key}' is an offset, not a time zone name. Put the offset straight after the "
              "time, as in 14:00+01:00, or use a zone name such as Europe/Vienna.", key=quote(key))
        )
    close = difflib.get_close_matches(key.lower(), _zone_names(), n=1, cutoff=0.75)
    hint = _(" Did you mean {zone}?", zone=_zone_names()[close[0]]) if close else ""
    raise CallInputError(
        _("'{key}' is not a time zone I know.{hint} Use an IANA time zone name such as "
          "Europe/Vienna, America/New_York or Asia/Kolkata.", key=quote(key), hint=hint)
    )


def get_zone(text: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(zone_name(text))


# ---------------------------------------------------------------- reading a start time


def _example(now_utc: datetime, zone: str) -> str:
    return f"{(now_utc + timedelta(days=7)).date().isoformat()}T14:00 {zone}"


def _read_offset(text: str) -> timedelta:
    if text in ("Z", "z"):
        return timedelta()
    digits = text[1:].replace(":", "")
    hours, mins = int(digits[:2]), int(digits[2:])
    offset = timedelta(hours=hours, minutes=mins) * (-1 if text[0] == "-" else 1)
    if mins >= 60 or not MIN_OFFSET <= offset <= MAX_OFFSET:
        raise CallInputError(
            _("'{text}' is not a UTC offset. Offsets run from -12:00 to +14:00, for example "
              "+01:00.", text=quote(text))
        )
    return offset


def _transition(zone: tzinfo, local: datetime, offsets: tuple[timedelta, timedelta]) -> datetime:
    """The UTC instant of the clock change that makes `local` skipped or repeated."""
    lo = int((local - max(offsets)).replace(tzinfo=UTC).timestamp())
    hi = int((local - min(offsets)).replace(tzinfo=UTC).timestamp())
    after = datetime.fromtimestamp(hi, zone).utcoffset()
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if datetime.fromtimestamp(mid, zone).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return datetime.fromtimestamp(hi, UTC)


def _resolve(local: datetime, zone: tzinfo, name: str, offset: timedelta | None) -> datetime:
    """Attach `zone` to the wall-clock time `local`, refusing skipped and repeated times."""
    first, second = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
    off1, off2 = first.utcoffset(), second.utcoffset()
    assert off1 is not None and off2 is not None
    when = f"{local.date().isoformat()} {local:%H:%M}"
    if off1 != off2:
        change = _transition(zone, local, (off1, off2))
        before_wall, after_wall = f"{change + off1:%H:%M}", f"{change + off2:%H:%M}"
        if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != local:
            later = local + (off2 - off1)
            raise CallInputError(
                _("{when} does not exist in {name}: that night the clocks go forward from "
                  "{before_wall} to {after_wall}. Choose a time outside the skipped {value}, for "
                  "example {later_day}T{later} {name}.", when=when, name=name,
                  before_wall=before_wall, after_wall=after_wall,
                  value=format_duration(off2 - off1), later_day=later.date().isoformat(),
                  later=Verbatim(f"{later:%H:%M}"))
            )
        if offset in (off1, off2):
            return first if offset == off1 else second
        if offset is None:
            stem = f"{local.date().isoformat()}T{local:%H:%M}"
            raise CallInputError(
                _("{when} happens twice in {name}: that night the clocks go back from "
                  "{before_wall} to {after_wall}, so {local} comes first at {off1} and again "
                  "{value} later at {off2}. Add the offset you mean, for example {stem}{off12} "
                  "{name} for the first or {stem}{off22} {name} for the second.", when=when,
                  name=name, before_wall=before_wall, after_wall=after_wall,
                  local=Verbatim(f"{local:%H:%M}"), off1=format_offset(off1),
                  value=format_duration(off1 - off2), off2=format_offset(off2), stem=stem,
                  off12=format_offset(off1)[3:], off22=format_offset(off2)[3:])
            )
    elif offset is None or offset == off1:
        return first
    allowed = " or ".join(sorted({format_offset(off1), format_offset(off2)}))
    raise CallInputError(
        _("{name} is at {allowed} on {local}, not {offset}. Leave out the offset, or correct it.",
          name=name, allowed=allowed, local=ShownDay(local), offset=format_offset(offset))
    )


def parse_start(text: str, default_zone: str | None, now_utc: datetime) -> datetime:
    """Read a call's start and return it in UTC.

    Accepts '2026-12-03T14:00 Europe/Vienna', '2026-12-03 14:00' (read in `default_zone`),
    '2026-12-03T14:00+01:00' and '2026-12-03T13:00Z'. An offset may be added to a zone name to
    pick one of the two occurrences of a repeated time: '2026-10-25T02:30+02:00 Europe/Vienna'.
    """
    require_aware(now_utc, "now_utc")
    known = _zone_names().get((default_zone or "").strip().lower())
    example = _example(now_utc, known or "Europe/Vienna")
    match = _START.match(text.strip())
    shown = quote(text)
    if match is None:
        raise CallInputError(
            _("I could not read '{shown}' as a date and time. Write the date, the time (24-hour "
              "clock) and a time zone, for example {example}.", shown=shown, example=example)
        )
    y, mo, d, h, mi, sec = (int(match[k] or 0) for k in ("y", "mo", "d", "h", "mi", "s"))
    check_year(y, field="start")  # before any zone arithmetic can overflow
    try:
        local = datetime(y, mo, d, h, mi, sec)
    except ValueError:
        raise CallInputError(
            _("'{shown}' is not a real date and time. Check the day, the month and the hour (00 "
              "to 23), for example {example}.", shown=shown, example=example)
        ) from None
    offset = _read_offset(match["offset"]) if match["offset"] else None
    zone_text = match["zone"] or (default_zone or None if offset is None else None)
    if zone_text is None and offset is None:
        raise CallInputError(
            _("Say which time zone '{shown}' is in, for example {example}.", shown=shown,
              example=example)
        )
    if zone_text is None:
        assert offset is not None
        start, place = local.replace(tzinfo=timezone(offset)), format_offset(offset)
    else:
        place = zone_name(zone_text)
        start = _resolve(local, zoneinfo.ZoneInfo(place), place, offset)
    start_utc = start.astimezone(UTC)
    if start_utc <= now_utc:
        now_there = now_utc.astimezone(start.tzinfo)
        raise CallInputError(
            _("{local}, {local2} ({place}) has already passed: it is now {now_there}, "
              "{now_there2} there. Choose a time in the future, for example {example}.",
              local=ShownDay(local), local2=Verbatim(f"{local:%H:%M}"), place=place,
              now_there=ShownDay(now_there), now_there2=Verbatim(f"{now_there:%H:%M}"),
              example=_example(now_utc, place if zone_text else 'Europe/Vienna'))
        )
    return start_utc


def stated_zone(text: str, default_zone: str | None) -> str:
    """The zone a start accepted by `parse_start` was read in, for showing it back.

    The IANA name written in the text; else the offset written in it ('UTC+01:00'); else
    `default_zone` (its IANA spelling); else 'UTC'.
    """
    match = _START.match(text.strip())
    if match is not None and match["zone"]:
        return zone_name(match["zone"])
    if match is not None and match["offset"]:
        offset = _read_offset(match["offset"])
        return "UTC" if not offset else format_offset(offset)
    return zone_name(default_zone) if default_zone else "UTC"


# ---------------------------------------------------------------- durations


def _too_long(shown: str) -> CallInputError:
    return CallInputError(
        _("A call can last at most 8 hours; {shown} is longer. Shorten it, or schedule two calls.",
          shown=shown)
    )


def check_duration(length: timedelta) -> timedelta:
    """`length` if a call may last that long, else CallInputError."""
    if length < MIN_DURATION:
        raise CallInputError(_("A call must last at least 1 minute, for example 60 or 1h30."))
    if length > MAX_DURATION:
        raise _too_long(format_duration(length))
    return length


def parse_duration(text: str) -> timedelta:
    """Read '90', '90m', '90 min', '1h30', '1h 30m', '1:30' or '1.5h' as a call's length."""
    cleaned = text.strip()
    if re.search(rf"\d{{{MAX_DIGITS + 1}}}", cleaned):  # bounded before int() sees it
        raise CallInputError(_("A call can last at most 8 hours; write its length in minutes (90) "
                               "or hours and minutes (1h30)."))
    for pattern in _DURATIONS:
        match = pattern.match(cleaned)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("hd"):
            minutes = Decimal(groups["hd"].replace(",", ".")) * 60
            if minutes != minutes.to_integral_value():
                break
            return check_duration(timedelta(minutes=int(minutes)))
        hours, mins = int(groups.get("h") or 0), int(groups.get("m") or 0)
        if groups.get("h") is not None and mins >= 60:
            break
        total = hours * 60 + mins
        if total > MAX_DURATION // timedelta(minutes=1):  # before timedelta() can overflow
            raise _too_long(format_duration(total))
        return check_duration(timedelta(minutes=total))
    raise CallInputError(
        _("I could not read '{cleaned}' as a length of time. Write minutes (90), hours and "
          "minutes (1h30) or hours:minutes (1:30).", cleaned=quote(cleaned))
    )


# ---------------------------------------------------------------- showing a call


class LocalTime(BaseModel):
    """A call as one State sees it on its own clock."""

    model_config = ConfigDict(frozen=True)

    label: str
    zone: str
    start: datetime
    end: datetime
    day_shift: int
    """Local start date minus the start date in the reference zone (0 when they agree)."""
    text: str


def _local_line(label: str, zone: str, start: datetime, end: datetime, note: str) -> str:
    first = f"{format_day(start)}, {start:%H:%M}"
    last = f"{end:%H:%M}" if end.date() == start.date() else f"{format_day(end)}, {end:%H:%M}"
    dash = "–" if end.date() == start.date() else " – "
    if start.utcoffset() == end.utcoffset():
        span = f"{first}{dash}{last} {_zone_suffix(start)}"
    else:
        span = (
            f"{first} {_zone_suffix(start)} – {last} {_zone_suffix(end)} "
            "(the clocks change during the call)"
        )
    return f"{label} ({zone}): {span}{note}"


def local_times(
    start_utc: datetime,
    duration: timedelta,
    zones: Mapping[str, str],
    reference_zone: str = "UTC",
) -> list[LocalTime]:
    """The call in each zone of `zones` (label -> IANA name), in the mapping's order.

    Each line uses the zone's offset at the call's own instant, so a clock change between
    scheduling and the call is shown correctly. A line whose date differs from the date in
    `reference_zone` says so.
    """
    require_aware(start_utc, "start_utc")
    reference = get_zone(reference_zone)
    ref_day = start_utc.astimezone(reference).date()
    lines = []
    for label, zone_text in zones.items():
        name = zone_name(zone_text)
        zone = zoneinfo.ZoneInfo(name)
        start, end = start_utc.astimezone(zone), (start_utc + duration).astimezone(zone)
        shift = (start.date() - ref_day).days
        note = ""
        if shift:
            which = "later" if shift > 0 else "earlier"
            amount = "a day" if abs(shift) == 1 else f"{abs(shift)} days"
            note = f" — {amount} {which} than in {zone_name(reference_zone)}"
        text = _local_line(label, name, start, end, note)
        lines.append(LocalTime(label=label, zone=name, start=start, end=end, day_shift=shift,
                               text=text))
    return lines


def discord_timestamp(moment: datetime, style: str = "F") -> str:
    """'<t:1796302800:F>': Discord shows it in each reader's own zone."""
    if style not in DISCORD_STYLES:
        raise ValueError(f"unknown Discord timestamp style {style!r}")
    require_aware(moment, "moment")
    return discord_ts(moment, style)
