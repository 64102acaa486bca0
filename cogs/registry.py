"""/party and /expert: the registry of States parties and their registered people."""

from __future__ import annotations

import io
import zoneinfo
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import InputError
from bot.domain.inputs import quote
from bot.domain.mechanism import REGIONAL_GROUPS
from bot.domain.parties import EDITABLE_FIELDS, INSTRUMENT_COLUMNS, Party
from bot.services.registry import (
    FIELD_LABELS,
    ROLE_LABELS,
    RegistryService,
    columns_text,
    field_text,
)
from cogs.support.replies import reply
from cogs.support.tree import facts_for

if TYPE_CHECKING:
    from cogs.support.host import Host

IMPORT_MAX_BYTES = 1_000_000
MESSAGE_BUDGET = 1900
FIELD_CHOICES = [app_commands.Choice(name=FIELD_LABELS[f], value=f) for f in EDITABLE_FIELDS]
ROLE_CHOICES = [app_commands.Choice(name=label, value=role) for role, label in ROLE_LABELS.items()]


class PartyChoices(commands.Cog):
    """Suggestions of party codes, for every cog that holds the registry (an autocomplete
    defined in a class gets the cog of the command it completes)."""

    registry: RegistryService

    async def party_choices(
        self, _interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        parties = await self.registry.suggest(current, limit=25)
        return [app_commands.Choice(name=p.label[:100], value=p.code) for p in parties]


party_choices = PartyChoices.party_choices


def _value(party: Party, column: str, text: str) -> str:
    prov = party.provenance
    notes = []
    if column in prov.unconfirmed:
        notes.append("unconfirmed")
    if column in prov.derived:
        notes.append("worked out, not taken from a source")
    if column in prov.edited:
        notes.append("set by the secretariat")
    return f"{text} ({'; '.join(notes)})" if notes else text


def party_embed(party: Party) -> discord.Embed:
    """The registry's entry for a party, each value marked with where it stands."""
    prov = party.provenance
    embed = discord.Embed(title=party.label)
    embed.add_field(
        name="Regional group", value=_value(party, "regional_group", field_text(party, "group")),
        inline=False,
    )
    embed.add_field(
        name="Legal system", value=_value(party, "legal_system", field_text(party, "legal")),
        inline=False,
    )
    lines = [
        _value(party, col, f"{i.short_name}: {'party' if i in party.instruments else 'not party'}")
        for i, col in INSTRUMENT_COLUMNS.items()
    ]
    lines.append(_value(party, "uncac", f"UN Convention against Corruption: "
                                       f"{'party' if party.uncac else 'not party'}"))
    embed.add_field(name="Instruments", value="\n".join(lines), inline=False)
    embed.add_field(name="Time zone", value=_value(party, "timezone", party.timezone), inline=False)
    source = [f"Source: {prov.source}, as of {prov.as_of.isoformat()}."]
    source.append(f"Unconfirmed: {columns_text(prov.unconfirmed) or 'none'}.")
    if prov.edited:
        source.append(f"Set by the secretariat since: {columns_text(prov.edited)}.")
    embed.add_field(name="Provenance", value="\n".join(source)[:1024], inline=False)
    if prov.notes:
        notes = prov.notes if len(prov.notes) <= 1000 else prov.notes[:999] + "…"
        embed.add_field(name="Notes", value=notes, inline=False)
    return embed


def fit(lines: list[str], more: str) -> str:
    """Join lines within one message; ``more`` (with {n}) says how many were left out."""
    out: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) + 1 > MESSAGE_BUDGET - 100:
            out.append(more.format(n=len(lines) - index))
            break
        out.append(line)
        used += len(line) + 1
    return "\n".join(out)


class PartyCog(PartyChoices, commands.GroupCog, group_name="party",
               group_description="The States parties"):
    def __init__(self, registry: RegistryService) -> None:
        self.registry = registry

    @app_commands.command(name="show", description="Show the registry's entry for a party")
    @app_commands.describe(party="The party's code or name")
    @app_commands.autocomplete(party=party_choices)
    async def show(self, interaction: discord.Interaction, party: str) -> None:
        found = await self.registry.find(party)
        await reply(interaction, embed=party_embed(found))

    @app_commands.command(name="set", description="Change one value of a party's entry")
    @app_commands.describe(
        party="The party's code or name", field="What to change",
        value="The new value (the answer explains what is expected if it is not accepted)",
    )
    @app_commands.choices(field=FIELD_CHOICES)
    @app_commands.autocomplete(party=party_choices)
    async def set_(
        self, interaction: discord.Interaction, party: str, field: app_commands.Choice[str],
        value: app_commands.Range[str, 1, 200],
    ) -> None:
        result = await self.registry.set_field(
            await facts_for(interaction), party, field.value, value
        )
        label = FIELD_LABELS[result.field]
        if result.changed:
            text = (f"{result.party.label}: {label} set to **{result.after}** "
                    f"(was {result.before}). Recorded in the audit log.")
        else:
            text = f"{result.party.label} already has {label} **{result.after}**; nothing changed."
        await reply(interaction, text)

    @set_.autocomplete("value")
    async def value_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        field = getattr(interaction.namespace, "field", None)
        key = current.strip().casefold()
        options: list[str] = []
        if field == "group":
            options = [g.value for g in REGIONAL_GROUPS] + ["none"]
        elif field == "uncac":
            options = ["yes", "no"]
        elif field == "instruments":
            options = ["UNTOC", "UNTOC, TIP", "UNTOC, TIP, SOM", "UNTOC, TIP, SOM, FIREARMS"]
        elif field == "legal":
            options = ["civil", "common", "customary", "muslim", "civil + customary", "unknown"]
        elif field == "timezone" and key:
            zones = sorted(zoneinfo.available_timezones())
            options = [z for z in zones if key in z.casefold()]
        if not options and current.strip():
            options = [current.strip()]
        matching = [o for o in options if key in o.casefold()] or options
        return [app_commands.Choice(name=o[:100], value=o[:100]) for o in matching[:25]]

    @app_commands.command(name="import", description="Replace registry entries from a CSV file")
    @app_commands.describe(
        file="The registry as a CSV file (as /registry export gives it), at most 1 MB",
        remove_missing="Also remove parties that are not in the file (default: keep them)",
    )
    async def import_(
        self, interaction: discord.Interaction, file: discord.Attachment,
        remove_missing: bool = False,
    ) -> None:
        if not file.filename.lower().endswith(".csv"):
            raise InputError(
                f"“{quote(file.filename)}” is not a CSV file. Save the registry as CSV (in Excel: "
                "Save As, CSV UTF-8) and upload the .csv file. Nothing was changed."
            )
        if file.size > IMPORT_MAX_BYTES:
            raise InputError(
                f"The file is {file.size:,} bytes; the limit is {IMPORT_MAX_BYTES:,} bytes. "
                "Nothing was changed."
            )
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        result = await self.registry.import_csv(
            await facts_for(interaction), data, remove_missing=remove_missing
        )
        await reply(interaction, result.summary())

    @app_commands.command(name="export", description="Download the registry as a CSV file")
    async def export(self, interaction: discord.Interaction) -> None:
        registry = self.registry
        data = await registry.export_csv()
        await reply(
            interaction,
            "The registry, in the format `/registry import` reads. Edit it in a spreadsheet and "
            "save it as CSV UTF-8.",
            file=discord.File(io.BytesIO(data), filename=registry.export_filename()),
        )

    @app_commands.command(name="provenance", description="Where the registry's values come from")
    async def provenance(self, interaction: discord.Interaction) -> None:
        summary = await self.registry.provenance()
        embed = discord.Embed(title="Registry provenance", description="\n".join(summary.lines()))
        await reply(interaction, embed=embed)


async def setup(bot: Host) -> None:
    await bot.add_cog(PartyCog(bot.services.registry))

