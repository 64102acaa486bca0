"""/audit verify and /audit show, for the secretariat."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.home import Home
from bot.discord.witness import published_checkpoints
from bot.domain.audit import checkpoint_line
from bot.domain.timefmt import discord_ts, parse_iso_utc
from bot.i18n import Verbatim, _, _n
from bot.services.audit import AuditService
from cogs.support.replies import reply

if TYPE_CHECKING:
    from cogs.support.host import Host


class AuditCog(commands.GroupCog, group_name="audit", group_description="The audit log"):
    def __init__(self, audit: AuditService, home: Home) -> None:
        self.audit, self.home = audit, home

    @app_commands.command(name="verify", description="Check that the audit log is intact")
    async def verify(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        points, note = await published_checkpoints(self.home)
        report = await self.audit.verify(points)
        text = report.describe()
        if note:
            await reply(interaction, _("{report} Not checked against checkpoints: {note}.",
                                       report=Verbatim(text), note=Verbatim(note)))
            return
        await reply(interaction, text)

    @app_commands.command(name="checkpoints",
                          description="Download the published audit checkpoints (JSON Lines)")
    async def checkpoints(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        points, note = await published_checkpoints(self.home)
        if not points:
            await reply(interaction, _("No audit checkpoint has been published yet: {note}.",
                                       note=Verbatim(note)) if note else
                        _("No audit checkpoint has been published yet."))
            return
        data = "".join(checkpoint_line(p) + "\n" for p in points).encode()
        await reply(interaction, _n(
            "{count} audit checkpoint, read back from Discord (newest: entry {seq}). Check the "
            "log with `deskreview audit verify --checkpoints audit-checkpoints.jsonl`.",
            "{count} audit checkpoints, read back from Discord (newest: entry {seq}). Check the "
            "log with `deskreview audit verify --checkpoints audit-checkpoints.jsonl`.",
            len(points), seq=Verbatim(str(points[-1].seq))),
            file=discord.File(io.BytesIO(data), filename="audit-checkpoints.jsonl"))

    @app_commands.command(name="show", description="Show the latest audit entries")
    @app_commands.describe(count="How many entries (1 to 50, default 10)")
    async def show(
        self, interaction: discord.Interaction, count: app_commands.Range[int, 1, 50] = 10
    ) -> None:
        entries = await self.audit.recent(count)
        if not entries:
            await reply(interaction, _("The audit log is empty."))
            return
        lines = []
        for e in entries:
            actor = "system" if e.actor == "system" else f"<@{e.actor}>"
            line = (f"`#{e.seq}` {discord_ts(parse_iso_utc(e.at), 'f')} {actor} "
                    f"**{e.action}** {e.subject}")
            lines.append(line[:300])
        text = "\n".join(lines)
        while len(text) > 1900:
            lines.pop(0)
            text = "\n".join(lines)
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )


async def setup(bot: Host) -> None:
    await bot.add_cog(AuditCog(bot.services.audit, bot.home))
