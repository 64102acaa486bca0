"""The six official languages of the United Nations, and how Discord names them."""

from __future__ import annotations

from enum import StrEnum

from babel import Locale


class Language(StrEnum):
    """A UN language; its value is the tag stored in the database and used in settings."""

    AR = "ar"
    ZH = "zh"
    EN = "en"
    FR = "fr"
    RU = "ru"
    ES = "es"

    @property
    def locale(self) -> Locale:
        """Babel's locale for dates, numbers, lists and plural rules."""
        return Locale.parse(_CLDR[self])

    @property
    def catalogue(self) -> str:
        """The folder of its catalogue under ``bot/locale``."""
        return _CATALOGUE[self]

    @property
    def rtl(self) -> bool:
        return self is Language.AR

    @property
    def native_name(self) -> str:
        return _NATIVE[self]

    @property
    def discord_locales(self) -> tuple[str, ...]:
        """Discord's client locales that read this language."""
        return _DISCORD[self]


_CLDR = {Language.AR: "ar", Language.ZH: "zh_Hans_CN", Language.EN: "en_GB",
         Language.FR: "fr", Language.RU: "ru", Language.ES: "es"}
_CATALOGUE = {Language.AR: "ar", Language.ZH: "zh_CN", Language.EN: "en_GB",
              Language.FR: "fr", Language.RU: "ru", Language.ES: "es"}
_NATIVE = {Language.AR: "العربية", Language.ZH: "中文", Language.EN: "English",
           Language.FR: "Français", Language.RU: "Русский", Language.ES: "Español"}
_DISCORD = {Language.AR: ("ar",), Language.ZH: ("zh-CN",), Language.EN: ("en-US", "en-GB"),
            Language.FR: ("fr",), Language.RU: ("ru",), Language.ES: ("es-ES", "es-419")}
_BY_DISCORD = {tag: language for language, tags in _DISCORD.items() for tag in tags}

TRANSLATED: tuple[Language, ...] = tuple(lang for lang in Language if lang is not Language.EN)
"""The languages with a catalogue; English is the source text."""


def from_discord_locale(value: object) -> Language | None:
    """The UN language of a Discord client locale (an enum member or a raw string such as
    ``"ar"``, which discord.py may not know), or None when it is not one of the six."""
    tag = getattr(value, "value", value)
    return _BY_DISCORD.get(tag) if isinstance(tag, str) else None


def parse_language(value: str) -> Language:
    """A language from its tag or name (``fr``, ``French``, ``français``); ValueError if none."""
    text = value.strip().casefold()
    for language in Language:
        names = {language.value, language.native_name.casefold(),
                 Locale.parse("en").languages[language.value].casefold()}
        if text in names or _BY_DISCORD.get(value.strip()) is language:
            return language
    raise ValueError(value)


def parse_languages(value: str) -> tuple[Language, ...]:
    """One or two languages from a comma-separated setting (``en`` or ``fr,en``)."""
    found: list[Language] = []
    for part in value.split(","):
        if part.strip():
            language = parse_language(part)
            if language not in found:
                found.append(language)
    if not 1 <= len(found) <= 2:
        raise ValueError(value)
    return tuple(found)
