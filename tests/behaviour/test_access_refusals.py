"""Every restricted command refuses, before any work, a member who lacks what it needs."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.domain.access import ACCESS, Who


def leaf_commands(tree: app_commands.CommandTree) -> dict[str, app_commands.Command]:
    found: dict[str, app_commands.Command] = {}

    def walk(item: Any) -> None:
        if isinstance(item, app_commands.Group):
            for child in item.commands:
                walk(child)
        elif isinstance(item, app_commands.Command):
            found[item.qualified_name] = item

    for command in tree.get_commands():
        walk(command)
    return found


def plausible(parameter: app_commands.Parameter, world: Any) -> Any:
    if parameter.choices:
        return parameter.choices[0].value
    kind = parameter.type
    if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
        return world.secretary
    if kind is discord.AppCommandOptionType.integer:
        return max(1, int(parameter.min_value or 1))
    if kind is discord.AppCommandOptionType.boolean:
        return False
    if kind is discord.AppCommandOptionType.attachment:
        return ("registry.csv", b"code,name\n")
    if kind is discord.AppCommandOptionType.channel:
        return world.general
    return "KEN" if parameter.name in ("party", "sur", "requested_by") else "a sample text"


def restricted(action: str) -> bool:
    kinds = ACCESS.get(action, frozenset())
    return Who.ANYONE not in kinds and not action.startswith("component ")


async def test_every_restricted_command_refuses_a_member_without_the_role(world):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    commands = leaf_commands(world.bot.tree)
    # every command the bot offers is in the access table, and nothing restricted is missing
    assert sorted(set(commands) - set(ACCESS)) == []
    checked = 0
    for name, command in sorted(commands.items()):
        if not restricted(name):
            continue
        options = {p.name: plausible(p, world) for p in command.parameters if p.required}
        before = len(await world.bot.services.audit.recent(50))
        result = await world.outsider.slash(world.general, name, **options)
        assert result.ephemeral, name
        text = result.response.content
        assert "needs" in text or "only inside a review channel" in text, (name, text)
        # refused before any work: the only trace is the audited refusal
        entries = await world.bot.services.audit.recent(50)
        assert len(entries) == min(50, before + 1), name
        assert entries[-1].action == "access.refused" and entries[-1].subject == name
        checked += 1
    assert checked >= 30
