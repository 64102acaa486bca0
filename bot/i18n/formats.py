"""Dates, times, numbers and lists the CLDR way, in the reader's language (Babel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel import lists as babel_lists
from babel import numbers as babel_numbers

from bot.i18n.languages import Language

Width = Literal["short", "medium", "long", "full"]


def day(value: date, language: Language, width: Width = "long") -> str:
    """A calendar date: "3 December 2026", "3 décembre 2026", "3 декабря 2026 г."."""
    if language is Language.EN and width == "full":
        width = "EEEE d MMMM y"  # type: ignore[assignment]  # UN English: no comma
    return babel_dates.format_date(value, format=width, locale=language.locale)


def moment(value: datetime, language: Language, zone: str = "UTC",
           width: Width = "long") -> str:
    """A date and time in a named zone, with the zone's name."""
    local = value.astimezone(ZoneInfo(zone))
    on = babel_dates.format_date(local, format=width, locale=language.locale)
    at = babel_dates.format_time(local, format="short", tzinfo=ZoneInfo(zone),
                                 locale=language.locale)
    pattern = str(language.locale.datetime_formats[width]).replace("'", "")
    return f"{pattern.replace('{1}', on).replace('{0}', at)} ({zone})"


def clock_time(value: datetime, language: Language, zone: str = "UTC") -> str:
    return babel_dates.format_time(value.astimezone(ZoneInfo(zone)), format="short",
                                   tzinfo=ZoneInfo(zone), locale=language.locale)


def number(value: float, language: Language) -> str:
    return babel_numbers.format_decimal(value, locale=language.locale)


def listing(items: Sequence[str], language: Language, style: str = "standard") -> str:
    """Items joined as the language joins them ("A, B and C", "A, B et C", "A、B和C")."""
    if not items:
        return ""
    return babel_lists.format_list(list(items), style=style,  # type: ignore[arg-type]
                                   locale=language.locale)


@dataclass(frozen=True)
class Day:
    """A date given to a message; rendered in the message's language."""

    value: date
    width: Width = "long"

    def render(self, language: Language) -> str:
        return day(self.value, language, self.width)


@dataclass(frozen=True)
class Moment:
    value: datetime
    zone: str = "UTC"
    width: Width = "long"

    def render(self, language: Language) -> str:
        return moment(self.value, language, self.zone, self.width)


@dataclass(frozen=True)
class Num:
    value: float

    def render(self, language: Language) -> str:
        return number(self.value, language)


@dataclass(frozen=True)
class Listed:
    """Several values (plain or translatable) as one list in the reader's language."""

    items: tuple[Any, ...]
    style: str = "standard"

    def render(self, language: Language) -> str:
        shown = [i if isinstance(i, str) else i.render(language) if hasattr(i, "render")
                 else str(i) for i in self.items]
        return listing(shown, language, self.style)
