"""`/timezone`: a person's own time zone, for the times they type and their direct messages."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n import Verbatim, _
from bot.services.calls import OwnClockService
from cogs.calls import zone_choices
from cogs.support.replies import reply
from cogs.support.tree import facts_for

if TYPE_CHECKING:
    from cogs.support.host import Host


class OwnClockCog(commands.Cog):
    def __init__(self, own: OwnClockService) -> None:
        self.own = own

    @app_commands.command(name="timezone",
                          description="Your own time zone, for times you type and your messages")
    @app_commands.describe(zone="An IANA time zone such as Europe/Vienna; leave empty to see "
                                "yours, or write 'none' to go back to your State's")
    @app_commands.autocomplete(zone=zone_choices)
    async def timezone(self, interaction: discord.Interaction, zone: str | None = None) -> None:
        facts = await facts_for(interaction)
        own = self.own
        if zone is None:
            current = await own.zone_of(facts)
            await reply(interaction, _("Times you type without a zone are read in **{zone}**, and "
                                       "your direct messages use it. Set your own with "
                                       "`/timezone zone: Europe/Vienna`.", zone=current))
            return
        typed = None if zone.strip().casefold() in ("none", "reset", "") else zone
        outcome = await own.set_zone(facts, typed)
        if outcome.zone is None:
            shown = await own.zone_of(facts)
            text = _("Your own time zone is removed; times you type without a zone are read in "
                     "**{zone}** again (your State's, or the server's). It is now {now} there.",
                     zone=shown, now=Verbatim(str(outcome.local_now)))
        else:
            text = _("Your time zone is now **{zone}** (it is {now} there). A start you type "
                     "without a zone, as in `/call schedule`, is read in it, and your direct "
                     "messages show times in it. Announcements keep each State's local time.",
                     zone=outcome.zone, now=Verbatim(str(outcome.local_now)))
        await reply(interaction, text)


async def setup(bot: Host) -> None:
    await bot.add_cog(OwnClockCog(bot.services.own_clock))
