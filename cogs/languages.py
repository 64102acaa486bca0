"""`/language` (each person's own) and `/review language` (a review's working languages)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
        answer = await self.languages.set_reader(interaction.user.id, chosen)
        interaction.extras.pop("language", None)  # answer in the language just chosen
        await reply(interaction, answer)


def review_language_command(languages: LanguageService, reconciler: Reconciler
                            ) -> app_commands.Command[Any, ..., None]:
    """`/review language`, a subcommand of the review cog's group, with its services."""

    @app_commands.command(name="language",
                          description="The review's working languages: one or two of the six")
    @app_commands.describe(first="The review's (first) working language",
                           second="A second working language, shown after the first (optional)")
    @app_commands.choices(first=CHOICES, second=CHOICES)
    async def review_language(interaction: discord.Interaction,
                              first: app_commands.Choice[str],
                              second: app_commands.Choice[str] | None = None) -> None:
        facts = await facts_for(interaction)
        if facts.review is None:
            raise InputError(_("Run this command in the review's own channel. Nothing was "
                               "changed."))
        chosen = await languages.set_review(facts.review.review_id, first.value,
                                            second.value if second else None,
                                            interaction.user.id)
        await reply(interaction, review_languages_set(chosen), ephemeral=False)
        await reconciler.reconcile([facts.review.review_id])  # the card, in these languages

    return review_language


async def setup(bot: Host) -> None:
    languages = bot.services.languages
    await bot.add_cog(LanguageCog(languages))
    group = bot.tree.get_command("review")
    if isinstance(group, app_commands.Group) and group.get_command("language") is None:
        group.add_command(review_language_command(languages, bot.services.reconciler))
