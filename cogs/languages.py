"""`/language` (each person's own) and `/review language` (a review's working languages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import InputError
from bot.i18n import Language, _
from bot.services.languages import LanguageService, review_languages_set
from cogs.support.replies import reply
from cogs.support.tree import facts_for

if TYPE_CHECKING:
    from bot.app import DeskReviewBot

CHOICES = [app_commands.Choice(name=lang.native_name, value=lang.value) for lang in Language]
AUTOMATIC = "auto"


def _service(interaction: discord.Interaction) -> LanguageService:
    bot: DeskReviewBot = interaction.client  # type: ignore[assignment]
    languages = bot.services.languages
    assert languages is not None, "the languages are not set up"
    return languages


class LanguageCog(commands.Cog):
    def __init__(self, bot: DeskReviewBot) -> None:
        self.bot = bot

    @app_commands.command(name="language",
                          description="The language the bot writes to you in (only you see it)")
    @app_commands.describe(language="One of the six UN languages, or your Discord client's")
    @app_commands.choices(language=[
        *CHOICES, app_commands.Choice(name="Discord client's language", value=AUTOMATIC)])
    async def language(self, interaction: discord.Interaction,
                       language: app_commands.Choice[str]) -> None:
        chosen = None if language.value == AUTOMATIC else Language(language.value)
        answer = await _service(interaction).set_reader(interaction.user.id, chosen)
        interaction.extras.pop("language", None)  # answer in the language just chosen
        await reply(interaction, answer)


@app_commands.command(name="language",
                      description="The review's working languages: one or two of the six")
@app_commands.describe(first="The review's (first) working language",
                       second="A second working language, shown after the first (optional)")
@app_commands.choices(first=CHOICES, second=CHOICES)
async def review_language(interaction: discord.Interaction, first: app_commands.Choice[str],
                          second: app_commands.Choice[str] | None = None) -> None:
    facts = await facts_for(interaction)
    if facts.review is None:
        raise InputError(_("Run this command in the review's own channel. Nothing was changed."))
    bot: DeskReviewBot = interaction.client  # type: ignore[assignment]
    chosen = await _service(interaction).set_review(
        facts.review.review_id, first.value, second.value if second else None, interaction.user.id)
    await reply(interaction, review_languages_set(chosen), ephemeral=False)
    if bot.services.reconciler is not None:  # the status card, now in these languages
        await bot.services.reconciler.reconcile([facts.review.review_id])


async def setup(bot: DeskReviewBot) -> None:
    await bot.add_cog(LanguageCog(bot))
    group = bot.tree.get_command("review")
    if isinstance(group, app_commands.Group) and group.get_command("language") is None:
        group.add_command(review_language)
