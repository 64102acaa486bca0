"""What every interaction passes before a cog sees it: who is asking (the access facts),
whether the access table lets them, and the language they read.

The composition root builds the one gate from the access and language services; the command
tree, the error handler and the reply helper reach it through the interaction's client, so a
cog never fetches a service itself.
"""

from __future__ import annotations

from typing import Protocol

import discord

from bot.domain.actor import Actor
from bot.i18n import Language, from_discord_locale
from bot.services.access import AccessService
from bot.services.languages import LanguageService


class RoleResolver(Protocol):
    def resolve_roles(self, *, strict: bool = False) -> None: ...


class Gate:
    def __init__(self, access: AccessService, languages: LanguageService,
                 roles: RoleResolver) -> None:
        self.access, self.languages, self.roles = access, languages, roles

    async def facts(self, interaction: discord.Interaction) -> Actor:
        cached = interaction.extras.get("facts")
        if isinstance(cached, Actor):
            return cached
        if not self.access.roles_resolved:
            self.roles.resolve_roles()
        facts = await self.access.actor(
            interaction.user.id, member_role_ids(interaction.user), interaction.channel_id)
        interaction.extras["facts"] = facts
        return facts

    async def language(self, interaction: discord.Interaction) -> Language:
        """The language of what only this person reads: their own choice (``/language``),
        else their Discord client's when it is one of the six, else the review's, else
        English."""
        languages = self.languages
        chosen = await languages.reader(interaction.user.id)
        client = from_discord_locale(_raw_locale(interaction))
        if client is not None:
            await languages.saw_client(interaction.user.id, client)  # for direct messages
        chosen = chosen or client
        if chosen is None:
            facts = interaction.extras.get("facts")
            review = getattr(getattr(facts, "review", None), "review_id", None)
            chosen = (await languages.review(review))[0] if review is not None else None
        return chosen or Language.EN


def gate_of(interaction: discord.Interaction) -> Gate | None:
    """The gate of the bot this interaction came to (None before the bot is set up)."""
    found = getattr(interaction.client, "gate", None)
    return found if isinstance(found, Gate) else None


def member_role_ids(user: discord.abc.User) -> list[int]:
    """The ids of the member's roles (names prove nothing: anyone may name a role alike)."""
    roles = getattr(user, "roles", None) or []
    return [r.id for r in roles]


def _raw_locale(interaction: discord.Interaction) -> object:
    """The client's locale as Discord sent it (a value discord.py may not know, such as ar)."""
    return getattr(interaction.locale, "value", interaction.locale)
