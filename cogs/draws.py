"""/draw: open a draw of reviewing States, redraw, close, and let anyone check it."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.home import Home
from bot.domain.timefmt import discord_ts
from bot.i18n import Msg, Verbatim, _, lines
from bot.services.draws import SLOT_LABELS, DrawService
from bot.services.registry import RegistryService
from cogs.registry import PartyChoices, party_choices
from cogs.reviews import CLUSTER_CHOICES
from cogs.support.replies import reply
from cogs.support.tree import facts_for

if TYPE_CHECKING:
    from cogs.support.host import Host

SLOT_CHOICES = [app_commands.Choice(name=str(label)[:100], value=slot)
                for slot, label in SLOT_LABELS.items()]


class DrawChoices(commands.Cog):
    """Suggestions of draws (an autocomplete defined in a class gets the command's cog)."""

    draws: DrawService

    async def draw_choices(
        self, _interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        key = current.strip().casefold()
        found = [d for d in await self.draws.draws()
                 if key in d.draw_id.casefold() or key in d.title.casefold()]
        return [app_commands.Choice(name=f"{d.draw_id}: {d.title}"[:100], value=d.draw_id)
                for d in found[:25]]


draw_choices = DrawChoices.draw_choices


def _posted_note(posted: bool) -> Msg | None:
    if posted:
        return None
    return _("It could not be posted in the draw channel yet; the bot will post it as soon as "
             "it can.")


class DrawCog(DrawChoices, PartyChoices, commands.GroupCog, group_name="draw",
              group_description="Drawing reviewing States by lot, openly"):
    def __init__(self, draws: DrawService, registry: RegistryService, home: Home) -> None:
        self.draws, self.registry, self.home = draws, registry, home

    @app_commands.command(name="open", description="Open a draw: publish the manifest and fix "
                                                   "the beacon round")
    @app_commands.describe(
        title="A title, such as: Intersessional meeting, cluster 2, group B",
        parties="States under review: codes (KEN, AUT, JPN) or a regional group (AFRICA)",
        cluster="The cluster under review",
        notice="Minutes before the beacon round (default and least: the configured notice)",
    )
    @app_commands.choices(cluster=CLUSTER_CHOICES)
    async def open_(
        self, interaction: discord.Interaction, title: app_commands.Range[str, 3, 200],
        parties: app_commands.Range[str, 1, 1500], cluster: app_commands.Choice[int],
        notice: app_commands.Range[int, 1, 10080] | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        opened = await self.draws.open(await facts_for(interaction), title, parties,
                                                cluster.value, notice)
        channel = self.home.named_channel(self.home.settings.draw_channel)
        where = (Verbatim(channel.mention) if channel is not None else _("the draw channel"))
        said: list[object] = [
            _("Draw **{draw}** is open for {count} States. Its manifest is posted in {where} "
              "(SHA-256 `{sha}`).", draw=Verbatim(opened.draw_id), count=len(opened.surs),
              where=where, sha=Verbatim(opened.manifest_sha256)),
            _("The result will be drawn with beacon round {round}, at {when} ({ago}).",
              round=Verbatim(str(opened.round)), when=Verbatim(discord_ts(opened.round_time)),
              ago=Verbatim(discord_ts(opened.round_time, "R")))]
        if opened.plan.no_group:
            said.append(_("Left out of the pool, having no regional group: {codes}.",
                          codes=Verbatim(", ".join(opened.plan.no_group[:20]))))
        if opened.plan.unconfirmed:
            said.append(_("Warning: the draw relies on registry values that are not confirmed; "
                          "the manifest message lists them."))
        said.append(_posted_note(opened.posted))
        await reply(interaction, lines(*said))

    @app_commands.command(name="redraw", description="Ask for one reviewer of a State under "
                                                     "review to be drawn again")
    @app_commands.describe(
        draw="The draw", sur="The State under review", slot="Which reviewer to draw again",
        requested_by="The State asking: the State under review or one of its reviewers",
        reason="Why (published with the request)",
        exceptional="Beyond the allowance of redraws (the chair only, with an authorization)",
        authorization="For an exceptional request: who authorised it, and why",
    )
    @app_commands.choices(slot=SLOT_CHOICES)
    @app_commands.autocomplete(draw=draw_choices, sur=party_choices,
                               requested_by=party_choices)
    async def redraw(
        self, interaction: discord.Interaction, draw: str, sur: str,
        slot: app_commands.Choice[str], requested_by: str,
        reason: app_commands.Range[str, 3, 500], exceptional: bool = False,
        authorization: app_commands.Range[str, 1, 500] | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        facts = await facts_for(interaction)
        done = await self.draws.redraw(
            facts, draw, sur, slot.value, requested_by, reason, exceptional, authorization)
        text = _("Redraw request {attempt} by {by} for {sur} is recorded and posted in the draw "
                 "channel. It will be drawn with beacon round {round}, at {when} ({ago}).",
                 attempt=done.attempt, by=requested_by.strip().upper(), sur=sur.strip().upper(),
                 round=Verbatim(str(done.round)), when=Verbatim(discord_ts(done.round_time)),
                 ago=Verbatim(discord_ts(done.round_time, "R")))
        await reply(interaction, lines(text, _posted_note(done.posted)))

    @app_commands.command(name="status", description="Where a draw stands (or list the draws)")
    @app_commands.describe(draw="The draw (leave out to list them)")
    @app_commands.autocomplete(draw=draw_choices)
    async def status(self, interaction: discord.Interaction, draw: str | None = None) -> None:
        await reply(interaction, await self.draws.status(draw))

    @app_commands.command(name="log", description="The draw's log (JSON Lines), to check it")
    @app_commands.describe(draw="The draw")
    @app_commands.autocomplete(draw=draw_choices)
    async def log(self, interaction: discord.Interaction, draw: str) -> None:
        draw_id, name, data = await self.draws.log_file(draw)
        await reply(interaction, _("The log of draw {draw}. Check it with the program from "
                                   "`/draw verifier`.", draw=Verbatim(draw_id)),
                    file=discord.File(io.BytesIO(data), filename=name))

    @app_commands.command(name="verifier", description="The short program anyone can run to "
                                                       "check a draw's log")
    async def verifier(self, interaction: discord.Interaction) -> None:
        name, data, sha = DrawService.verifier_file()
        text = _("The standalone verifier: one file, Python 3.11 or later, standard library "
                 "only; it checks the beacon signatures itself.\nSHA-256 `{sha}` — every "
                 "manifest names it in meta.verifier_sha256.\nRun: `python3 -I {name} "
                 "draw-LOG.jsonl`. Exit status 0: everything verified; 3: everything checkable "
                 "held but something could not be verified (listed); 1: a check failed (the "
                 "line is named); 2: the file cannot be read.", sha=Verbatim(sha),
                 name=Verbatim(name))
        await reply(interaction, text, file=discord.File(io.BytesIO(data), filename=name))

    @app_commands.command(name="close", description="Close a draw: its reviewers become final")
    @app_commands.describe(draw="The draw")
    @app_commands.autocomplete(draw=draw_choices)
    async def close(self, interaction: discord.Interaction, draw: str) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        draw_id = await self.draws.close(await facts_for(interaction), draw)
        await reply(interaction, _("Draw {draw} is closed; the final reviewers and the complete "
                                   "log are posted in the draw channel.", draw=Verbatim(draw_id)))


async def setup(bot: Host) -> None:
    await bot.add_cog(DrawCog(bot.services.draws, bot.services.registry, bot.home))
