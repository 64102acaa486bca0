"""The Discord side of the ``Board`` port: messages with buttons, posted and edited in place.

The buttons are only drawn here. Their clicks are handled by ``discord.ui.DynamicItem``
classes that the cogs register by ``custom_id`` template, so they work for messages posted
before a restart; the drawn buttons are not dispatchable, which keeps discord.py from also
holding the view in memory as a second, empty handler.
"""

from __future__ import annotations

import discord

from bot.discord.home import ChannelMissing, Home
from bot.discord.journal import send_once
from bot.discord.render import (
    allowed_mentions,
    render_files,
    render_kwargs,
    render_view,
)
from bot.discord.retry import message_gone
from bot.ports import Button, OutMessage


class DiscordBoard:
    def __init__(self, home: Home) -> None:
        self.home = home

    def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.home.client.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelMissing(f"channel {channel_id} is not available")
        return channel

    async def post_with_buttons(
        self, channel_id: int, message: OutMessage, buttons: tuple[Button, ...]
    ) -> int:
        channel = self._channel(channel_id)
        languages = message.languages or await self.home.languages_of(channel_id)
        view = render_view(buttons, languages)
        kwargs = {**render_kwargs(message, languages),
                  "view": view if view is not None else discord.utils.MISSING}
        return await send_once(self.home.journal, channel, channel_id, kwargs)

    async def edit(
        self, channel_id: int, message_id: int, message: OutMessage, buttons: tuple[Button, ...]
    ) -> bool:
        channel = self._channel(channel_id)
        if not hasattr(channel, "get_partial_message"):
            raise ChannelMissing(f"channel {channel_id} cannot hold messages")
        target = channel.get_partial_message(message_id)
        extra: dict[str, object] = (
            {"attachments": render_files(message.files)} if message.files else {})
        languages = message.languages or await self.home.languages_of(channel_id)
        shown = render_kwargs(message, languages)
        try:
            await target.edit(
                content=shown["content"], embeds=shown["embeds"],
                view=render_view(buttons, languages), allowed_mentions=allowed_mentions(
                    message.mention_users), **extra,
            )
        except discord.NotFound as exc:
            if not message_gone(exc):
                raise
            return False
        return True
