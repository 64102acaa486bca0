"""The command tree: every slash command passes the access table before any work."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.domain.access import ACCESS, staff_only
from bot.domain.actor import Actor
from bot.domain.errors import InputError, Refused
from bot.domain.inputs import clean_text, is_blank
from bot.i18n import Language, _, message_of
from bot.i18n.catalogue import translations
from cogs.support.errors import handle_interaction_error
from cogs.support.gate import Gate, gate_of
from cogs.support.replies import reply

MAX_INT = 2**53  # Discord's own bound on integer options


def _gate(interaction: discord.Interaction) -> Gate:
    gate = gate_of(interaction)
    if gate is None:
        raise RuntimeError("the bot has not been set up yet")
    return gate


async def facts_for(interaction: discord.Interaction) -> Actor:
    """The person acting, with their roles, their State and the review whose channel they
    act in (kept for the rest of the interaction): what every use case takes first."""
    return await _gate(interaction).facts(interaction)


async def guard(interaction: discord.Interaction, action: str) -> Actor | None:
    """Check the access table; answer the refusal and return None when refused."""
    facts = await facts_for(interaction)
    try:
        await _gate(interaction).access.check(facts, action)
    except Refused as refused:
        await reply(interaction, message_of(refused))
        return None
    return facts


class FieldName:
    """An option or form field as the reader's client names it ("due date", "échéance")."""

    def __init__(self, name: str) -> None:
        self.name = name

    def render(self, language: Language) -> str:
        return translations(language).pgettext("command name", self.name).replace("_", " ")


def clean_options(namespace: app_commands.Namespace) -> None:
    """Pass every option through the input rules before the command sees it: text is
    normalised and refused when blank or carrying control characters; whole numbers are kept
    within what Discord and SQLite both hold."""
    for name, value in list(vars(namespace).items()):
        if isinstance(value, str):
            setattr(namespace, name, clean_text(value, field=FieldName(name)))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            raise InputError(_("The {field} is out of range. Nothing was changed.",
                               field=FieldName(name)))


def clean_form(items: list[discord.ui.Item[Any]]) -> None:
    """The same rules for every field of a form, blank optional fields left empty."""
    for item in items:
        inner = getattr(item, "component", None)  # a field wrapped in a label
        if isinstance(inner, discord.ui.TextInput):
            item = inner
        if isinstance(item, discord.ui.TextInput) and item.value:
            if not item.required and is_blank(item.value):
                item._value = ""
                continue
            item._value = clean_text(item.value, field=FieldName(item.custom_id or "text"))


# Staff-only top-level commands made from the staff subcommands of an open one:
# new name -> (the command they come from, its description). A subcommand moves when the
# access table lists it under the new name.
STAFF_GROUPS: dict[str, tuple[str, str]] = {
    "registry": ("party", "Keep the registry of States parties (secretariat)"),
    "review-admin": ("review", "Open, assign, pause and close reviews (secretariat)"),
    "draw-admin": ("draw", "Open and close draws (chair)"),
    "output-admin": ("output", "Mark an agreed summary for publication (secretariat)"),
}
# What Discord requires by default to see a staff-only command: ordinary members lack it; the
# server's administrator grants the commands to the chair and secretariat roles instead.
STAFF_PERMISSIONS = discord.Permissions(manage_guild=True)


def _leaves(command: app_commands.Command[Any, ..., Any] | app_commands.Group) -> list[str]:
    if isinstance(command, app_commands.Group):
        return [name for child in command.commands for name in _leaves(child)]
    return [command.qualified_name]


def arrange_commands(tree: app_commands.CommandTree[Any]) -> None:
    """Split staff subcommands into their own top-level commands, then make every top-level
    command guild-only and give the staff-only ones ``STAFF_PERMISSIONS``.

    A top-level command is either open (some subcommand is for the States' people or anyone)
    or staff-only (every subcommand for the chair or the secretariat alone); a mix is a
    mistake in the table and stops the bot here."""
    for name, (source, description) in STAFF_GROUPS.items():
        origin = tree.get_command(source)
        if not isinstance(origin, app_commands.Group) or tree.get_command(name) is not None:
            continue
        staff = app_commands.Group(name=name, description=description)
        for child in list(origin.commands):
            if f"{name} {child.name}" in ACCESS:
                origin.remove_command(child.name)
                staff.add_command(child)
        tree.add_command(staff)
    tree.allowed_contexts = app_commands.AppCommandContext(
        guild=True, dm_channel=False, private_channel=False)
    tree.allowed_installs = app_commands.AppInstallationType(guild=True, user=False)
    for command in tree.get_commands():
        if not isinstance(command, (app_commands.Command, app_commands.Group)):
            continue
        command.guild_only = True
        kinds = {staff_only(leaf) for leaf in _leaves(command)}
        if kinds == {True, False}:
            raise RuntimeError(f"/{command.name} mixes staff-only and open subcommands")
        command.default_permissions = STAFF_PERMISSIONS if kinds == {True} else None


class GuardedTree(app_commands.CommandTree[Any]):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.type is discord.InteractionType.autocomplete:
            return True  # suggestions list public facts only (party codes, article numbers)
        command = interaction.command
        if command is None:
            return True
        if interaction.guild is None:
            await reply(interaction,
                        _("deskreview works inside its server, not in direct messages."))
            return False
        if await guard(interaction, command.qualified_name) is None:
            return False
        try:
            clean_options(interaction.namespace)
        except InputError as bad:
            await reply(interaction, message_of(bad))
            return False
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        await handle_interaction_error(interaction, error)


class GuardedView(discord.ui.View):
    """A view whose errors go to the common handler."""

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        await handle_interaction_error(interaction, error)
