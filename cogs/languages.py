"""`/language` (each person's own) and `/review language` (a review's working languages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import InputError
from bot.i18n import Language, _
from bot.services.languages import LanguageService, review_languages_set
from bot.services.reviews import Reconciler
from cogs.support.replies import reply
from cogs.support.tree import facts_for

if TYPE_CHECKING:
    from cogs.support.host import Host

CHOICES = [app_commands.Choice(name=lang.native_name, value=lang.value) for lang in Language]
AUTOMATIC = "auto"


class LanguageCog(commands.Cog):
    def __init__(self, languages: LanguageService) -> None:
        self.languages = languages

    @app_commands.command(name="language",
                          description="The language the bot writes to you in (only you see it)")
    @app_commands.describe(language="One of the six UN languages, or your Discord client's")
    @app_commands.choices(language=[
        *CHOICES, app_commands.Choice(name="Discord client's language", value=AUTOMATIC)])
    async def language(self, interaction: discord.Interaction,
                       language: app_commands.Choice[str]) -> None:
        chosen = None if language.value == AUTOMATIC else Language(language.value)
        answer = await self.languages.set_reader(await facts_for(interaction), chosen)
        interaction.extras.pop("language", None)  # answer in the language just chosen
        await reply(interaction, answer)


async def set_review_languages(interaction: discord.Interaction, languages: LanguageService,
                               reconciler: Reconciler, first: str, second: str | None) -> None:
    """`/review language` (a subcommand of the review cog): the review's working languages."""
    facts = await facts_for(interaction)
    if facts.review is None:
        raise InputError(_("Run this command in the review's own channel. Nothing was changed."))
    chosen = await languages.set_review(facts, facts.review.review_id, first, second)
    await reply(interaction, review_languages_set(chosen), ephemeral=False)
    await reconciler.reconcile([facts.review.review_id])  # the status card, in these languages


async def setup(bot: Host) -> None:
    await bot.add_cog(LanguageCog(bot.services.languages))
