"""`/review overview`: the secretariat's follow-up list, one page per message, with buttons.

A page button carries the page and the filters in its ``custom_id`` (``ov:<page>:<stage>:<0|1>``)
and is matched by a ``DynamicItem``, so it still works after a restart; every click passes the
access table again. The list is private to the person asking.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import discord

from bot.domain.reviews import Stage
from bot.services.reports import OverviewPage, ReportService
from cogs.support.errors import handle_interaction_error
from cogs.support.items import with_services
from cogs.support.replies import reader_language
from cogs.support.tree import guard

PAGE_LIMIT = 1900  # below Discord's 2000 characters per message
_ALL = "all"


def _custom_id(page: int, stage: Stage | None, only_late: bool) -> str:
    return f"ov:{page}:{stage.value if stage else _ALL}:{int(only_late)}"


def _buttons(button: type[OverviewButton], page: OverviewPage, stage: Stage | None,
             only_late: bool) -> discord.ui.View | None:
    if page.pages <= 1:
        return None
    view = discord.ui.View(timeout=None)
    if page.page > 0:
        view.add_item(button(page.page - 1, stage, only_late, page.previous_label))
    if page.page + 1 < page.pages:
        view.add_item(button(page.page + 1, stage, only_late, page.next_label))
    return view


async def show_overview(
    interaction: discord.Interaction, button: type[OverviewButton], stage: str | None,
    only_late: bool,
) -> None:
    """The first page; ``button`` is the page button made by ``overview_button``."""
    reports = button.reports
    chosen = reports.parse_stage(stage)
    await interaction.response.defer(ephemeral=True, thinking=True)
    page = await reports.overview(chosen, only_late, 0, limit=PAGE_LIMIT,
                                  language=await reader_language(interaction))
    view = _buttons(button, page, chosen, only_late)
    if view is None:
        await interaction.followup.send(page.text, ephemeral=True)
    else:
        await interaction.followup.send(page.text, ephemeral=True, view=view)


class OverviewButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=r"ov:(?P<page>[0-9]+):(?P<stage>[a-z_]+):(?P<late>[01])"):
    reports: ClassVar[ReportService]

    def __init__(self, page: int, stage: Stage | None, only_late: bool, label: str = "") -> None:
        super().__init__(discord.ui.Button(label=label or None,
                                           custom_id=_custom_id(page, stage, only_late)))
        self.page, self.stage, self.only_late = page, stage, only_late

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> OverviewButton:
        stage = None if match["stage"] == _ALL else ReportService.parse_stage(match["stage"])
        return cls(int(match["page"]), stage, match["late"] == "1")

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            if await guard(interaction, "component review-overview") is None:
                return
            page = await self.reports.overview(
                self.stage, self.only_late, self.page, limit=PAGE_LIMIT,
                language=await reader_language(interaction))
            view = _buttons(type(self), page, self.stage, self.only_late)
            await interaction.response.edit_message(content=page.text, view=view)
        except Exception as error:  # every error is answered, none is lost
            await handle_interaction_error(interaction, error)


def overview_button(reports: ReportService) -> type[OverviewButton]:
    """The page button, holding the report service its clicks read."""
    return with_services(OverviewButton, reports=reports)
