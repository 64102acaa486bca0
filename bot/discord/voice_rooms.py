"""The Discord side of the call rooms: private voice channels, who is in them, notes threads.

A room's overwrites are drawn like a review channel's (``DiscordGuildPort``): @everyone denied,
the bot and the secretariat allowed explicitly, each registered person by id; the room never
relies on its category's permissions. Who is in a room is read from discord.py's cache of voice
states, which the ``voice_states`` intent keeps current.
"""

from __future__ import annotations

import discord

from bot.discord.guild_sync import DiscordGuildPort
from bot.discord.home import Home
from bot.discord.threads import DiscordThreadPort
from bot.domain.call_rooms import fits_category
from bot.ports.guild import TranscriptMessage
from bot.ports.rooms import RoomSpec

REASON = "deskreview: the private room of a review's call"


class DiscordRoomPort:
    def __init__(self, home: Home) -> None:
        self.home = home
        self.guilds = DiscordGuildPort(home)
        self.threads = DiscordThreadPort(home)

    def ready(self) -> bool:
        return self.guilds.ready()

    def channel_count(self) -> int:
        return self.guilds.channel_count()

    def exists(self, channel_id: int) -> bool:
        return self.guilds.exists(channel_id)

    def _voice(self, channel_id: int) -> discord.VoiceChannel | None:
        channel = self.home.require_guild().get_channel(channel_id)
        return channel if isinstance(channel, discord.VoiceChannel) else None

    def occupants(self, channel_id: int) -> tuple[int, ...]:
        channel = self._voice(channel_id)
        if channel is None:
            return ()
        me = self.home.me()
        return tuple(sorted(uid for uid in channel.voice_states if uid != me))

    def is_secretariat(self, user_id: int) -> bool:
        member = self.home.require_guild().get_member(user_id)
        secretariat = self.home.role_id("secretariat")
        if member is None or secretariat is None:
            return False
        return any(role.id == secretariat for role in member.roles)

    def find_room(self, name: str, exclude: tuple[int, ...]) -> int | None:
        for channel in self.home.require_guild().voice_channels:
            if channel.name == name and channel.id not in exclude:
                return channel.id
        return None

    async def ensure_room(self, channel_id: int | None, spec: RoomSpec) -> int:
        guild = self.home.require_guild()
        wanted = self.guilds._targets(guild, spec.overwrites)
        current = self._voice(channel_id) if channel_id is not None else None
        if current is None:
            beside = guild.get_channel(spec.beside)
            category = beside.category if isinstance(beside, discord.TextChannel) else None
            if category is not None and not fits_category(len(category.channels)):
                category = None  # a full category: the room goes outside any category
            created = await guild.create_voice_channel(
                spec.name, category=category, overwrites=wanted, reason=REASON)
            return created.id
        changes: dict[str, object] = {}
        if current.name != spec.name:
            changes["name"] = spec.name
        if self.guilds._keys(current.overwrites) != self.guilds._keys(wanted):
            changes["overwrites"] = wanted
        if changes:
            await current.edit(reason=REASON, **changes)  # type: ignore[call-overload]
        return current.id

    async def delete_room(self, channel_id: int) -> None:
        channel = self._voice(channel_id)
        if channel is None:
            return
        try:
            await channel.delete(reason=REASON)
        except discord.NotFound:
            return

    async def ensure_thread(self, thread_id: int | None, channel_id: int, name: str
                            ) -> tuple[int, bool]:
        return await self.threads.ensure_thread(thread_id, channel_id, name)

    async def thread_messages(self, thread_id: int) -> tuple[TranscriptMessage, ...]:
        thread = await self.threads._thread(thread_id)
        if thread is None:
            return ()
        return await self.guilds._history(thread)
