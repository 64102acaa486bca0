"""The Discord side of the ``Board`` port: messages with buttons, posted and edited in place.

The buttons are only drawn here. Their clicks are handled by ``discord.ui.DynamicItem``
classes that the cogs register by ``custom_id`` template, so they work for messages posted
before a restart. The view drawing them is stopped before it is sent, which keeps discord.py
from also holding it in memory as a second, empty handler.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord

from bot.ports import Button, OutMessage
from cogs.support.messenger import ChannelMissing, render_card

if TYPE_CHECKING:
    from bot.app import DeskReviewBot

STYLES: dict[str, discord.ButtonStyle] = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}
PER_ROW = 5


def button_view(buttons: tuple[Button, ...]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for index, spec in enumerate(buttons[:25]):
        view.add_item(discord.ui.Button(
            label=spec.label[:80], custom_id=spec.custom_id[:100], row=index // PER_ROW,
            style=STYLES.get(spec.style, discord.ButtonStyle.secondary),
        ))
    view.stop()
    return view


def _mentions(message: OutMessage) -> discord.AllowedMentions:
    return discord.AllowedMentions(
        everyone=False, roles=False, users=[discord.Object(uid) for uid in message.mention_users]
    )


def _files(message: OutMessage) -> list[discord.File]:
    return [discord.File(io.BytesIO(f.data), filename=f.name) for f in message.files]


class DiscordBoard:
    def __init__(self, bot: DeskReviewBot) -> None:
        self.bot = bot

    def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelMissing(f"channel {channel_id} is not available")
        return channel

    async def post_with_buttons(
        self, channel_id: int, message: OutMessage, buttons: tuple[Button, ...]
    ) -> int:
        channel = self._channel(channel_id)
        sent = await channel.send(
            content=message.text or None, embeds=[render_card(c) for c in message.cards[:10]],
            files=_files(message), allowed_mentions=_mentions(message),
            view=button_view(buttons) if buttons else discord.utils.MISSING,
        )
        return sent.id

    async def edit(
        self, channel_id: int, message_id: int, message: OutMessage, buttons: tuple[Button, ...]
    ) -> bool:
        channel = self._channel(channel_id)
        if not hasattr(channel, "get_partial_message"):
            raise ChannelMissing(f"channel {channel_id} cannot hold messages")
        target = channel.get_partial_message(message_id)
        extra: dict[str, object] = {"attachments": _files(message)} if message.files else {}
        try:
            await target.edit(
                content=message.text or None,
                embeds=[render_card(c) for c in message.cards[:10]],
                view=button_view(buttons) if buttons else None,
                allowed_mentions=_mentions(message), **extra,  # type: ignore[arg-type]
            )
        except discord.NotFound:
            return False
        return True
