"""Answering an interaction the same way wherever it comes from, in the reader's language."""

from __future__ import annotations

from typing import Any

import discord

from bot.domain.inputs import MESSAGE_LIMIT, fit
from bot.i18n import Language, render
from cogs.support.gate import gate_of


async def reader_language(interaction: discord.Interaction) -> Language:
    """The language of what only this person reads (see ``Gate.language``)."""
    cached = interaction.extras.get("language")
    if isinstance(cached, Language):
        return cached
    gate = gate_of(interaction)
    language = await gate.language(interaction) if gate is not None else Language.EN
    interaction.extras["language"] = language
    return language


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
