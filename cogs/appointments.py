"""/expert add|remove|list: the appointments of each State's people, per review or for all of
its reviews, each on the note verbale it rests on."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.errors import InputError
from bot.i18n import Msg, _, lines, render
from bot.services.appointments import Appointed, AppointmentService, text
from bot.services.registry import RegistryService
from cogs.registry import ROLE_CHOICES, PartyChoices, party_choices
from cogs.support.replies import reader_language, reply
from cogs.support.tree import facts_for

if TYPE_CHECKING:
    from cogs.support.host import Host

LIST_BUDGET = 1800


def review_id(value: str | None) -> int | None:
    """The review picked from the suggestions (its number); None when left out."""
    if value is None:
        return None
    digits = value.strip()
    if not digits.isascii() or not digits.isdigit() or len(digits) > 9:
        raise InputError(text.NO_SUCH_REVIEW)
    return int(digits)


def _reply(change: Appointed) -> Msg | object:
    if change.role is None:
        head: Msg = text.removed_reply(change.user_id, change.party, change.review)
    else:
        head = text.appointed_reply(change.user_id, change.role, change.party, change.review,
                                    change.note)
    extra = text.replaced_reply(change.replaced_focal_point) \
        if change.replaced_focal_point else None
    return lines(head, extra, text.told(change.told), separator=" ")


class ExpertCog(PartyChoices, commands.GroupCog, group_name="expert",
                group_description="Registered people"):
    def __init__(self, appointments: AppointmentService, registry: RegistryService) -> None:
        self.appointments, self.registry = appointments, registry

    async def review_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """The open reviews of the State named in ``party`` (every open review when none)."""
        party = getattr(interaction.namespace, "party", None)
        found = await self.appointments.review_choices(party, current)
        language = await reader_language(interaction)
        return [app_commands.Choice(name=render(label, language)[:100], value=str(number))
                for number, label in found[:25]]

    @app_commands.command(name="add", description="Register a member's appointment for a party")
    @app_commands.describe(
        member="The member appointed", party="The party they serve",
        role="focal point (one per party and review; replaces the current one), expert or "
             "observer",
        note_verbale="Reference of the note verbale that appoints them (needed)",
        note_date="Date of the note verbale, YYYY-MM-DD (needed)",
        review="Only for this review (default: every review of the party)",
    )
    @app_commands.choices(role=ROLE_CHOICES)
    @app_commands.autocomplete(party=party_choices, review=review_choices)
    async def add(
        self, interaction: discord.Interaction, member: discord.Member, party: str,
        role: app_commands.Choice[str], note_verbale: str | None = None,
        note_date: str | None = None, review: str | None = None,
    ) -> None:
        if member.bot:
            raise InputError(_("A bot cannot be registered for a party. Nothing was changed."))
        change = await self.appointments.appoint(
            await facts_for(interaction), member.id, party, role.value, note_verbale, note_date,
            review_id(review))
        await reply(interaction, _reply(change))

    @app_commands.command(name="remove", description="End a member's appointment for a party")
    @app_commands.describe(
        member="The member", party="The party they serve",
        review="Only their appointment for this review (default: every appointment)",
    )
    @app_commands.autocomplete(party=party_choices, review=review_choices)
    async def remove(
        self, interaction: discord.Interaction, member: discord.User, party: str,
        review: str | None = None,
    ) -> None:
        change = await self.appointments.remove(
            await facts_for(interaction), member.id, party, review_id(review))
        await reply(interaction, _reply(change))

    @app_commands.command(name="list", description="List the appointed people")
    @app_commands.describe(party="Only this party (default: every party with people)")
    @app_commands.autocomplete(party=party_choices)
    async def list_(self, interaction: discord.Interaction, party: str | None = None) -> None:
        service = self.appointments
        groups = await service.listing(party)
        if not groups or (len(groups) == 1 and not groups[0][1]):
            await reply(interaction, text.nobody_for(groups[0][0]) if groups else text.NOBODY)
            return
        labels = await service.review_labels(
            {a.review_id for _found, items in groups for a in items if a.review_id is not None})
        language = await reader_language(interaction)
        out: list[str] = []
        used = 0
        for found, items in groups:
            rows = [f"**{found.label}**"] + [
                render(text.listing_line(a, labels.get(a.review_id) if a.review_id else None,
                                         found), language) for a in items]
            for row in rows:
                if used + len(row) + 1 > LIST_BUDGET:
                    out.append(render(text.MORE, language))
                    await reply(interaction, "\n".join(out))
                    return
                out.append(row)
                used += len(row) + 1
        await reply(interaction, "\n".join(out))


async def setup(bot: Host) -> None:
    await bot.add_cog(ExpertCog(bot.services.appointments, bot.services.registry))
