"""/party and /expert: the registry of States parties and their registered people."""

from __future__ import annotations

import io
import zoneinfo
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.render import render_card
from bot.domain.errors import InputError
from bot.domain.inputs import quote
from bot.domain.mechanism import REGIONAL_GROUPS
from bot.domain.parties import EDITABLE_FIELDS, INSTRUMENT_COLUMNS, Party
from bot.i18n import Joined, Language, Msg, Num, Verbatim, _, _p, lines
from bot.ports import Card
from bot.services.registry import (
    FIELD_LABELS,
    ROLE_LABELS,
    RegistryService,
    columns_text,
    field_words,
)
from bot.services.reviews import INSTRUMENT
from cogs.support.replies import reader_language, reply
from cogs.support.tree import facts_for

if TYPE_CHECKING:
    from cogs.support.host import Host

IMPORT_MAX_BYTES = 1_000_000
MESSAGE_BUDGET = 1900
FIELD_CHOICES = [app_commands.Choice(name=str(FIELD_LABELS[f]), value=f) for f in EDITABLE_FIELDS]
ROLE_CHOICES = [app_commands.Choice(name=label, value=role) for role, label in ROLE_LABELS.items()]
_NOTES = {"unconfirmed": _("unconfirmed"), "derived": _("worked out, not taken from a source"),
          "edited": _("set by the secretariat")}


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


def _value(party: Party, column: str, text: object) -> object:
    prov = party.provenance
    notes = [_NOTES[kind] for kind, columns in (("unconfirmed", prov.unconfirmed),
                                                ("derived", prov.derived),
                                                ("edited", prov.edited)) if column in columns]
    if not notes:
        return text
    return _("{value} ({notes})", value=text if isinstance(text, Msg) else Verbatim(str(text)),
             notes=Joined(tuple(notes), "; "))


def _membership(name: object, member: bool) -> Msg:
    if member:
        return _("{instrument}: party", instrument=name)
    return _("{instrument}: not party", instrument=name)


def party_embed(party: Party, language: Language) -> discord.Embed:
    """The registry's entry for a party, each value marked with where it stands."""
    prov = party.provenance
    fields: list[tuple[object, object]] = [
        (_("Regional group"), _value(party, "regional_group", field_words(party, "group"))),
        (_("Legal system"), _value(party, "legal_system", field_words(party, "legal"))),
    ]
    shown = [_value(party, col, _membership(INSTRUMENT[i], i in party.instruments))
             for i, col in INSTRUMENT_COLUMNS.items()]
    shown.append(_value(party, "uncac", _membership(_("UN Convention against Corruption"),
                                                    party.uncac)))
    fields.append((_("Instruments"), lines(*shown)))
    fields.append((_("Time zone"), _value(party, "timezone", party.timezone)))
    source: list[object] = [_("Source: {source}, as of {day}.", source=Verbatim(prov.source),
                              day=Verbatim(prov.as_of.isoformat())),
                            _("Unconfirmed: {columns}.", columns=columns_text(prov.unconfirmed)
                              or _p("no columns", "none"))]
    if prov.edited:
        source.append(_("Set by the secretariat since: {columns}.",
                        columns=columns_text(prov.edited)))
    fields.append((_("Provenance"), lines(*source)))
    if prov.notes:
        notes = prov.notes if len(prov.notes) <= 1000 else prov.notes[:999] + "…"
        fields.append((_("Notes"), Verbatim(notes)))
    return render_card(Card(party.label, "", tuple(fields)), language)  # type: ignore[arg-type]


def fit(lines: list[str], more: str) -> str:
    """Join lines within one message; ``more`` (with {count}) says how many were left out."""
    out: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        if used + len(line) + 1 > MESSAGE_BUDGET - 100:
            out.append(more.replace("{count}", str(len(lines) - index)))
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
        await reply(interaction, embed=party_embed(found, await reader_language(interaction)))

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
            text = _("{party}: {field} set to **{after}** (was {before}). Recorded in the audit "
                     "log.", party=result.party.label, field=label,
                     after=Verbatim(result.after), before=Verbatim(result.before))
        else:
            text = _("{party} already has {field} **{after}**; nothing changed.",
                     party=result.party.label, field=label, after=Verbatim(result.after))
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
            raise InputError(_(
                "“{name}” is not a CSV file. Save the registry as CSV (in Excel: Save As, CSV "
                "UTF-8) and upload the .csv file. Nothing was changed.",
                name=quote(file.filename)))
        if file.size > IMPORT_MAX_BYTES:
            raise InputError(_("The file is {size} bytes; the limit is {limit} bytes. Nothing "
                               "was changed.", size=Num(file.size), limit=Num(IMPORT_MAX_BYTES)))
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
            _("The registry, in the format `/registry import` reads. Edit it in a spreadsheet "
              "and save it as CSV UTF-8."),
            file=discord.File(io.BytesIO(data), filename=registry.export_filename()),
        )

    @app_commands.command(name="provenance", description="Where the registry's values come from")
    async def provenance(self, interaction: discord.Interaction) -> None:
        summary = await self.registry.provenance()
        embed = render_card(Card(_("Registry provenance"), lines(*summary.lines())),
                            await reader_language(interaction))
        await reply(interaction, embed=embed)


async def setup(bot: Host) -> None:
    await bot.add_cog(PartyCog(bot.services.registry))

