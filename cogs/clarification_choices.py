"""Suggestions for /clarify options: the review's articles and its requests."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.access import allowed
from bot.services.clarifications import ClarificationService, article_labels
from cogs.support.tree import facts_for


class RequestChoices(commands.Cog):
    """Suggestions of articles and requests (an autocomplete defined in a class gets the
    command's cog); titles are for the review's people only."""

    clarify: ClarificationService

    async def article_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        facts = await facts_for(interaction)
        if facts.review is None or not allowed("clarify list", facts):
            return []
        view = await self.clarify.view_of(facts.review.review_id)
        key = current.strip().casefold()
        found = [(v, d) for v, d in article_labels(view)
                 if not key or key in v.casefold() or key in d.casefold()]
        return [app_commands.Choice(name=d[:100], value=v) for v, d in found[:25]]

    async def _requests(self, interaction: discord.Interaction, current: str,
                        statuses: tuple[str, ...]) -> list[app_commands.Choice[int]]:
        facts = await facts_for(interaction)
        if facts.review is None or not allowed("clarify list", facts):
            return []
        found = await self.clarify.choices(facts, statuses)
        key = current.strip().casefold().removeprefix("cr-")
        hits = [(n, t) for n, t in found if not key or key in t.casefold() or str(n) == key]
        return [app_commands.Choice(name=t[:100], value=n) for n, t in hits[-25:]]

    async def open_requests(self, interaction: discord.Interaction,
                            current: str) -> list[app_commands.Choice[int]]:
        return await self._requests(interaction, current, ("open",))

    async def live_requests(self, interaction: discord.Interaction,
                            current: str) -> list[app_commands.Choice[int]]:
        return await self._requests(interaction, current, ("open", "answered"))
