"""Answering an interaction the same way wherever it comes from."""

from __future__ import annotations

import discord

from bot.domain.inputs import MESSAGE_LIMIT, fit


async def reply(
    interaction: discord.Interaction, content: str | None = None, *, ephemeral: bool = True,
    **kwargs: object,
) -> None:
    """Respond, or follow up when the interaction was already answered or deferred.

    The text is shortened to Discord's message limit, whatever it echoes."""
    if content is not None:
        content = fit(content, MESSAGE_LIMIT)
    if interaction.response.is_done():
        await interaction.followup.send(content or "", ephemeral=ephemeral, **kwargs)  # type: ignore[call-overload]
    else:
        await interaction.response.send_message(content, ephemeral=ephemeral, **kwargs)  # type: ignore[call-overload]


def member_role_ids(user: discord.abc.User) -> list[int]:
    """The ids of the member's roles (names prove nothing: anyone may name a role alike)."""
    roles = getattr(user, "roles", None) or []
    return [r.id for r in roles]
