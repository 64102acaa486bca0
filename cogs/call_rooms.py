"""Voice-state events of the call rooms.

Only the adapter's glue: who moved from which voice channel to which, and whether they hold
the secretariat role, go to the call-room service, which keeps the attendance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.discord.home import Home
from bot.domain.actor import Actor
from bot.services.calls import CallRoomService
from cogs.support.gate import member_role_ids

if TYPE_CHECKING:
    from cogs.support.host import Host

class CallRoomCog(commands.Cog):
    def __init__(self, rooms: CallRoomService, home: Home) -> None:
        self.rooms, self.home = rooms, home

    @commands.Cog.listener()
    async def on_voice_state_update(self, member: discord.Member, before: discord.VoiceState,
                                    after: discord.VoiceState) -> None:
        if member.bot:
            return
        left = before.channel.id if before.channel is not None else None
        joined = after.channel.id if after.channel is not None else None
        if left == joined:
            return
        role = self.home.role_id("secretariat")
        secretariat = role is not None and role in member_role_ids(member)
        who = Actor(user_id=member.id, is_secretariat=secretariat)
        await self.rooms.voice_moved(who, left=left, joined=joined)


async def setup(bot: Host) -> None:
    await bot.add_cog(CallRoomCog(bot.services.call_rooms, bot.home))
