"""/report status: the state of all reviews for the working groups, as aggregates only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.messenger import render_kwargs
from bot.ports import OutFile, OutMessage
from bot.services.reports import ReportService
from cogs.review_overview import overview_button
from cogs.reviews import CLUSTER_CHOICES
from cogs.support.replies import reader_language

if TYPE_CHECKING:
    from cogs.support.host import Host


class ReportCog(commands.GroupCog, group_name="report",
                group_description="Reports for the working groups"):
    def __init__(self, reports: ReportService) -> None:
        self.reports = reports

    @app_commands.command(name="status",
                          description="The state of all reviews, as aggregates (text, CSV, chart)")
    @app_commands.describe(as_of="The day described, YYYY-MM-DD (default: today)",
                           cluster="Only this cluster (default: all)")
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    async def status(self, interaction: discord.Interaction, as_of: str | None = None,
                     cluster: int | None = None) -> None:
        day = self.reports.parse_day(as_of)
        chosen = self.reports.parse_cluster(cluster)
        await interaction.response.defer(ephemeral=True, thinking=True)  # the chart is drawn
        language = await reader_language(interaction)
        files = await self.reports.files(day, chosen, language=language)
        attached = tuple(OutFile(name, data) for name, data in files.named().items()
                         if not name.endswith(".txt"))
        message = render_kwargs(OutMessage(files.text, files=attached))
        await interaction.followup.send(ephemeral=True, **message)  # type: ignore[call-overload]


async def setup(bot: Host) -> None:
    bot.add_dynamic_items(overview_button(bot.services.reports))
    await bot.add_cog(ReportCog(bot.services.reports))
