"""The Discord side of the ``Messenger`` port: render plain messages, send them."""

from __future__ import annotations

import discord

from bot.discord.home import ChannelMissing, Home
from bot.discord.journal import send_once
from bot.discord.render import render_kwargs
from bot.ports import OutMessage


class DiscordMessenger:
    def __init__(self, home: Home) -> None:
        self.home = home

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        client = self.home.client
        channel = client.get_channel(channel_id)
        if channel is None:
            try:
                channel = await client.fetch_channel(channel_id)
            except discord.NotFound as exc:
                raise ChannelMissing(f"channel {channel_id} no longer exists") from exc
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelMissing(f"channel {channel_id} cannot hold messages")
        return channel

    async def post(self, channel_id: int, message: OutMessage) -> int:
        channel = await self._channel(channel_id)
        languages = message.languages or await self.home.languages_of(channel_id)
        return await send_once(self.home.journal, channel, channel_id,
                               render_kwargs(message, languages))

    async def post_to_secretariat(self, message: OutMessage) -> int:
        setting = self.home.settings.secretariat_channel
        channel = self.home.named_channel(setting)
        if channel is None:
            raise ChannelMissing(f"the secretariat channel '{setting}' was not found")
        return await self.post(channel.id, message)

    async def direct(self, user_id: int, message: OutMessage) -> bool:
        client = self.home.client
        try:
            user = client.get_user(user_id) or await client.fetch_user(user_id)
            await user.send(**render_kwargs(message, (await self.home.language_of(user_id),)))
        except (discord.Forbidden, discord.NotFound):
            return False
        return True
