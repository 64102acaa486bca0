"""/register: a person in the server asks to be registered for a State; the secretariat
approves or declines with the buttons under the request in its channel.

The buttons are a ``DynamicItem`` matched by ``custom_id`` (``reg:<approve|decline>:<id>``),
so they keep working after a restart; only the secretariat may press them (the access table).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.i18n import lines
from bot.services.appointments import text as appointment_text
from bot.services.registrations import TEMPLATE, RegistrationService, decision_custom_id, text
from bot.services.registry import RegistryService
from cogs.registry import ROLE_CHOICES, PartyChoices, party_choices
from cogs.support.errors import handle_interaction_error
from cogs.support.items import with_services
from cogs.support.replies import reply
from cogs.support.tree import facts_for, guard

if TYPE_CHECKING:
    from cogs.support.host import Host


class DecisionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    registrations: ClassVar[RegistrationService]

    def __init__(self, request_id: int, verb: str) -> None:
        super().__init__(discord.ui.Button(custom_id=decision_custom_id(request_id, verb)))
        self.request_id, self.verb = request_id, verb

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DecisionButton:
        return cls(int(match["request"]), match["verb"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self._decide(interaction)
        except Exception as error:  # every error is answered, none is lost
            await handle_interaction_error(interaction, error)

    async def _decide(self, interaction: discord.Interaction) -> None:
        if await guard(interaction, "component registration-decide") is None:
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        decision = await self.registrations.decide(
            await facts_for(interaction), self.request_id, self.verb == "approve")
        request = decision.request
        if decision.approved:
            head = appointment_text.appointed_reply(request.user_id, request.role,
                                                    decision.party, None, request.note)
        else:
            head = text.declined_reply(request)
        await reply(interaction, lines(head, appointment_text.told(decision.told),
                                       separator=" "))


class RegisterCog(PartyChoices, commands.Cog):
    def __init__(self, registrations: RegistrationService, registry: RegistryService) -> None:
        self.registrations, self.registry = registrations, registry

    @app_commands.command(name="register",
                          description="Ask the secretariat to register you for your State")
    @app_commands.describe(
        party="The State party you serve", role="focal point, expert or observer",
        note_verbale="Reference of the note verbale that appoints you",
        note_date="Date of the note verbale, YYYY-MM-DD",
    )
    @app_commands.choices(role=ROLE_CHOICES)
    @app_commands.autocomplete(party=party_choices)
    async def register(self, interaction: discord.Interaction, party: str,
                       role: app_commands.Choice[str], note_verbale: str,
                       note_date: str) -> None:
        answer = await self.registrations.request(
            await facts_for(interaction), party, role.value, note_verbale, note_date)
        await reply(interaction, answer)


async def setup(bot: Host) -> None:
    registrations = bot.services.registrations
    bot.add_dynamic_items(with_services(DecisionButton, registrations=registrations))
    await bot.add_cog(RegisterCog(registrations, bot.services.registry))
