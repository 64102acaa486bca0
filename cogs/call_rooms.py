"""Voice-state events of the call rooms.

Only the adapter's glue: who moved from which voice channel to which, and whether they hold
the secretariat role, go to the call-room service, which keeps the attendance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from cogs.support.replies import member_role_ids

if TYPE_CHECKING:
    from cogs.support.host import Host



class CallRoomCog(commands.Cog):
    def __init__(self, bot: Host) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_voice_state_update(self, member: discord.Member, before: discord.VoiceState,
                                    after: discord.VoiceState) -> None:
        if member.bot:
            return
        left = before.channel.id if before.channel is not None else None
        joined = after.channel.id if after.channel is not None else None
        if left == joined:
            return
        rooms = self.bot.services.call_rooms
        assert rooms is not None, "the call rooms are not set up"
        role = self.bot.services.access.role_id("secretariat")
        secretariat = role is not None and role in member_role_ids(member)
        await rooms.voice_moved(member.id, is_secretariat=secretariat, left=left, joined=joined)


async def setup(bot: Host) -> None:
    await bot.add_cog(CallRoomCog(bot))
