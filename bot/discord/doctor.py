"""The Discord side of `deskreview doctor`: a snapshot of the server, and the repairs."""

from __future__ import annotations

import discord

from bot.domain.doctor import (
    POSTING,
    ChannelInfo,
    GuildSnapshot,
    Overwrite,
    Repair,
    RoleInfo,
    Wanted,
    find_role,
)
from bot.settings import Settings

_KINDS = {discord.ChannelType.text: "text", discord.ChannelType.category: "category",
          discord.ChannelType.voice: "voice", discord.ChannelType.news: "news",
          discord.ChannelType.forum: "forum", discord.ChannelType.stage_voice: "stage"}


def wanted_from(settings: Settings) -> Wanted:
    return Wanted(
        guild_id=settings.guild_id or 0, chair_role=settings.chair_role,
        secretariat_role=settings.secretariat_role,
        secretariat_channel=settings.secretariat_channel, draw_channel=settings.draw_channel,
    )


def _overwrites(channel: discord.abc.GuildChannel) -> tuple[Overwrite, ...]:
    found = []
    for target, overwrite in channel.overwrites.items():
        allow, deny = overwrite.pair()
        found.append(Overwrite(target.id, isinstance(target, discord.Role), allow.value,
                               deny.value))
    return tuple(found)


def snapshot(client: discord.Client, guild_id: int, *,
             message_content_intent: bool = True) -> GuildSnapshot:
    guild = client.get_guild(guild_id) if guild_id else next(iter(client.guilds), None)
    if guild is None or guild.me is None:
        return GuildSnapshot(guild_id=guild_id, present=False)
    me = guild.me
    return GuildSnapshot(
        guild_id=guild.id, present=True, name=guild.name,
        roles=tuple(RoleInfo(r.id, r.name, r.position, r.permissions.value, r.managed)
                    for r in guild.roles),
        channels=tuple(ChannelInfo(c.id, c.name, _KINDS.get(c.type, str(c.type)),
                                   _overwrites(c)) for c in guild.channels),
        bot_id=me.id, bot_role_ids=tuple(r.id for r in me.roles),
        bot_is_owner=guild.owner_id == me.id, message_content_intent=message_content_intent,
    )


Targets = dict[discord.Role | discord.Member | discord.Object, discord.PermissionOverwrite]


def _private_overwrites(guild: discord.Guild, secretariat: discord.Role | None) -> Targets:
    """In the order to apply them: the bot and the secretariat keep their access before
    @everyone loses it (the bot could not finish otherwise)."""
    overwrites: Targets = {
        guild.me: discord.PermissionOverwrite.from_pair(discord.Permissions(POSTING),
                                                        discord.Permissions.none()),
    }
    if secretariat is not None:
        overwrites[secretariat] = discord.PermissionOverwrite(
            view_channel=True, send_messages=True, read_message_history=True)
    overwrites[guild.default_role] = discord.PermissionOverwrite(view_channel=False)
    return overwrites


async def apply(client: discord.Client, snap: GuildSnapshot, wanted: Wanted,
                repair: Repair, created: dict[str, discord.Role]) -> None:
    """Carry out one repair; a Discord refusal raises discord.HTTPException.

    The secretariat role is the one the snapshot resolved, or the one this run created: never
    another role that merely shares its name."""
    guild = client.get_guild(snap.guild_id)
    if guild is None:
        raise LookupError("the bot is not in the server")
    reason = "deskreview doctor --fix"
    role_info = find_role(snap, wanted.secretariat_role)
    secretariat = (guild.get_role(role_info.id) if role_info
                   else created.get(wanted.secretariat_role))
    if repair.action == "create_role":
        created[repair.target] = await guild.create_role(
            name=repair.target, permissions=discord.Permissions.none(), reason=reason)
    elif repair.action == "create_private_channel":
        await guild.create_text_channel(
            repair.target, overwrites=_private_overwrites(guild, secretariat), reason=reason)
    elif repair.action == "create_public_channel":
        await guild.create_text_channel(repair.target, overwrites={
            guild.default_role: discord.PermissionOverwrite(
                view_channel=True, read_message_history=True),
            guild.me: discord.PermissionOverwrite.from_pair(discord.Permissions(POSTING),
                                                            discord.Permissions.none()),
        }, reason=reason)
    else:
        channel = guild.get_channel(int(repair.target))
        if not isinstance(channel, discord.TextChannel):
            raise LookupError(f"channel {repair.target} is gone")
        if repair.action == "make_private":
            for target, overwrite in _private_overwrites(guild, secretariat).items():
                if isinstance(target, discord.Object):
                    continue
                merged = channel.overwrites_for(target)
                merged.update(**{k: v for k, v in overwrite if v is not None})
                await channel.set_permissions(target, overwrite=merged, reason=reason)
        else:
            everyone = channel.overwrites_for(guild.default_role)
            everyone.update(view_channel=True, read_message_history=True)
            await channel.set_permissions(guild.default_role, overwrite=everyone, reason=reason)
            mine = channel.overwrites_for(guild.me)
            mine.update(**{k: v for k, v in discord.PermissionOverwrite.from_pair(
                discord.Permissions(POSTING), discord.Permissions.none()) if v is not None})
            await channel.set_permissions(guild.me, overwrite=mine, reason=reason)

