"""Slash commands in the six languages: discord.py asks this translator for each name,
description and choice in each client locale, and the answer comes from the catalogues.

discord.py 2.7.1's ``Locale`` enum has no Arabic, so it would never ask for ``ar`` and would
turn an Arabic client's locale into an unknown value. ``add_arabic_locale`` adds the member
Discord documents (``ar``) to the enum once, before any command is built or synced; the synced
JSON then carries ``ar`` like any other locale and still validates against Discord's OpenAPI
document.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.i18n import Language, from_discord_locale
from bot.i18n.catalogue import translations
from bot.i18n.extraction import NAME, TEXT

_NAMES = {app_commands.TranslationContextLocation.command_name,
          app_commands.TranslationContextLocation.group_name,
          app_commands.TranslationContextLocation.parameter_name}


def add_arabic_locale() -> None:
    """Give discord.py's Locale enum the ``ar`` member Discord has (idempotent)."""
    enum: Any = discord.Locale
    if "ar" in enum._enum_value_map_:
        return
    member = enum._enum_value_cls_(name="arabic", value="ar")
    enum._enum_value_map_["ar"] = member
    enum._enum_member_map_["arabic"] = member
    enum._enum_member_names_.append("arabic")
    type.__setattr__(enum, "arabic", member)


class CatalogueTranslator(app_commands.Translator):
    async def load(self) -> None:
        add_arabic_locale()

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        return translate_command_string(string.message, locale, context.location in _NAMES)


def translate_command_string(text: str, locale: object, is_name: bool) -> str | None:
    """The catalogue's translation for a Discord locale, or None (English and other locales
    keep the source text; a missing translation fails ``deskreview i18n check``)."""
    language = from_discord_locale(locale)
    if language is None or language is Language.EN:
        return None
    found = translations(language).pgettext(NAME if is_name else TEXT, text)
    return found


add_arabic_locale()
