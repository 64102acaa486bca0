"""Discord hides from ordinary members what they cannot use; no command works in DMs."""

from __future__ import annotations

import discord

from bot.domain.access import ACCESS, staff_only

STAFF = {"audit", "expert", "registry", "review-admin", "draw-admin", "report", "output-admin"}


def synced(world) -> dict[str, dict]:
    return {c["name"]: c for c in world.env.backend.commands.get(None, {}).values()}


def picker(world, member, channel) -> set[str]:
    return {c["name"] for c in world.env.backend.visible_commands(user_id=member.id,
                                                                  channel_id=channel.id)}


async def test_every_top_level_command_is_open_or_staff_only_and_never_in_dms(world):
    commands = synced(world)
    assert STAFF | {"party", "review", "draw", "clarify", "call", "output"} <= set(commands)
    everyone = discord.Permissions(int(world.env.backend.get_role(
        world.guild.id, world.guild.id).permissions))
    for name, command in commands.items():
        assert command["contexts"] == [0] and command["dm_permission"] is False, name
        leaves = [a for a in ACCESS if a.split()[0] == name and not a.startswith("component")]
        assert leaves, name
        if name in STAFF:
            assert all(staff_only(a) for a in leaves), name
            required = int(command["default_member_permissions"])
            assert required and everyone.value & required != required, name
        else:
            assert command["default_member_permissions"] is None, name
            assert not all(staff_only(a) for a in leaves), name


async def test_an_ordinary_member_does_not_see_staff_commands_the_staff_do(world):
    seen = picker(world, world.outsider, world.general)
    assert not seen & STAFF and {"party", "review", "draw", "clarify", "call"} <= seen
    assert seen == set(synced(world)) - STAFF
    assert STAFF <= picker(world, world.secretary, world.general)
    assert STAFF <= picker(world, world.chair, world.draws)
    # a role merely named like the secretariat's is not what the administrator granted
    lookalike = world.member("lookalike", world.guild.create_role("secretariat"))
    await world.env.settle()
    assert not STAFF & picker(world, lookalike, world.general)
