"""Every slash command, option and choice is synced with names and descriptions in the six
UN languages, Arabic included, within Discord's rules for names."""

from __future__ import annotations

import re

from bot.i18n.check import valid_command_name

LOCALES = {"ar", "zh-CN", "fr", "ru", "es-ES", "es-419"}
NAME_RULE = re.compile(r"^[-_\w]{1,32}$")  # Discord's \p{L}\p{N}-_ for the scripts we use


def _synced(world):
    bodies = [e.json for e in world.env.http_requests
              if e.method == "PUT" and e.path.rstrip("/").endswith("/commands")]
    assert bodies, "the bot synced no commands"
    return bodies[-1]


def _walk(node, path, found):
    found.append((path, node))
    for option in node.get("options") or ():
        _walk(option, f"{path} {option['name']}", found)
    for choice in node.get("choices") or ():
        found.append((f"{path} = {choice['name']}", choice))


async def test_every_command_option_and_choice_is_localized_in_six_languages(world):
    found: list = []
    for command in _synced(world):
        _walk(command, command["name"], found)
    assert len(found) > 150
    for path, node in found:
        names = node.get("name_localizations") or {}
        assert LOCALES <= set(names), f"{path}: names only in {sorted(names)}"
        is_choice = " = " in path
        if not is_choice:
            descriptions = node.get("description_localizations") or {}
            assert LOCALES <= set(descriptions), f"{path}: descriptions in {sorted(descriptions)}"
            for locale, name in names.items():
                assert valid_command_name(name) and NAME_RULE.match(name), (path, locale, name)
    review = next(c for c in _synced(world) if c["name"] == "review")
    assert review["name_localizations"]["ar"] == "الاستعراض"
    assert review["name_localizations"]["fr"] == "examen"
    assert review["description_localizations"]["ru"] == "Страновые обзоры"


async def test_an_arabic_client_locale_is_recognised(world):
    import discord

    assert discord.Locale("ar").value == "ar"
