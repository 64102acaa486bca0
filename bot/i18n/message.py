"""Translatable text: a message is kept with its parameters and rendered in each reader's
language at the last moment (a service does not know who will read it).

``_("Request {code} is due on {date}.", code=..., date=Day(d))`` marks a message for the
catalogues; ``_n(singular, plural, count)`` chooses the plural form by the CLDR rule of the
language; ``_p(context, text)`` separates identical English with different meanings. Values
are never translated: what people wrote stays as written. In Arabic, every value is wrapped in
Unicode isolates so that codes, numbers, mentions and names in other scripts keep their order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from babel import numbers as babel_numbers

from bot.i18n.catalogue import translations
from bot.i18n.languages import Language

FSI, PDI = "\u2068", "\u2069"


@runtime_checkable
class Text(Protocol):
    def render(self, language: Language) -> str:
        """This text in a language."""


class Composable(ABC):
    """A text that reads as English by default and joins with others (``a + b``)."""

    @abstractmethod
    def render(self, language: Language) -> str:
        """This text in a language."""

    def __str__(self) -> str:
        return self.render(Language.EN)

    def __add__(self, other: object) -> Joined:
        return Joined((self, other), "")

    def __radd__(self, other: object) -> Joined:
        return Joined((other, self), "")


@dataclass(frozen=True)
class Msg(Composable):
    source: str
    params: tuple[tuple[str, Any], ...] = ()
    plural: str | None = None
    count: int | None = None
    context: str | None = None

    def template(self, language: Language) -> str:
        catalogue = translations(language)
        if self.plural is not None:
            n = self.count or 0
            if self.context:
                return catalogue.npgettext(self.context, self.source, self.plural, n)
            return catalogue.ngettext(self.source, self.plural, n)
        if self.context:
            return catalogue.pgettext(self.context, self.source)
        return catalogue.gettext(self.source)

    def render(self, language: Language) -> str:
        values = {name: render_value(value, language) for name, value in self.params}
        if self.count is not None and "count" not in values:
            values["count"] = _isolate(_number(self.count, language), language)
        try:
            return self.template(language).format_map(values)
        except (KeyError, IndexError, ValueError):
            source = self.source if self.plural is None or self.count == 1 else self.plural
            return source.format_map(values)


@dataclass(frozen=True)
class Joined(Composable):
    """Texts put together, each rendered in the same language."""

    parts: tuple[Any, ...]
    separator: str = "\n"

    def render(self, language: Language) -> str:
        return self.separator.join(render(p, language) for p in self.parts)


@dataclass(frozen=True)
class Verbatim(Composable):
    """Text as someone wrote it, or a code: never translated, not isolated."""

    text: str

    def render(self, language: Language) -> str:
        return self.text


def _(source: str, /, **params: Any) -> Msg:
    return Msg(source, tuple(params.items()))


def _n(singular: str, plural: str, count: int, /, **params: Any) -> Msg:
    return Msg(singular, tuple(params.items()), plural=plural, count=count)


def _p(context: str, source: str, /, **params: Any) -> Msg:
    return Msg(source, tuple(params.items()), context=context)


def lines(*parts: Any, separator: str = "\n") -> Joined:
    return Joined(tuple(p for p in parts if p is not None and p != ""), separator)


def render(text: Any, language: Language) -> str:
    """Any text (a plain string, a message, joined texts) in a language."""
    if isinstance(text, str):
        return text
    if isinstance(text, Text):
        return text.render(language)
    return str(text)


def render_all(text: Any, languages: Iterable[Language], separator: str = "\n\n") -> str:
    """A text in one or two languages, one after the other; the same text once."""
    seen: list[str] = []
    for language in languages:
        rendered = render(text, language)
        if rendered not in seen:
            seen.append(rendered)
    return separator.join(seen)


def render_value(value: Any, language: Language) -> str:
    if isinstance(value, Verbatim):
        return value.text
    if isinstance(value, str):
        return _isolate(value, language)
    if isinstance(value, Msg | Joined):
        return value.render(language)
    if isinstance(value, Text):
        return _isolate(value.render(language), language)
    return _isolate(str(value), language)


def _number(value: int, language: Language) -> str:
    return babel_numbers.format_decimal(value, locale=language.locale)


def _isolate(text: str, language: Language) -> str:
    """In a right-to-left language, a value keeps its own direction (first strong isolate)."""
    if not language.rtl or not text or text.startswith(("http://", "https://")):
        return text
    return f"{FSI}{text}{PDI}"


def message_of(error: BaseException) -> Any:
    """The text an error carries for the person: a translatable message, or its string."""
    first = error.args[0] if error.args else None
    return first if isinstance(first, Text) else str(error)


@dataclass(frozen=True)
class Command:
    """A slash command's name (``review open``) as the reader's Discord client shows it."""

    path: str

    def render(self, language: Language) -> str:
        catalogue = translations(language)
        return " ".join(catalogue.pgettext("command name", part) for part in self.path.split())
