"""Answering an interaction the same way wherever it comes from, in the reader's language."""

from __future__ import annotations

from typing import Any

import discord

from bot.domain.inputs import MESSAGE_LIMIT, fit
from bot.i18n import Language, from_discord_locale, render


async def reader_language(interaction: discord.Interaction) -> Language:
    """The language of what only this person reads: their own choice (``/language``), else
    their Discord client's when it is one of the six, else the review's, else English."""
    cached = interaction.extras.get("language")
    if isinstance(cached, Language):
        return cached
    services = getattr(interaction.client, "_services", None)
    languages = services.languages if services is not None else None
    chosen = await languages.reader(interaction.user.id) if languages is not None else None
    client = from_discord_locale(_raw_locale(interaction))
    if client is not None and languages is not None:
        await languages.saw_client(interaction.user.id, client)  # for direct messages
    chosen = chosen or client
    if chosen is None and languages is not None:
        facts = interaction.extras.get("facts")
        review = getattr(getattr(facts, "review", None), "review_id", None)
        chosen = (await languages.review(review))[0] if review is not None else None
    language = chosen or Language.EN
    interaction.extras["language"] = language
    return language


def _raw_locale(interaction: discord.Interaction) -> Any:
    """The client's locale as Discord sent it (a value discord.py may not know, such as ar)."""
    return getattr(interaction.locale, "value", interaction.locale)


async def reply(
    interaction: discord.Interaction, content: Any = None, *, ephemeral: bool = True,
    **kwargs: object,
) -> None:
    """Respond, or follow up when the interaction was already answered or deferred.

    The text is rendered in the reader's language and shortened to Discord's message limit,
    whatever it echoes."""
    if content is not None:
        content = fit(render(content, await reader_language(interaction)), MESSAGE_LIMIT)
    if interaction.response.is_done():
        await interaction.followup.send(content or "", ephemeral=ephemeral, **kwargs)  # type: ignore[call-overload]
    else:
        await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)  # type: ignore[call-overload]


def member_role_ids(user: discord.abc.User) -> list[int]:
    """The ids of the member's roles (names prove nothing: anyone may name a role alike)."""
    roles = getattr(user, "roles", None) or []
    return [r.id for r in roles]
