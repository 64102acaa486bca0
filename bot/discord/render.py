"""Rendering plain messages for Discord: cards as embeds, buttons, files, mentions, limits.

The one renderer of the adapter. Every part is shortened to Discord's limits, never refused
(``bot.domain.inputs`` holds the limits and the shortening).
"""

from __future__ import annotations

import io
from typing import Any

import discord

from bot.domain.inputs import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_TOTAL_LIMIT,
    MESSAGE_LIMIT,
    fit,
)
from bot.i18n import Language, render, render_all
from bot.ports import Button, Card, OutFile, OutMessage

EMBED_TITLE_LIMIT = 256
FIELD_NAME_LIMIT = 256
FOOTER_LIMIT = 2048
EMBEDS_PER_MESSAGE = 10
FIELDS_PER_EMBED = 25
BUTTONS_PER_MESSAGE = 25
BUTTONS_PER_ROW = 5
BUTTON_LABEL_LIMIT = 80
CUSTOM_ID_LIMIT = 100

STYLES: dict[str, discord.ButtonStyle] = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


def render_card(card: Card, language: Language = Language.EN) -> discord.Embed:
    """An embed within Discord's limits, in a language: every part is shortened, never
    refused."""
    title, footer = render(card.title, language), render(card.footer, language)
    embed = discord.Embed(title=fit(title, EMBED_TITLE_LIMIT) or None, description=fit(
        render(card.description, language), EMBED_DESCRIPTION_LIMIT) or None)
    budget = EMBED_TOTAL_LIMIT - len(embed.title or "") - len(embed.description or "")
    budget -= len(fit(footer, FOOTER_LIMIT))
    for raw_name, raw_value in card.fields[:FIELDS_PER_EMBED]:
        name = fit(render(raw_name, language), FIELD_NAME_LIMIT) or "—"
        value = fit(render(raw_value, language), EMBED_FIELD_VALUE_LIMIT) or "—"
        if len(name) + len(value) > budget:
            break
        budget -= len(name) + len(value)
        embed.add_field(name=name, value=value, inline=False)
    if footer:
        embed.set_footer(text=fit(footer, FOOTER_LIMIT))
    return embed


def render_embeds(cards: tuple[Card, ...] | list[Card],
                  languages: tuple[Language, ...] = (Language.EN,)) -> list[discord.Embed]:
    """Each card once per language, after the card it translates (once when the same)."""
    embeds: list[discord.Embed] = []
    for card in cards:
        shown: list[dict[str, Any]] = []
        for language in languages:
            embed = render_card(card, language)
            if embed.to_dict() not in shown:
                shown.append(dict(embed.to_dict()))
                embeds.append(embed)
    return embeds[:EMBEDS_PER_MESSAGE]


def render_files(files: tuple[OutFile, ...]) -> list[discord.File]:
    return [discord.File(io.BytesIO(f.data), filename=f.name) for f in files]


def allowed_mentions(users: tuple[int, ...]) -> discord.AllowedMentions:
    """Only the people named may be pinged: never @everyone, never a role."""
    return discord.AllowedMentions(everyone=False, roles=False, replied_user=False,
                                   users=[discord.Object(u) for u in users])


class _ShownButton(discord.ui.Button[Any]):
    """A button drawn on a message; its clicks go to the dynamic items the cogs register for
    its custom id, so the view itself need not be kept by this process."""

    def is_dispatchable(self) -> bool:
        return False


def render_view(buttons: tuple[Button, ...], languages: tuple[Language, ...] = (Language.EN,)
                ) -> discord.ui.View | None:
    """The buttons under a message, five to a row, labelled in each language ("Répondre ·
    Answer"); None when there are none."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for index, spec in enumerate(buttons[:BUTTONS_PER_MESSAGE]):
        view.add_item(_ShownButton(
            label=fit(render_all(spec.label, languages, " · "), BUTTON_LABEL_LIMIT),
            custom_id=spec.custom_id[:CUSTOM_ID_LIMIT],
            row=index // BUTTONS_PER_ROW,
            style=STYLES.get(spec.style, discord.ButtonStyle.secondary),
        ))
    return view


def render_kwargs(message: OutMessage,
                  languages: tuple[Language, ...] | None = None) -> dict[str, Any]:
    """The message in one or two languages (its own, else those given, else English): the
    text in each, one after the other, and each card once per language."""
    languages = message.languages or languages or (Language.EN,)
    return {
        "content": fit(render_all(message.text, languages), MESSAGE_LIMIT) or None,
        "embeds": render_embeds(message.cards, languages),
        "files": render_files(message.files),
        "allowed_mentions": allowed_mentions(message.mention_users),
    }
