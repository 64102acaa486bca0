"""The words of calls in the six languages: local times, lengths, answers, buttons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from babel import dates as babel_dates

from bot.domain.call_times import LocalTime, format_duration, format_offset, zone_name
from bot.i18n import Language, Msg, Verbatim, _, _n


@dataclass(frozen=True)
class Length:
    """'1 h 30 min', '45 min', '2 h' in the reader's language."""

    duration: timedelta

    def render(self, language: Language) -> str:
        if language is Language.EN:
            return format_duration(self.duration)
        return _length(self.duration).render(language)


def _length(duration: timedelta) -> Msg:
    minutes = int(duration.total_seconds()) // 60
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return _("{hours} h {minutes} min", hours=hours, minutes=mins)
    if hours:
        return _("{hours} h", hours=hours)
    return _("{minutes} min", minutes=mins)


@dataclass(frozen=True)
class ShortDay:
    """'Thu 3 Dec 2026' the CLDR way of each language, with the time of day."""

    moment: datetime

    def render(self, language: Language) -> str:
        day = babel_dates.format_skeleton("yMMMEd", self.moment, locale=language.locale)
        return f"{day}, {self.moment:%H:%M}"


@dataclass(frozen=True)
class LocalLine:
    """One State's local time of a call: in English exactly as ``local_times`` wrote it."""

    line: LocalTime
    reference_zone: str

    def render(self, language: Language) -> str:
        if language is Language.EN:
            return self.line.text
        return local_line(self.line, self.reference_zone).render(language)


def _suffix(moment: datetime) -> str:
    abbr = moment.tzname() or ""
    offset = f"({format_offset(moment.utcoffset())})"
    return offset if not abbr or abbr[0] in "+-" else f"{abbr} {offset}"


@dataclass(frozen=True)
class GivenLine:
    """The call's time as the person who planned it gave it."""

    line: LocalTime
    who: str
    reference_zone: str

    def render(self, language: Language) -> str:
        if language is Language.EN:
            return self.line.text
        label = _("As given by {who}", who=Verbatim(self.who))
        return local_line(self.line, self.reference_zone, label).render(language)


def local_line(line: LocalTime, reference_zone: str, label: object = None) -> Msg:
    """One State's local time of a call, as ``local_times`` computed it."""
    start, end = line.start, line.end
    same_day = end.date() == start.date()
    last: object = Verbatim(f"{end:%H:%M}") if same_day else ShortDay(end)
    dash = Verbatim("–" if same_day else " – ")
    if start.utcoffset() == end.utcoffset():
        span = _("{first}{dash}{last} {zone}", first=ShortDay(start), dash=dash, last=last,
                 zone=Verbatim(_suffix(start)))
    else:
        span = _("{first} {zone} – {last} {end_zone} (the clocks change during the call)",
                 first=ShortDay(start), zone=Verbatim(_suffix(start)), last=last,
                 end_zone=Verbatim(_suffix(end)))
    reference = Verbatim(zone_name(reference_zone))
    if line.day_shift > 0:
        note = _n(" — {count} day later than in {zone}", " — {count} days later than in {zone}",
                  line.day_shift, zone=reference)
    elif line.day_shift < 0:
        note = _n(" — {count} day earlier than in {zone}",
                  " — {count} days earlier than in {zone}", -line.day_shift, zone=reference)
    else:
        return _("{label} ({zone}): {span}", label=label or line.label,
                 zone=Verbatim(line.zone), span=span)
    return _("{label} ({zone}): {span}{note}", label=label or line.label,
             zone=Verbatim(line.zone), span=span, note=note)
