"""The Discord side of the ``Messenger`` port: render plain messages, send them."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord

from bot.domain.inputs import (
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_TOTAL_LIMIT,
    MESSAGE_LIMIT,
    fit,
)
from bot.ports import Card, OutMessage

if TYPE_CHECKING:
    from bot.app import DeskReviewBot

FIELD_VALUE_LIMIT = EMBED_FIELD_VALUE_LIMIT


class ChannelMissing(LookupError):
    pass


def render_card(card: Card) -> discord.Embed:
    """An embed within Discord's limits: every part is shortened, never refused."""
    embed = discord.Embed(title=fit(card.title, 256) or None,
                          description=fit(card.description, EMBED_DESCRIPTION_LIMIT) or None)
    budget = EMBED_TOTAL_LIMIT - len(embed.title or "") - len(embed.description or "")
    budget -= len(fit(card.footer, 2048))
    for name, value in card.fields[:25]:
        name, value = fit(name, 256) or "—", fit(value, FIELD_VALUE_LIMIT) or "—"
        if len(name) + len(value) > budget:
            break
        budget -= len(name) + len(value)
        embed.add_field(name=name, value=value, inline=False)
    if card.footer:
        embed.set_footer(text=fit(card.footer, 2048))
    return embed


def render_kwargs(message: OutMessage) -> dict[str, object]:
    return {
        "content": fit(message.text, MESSAGE_LIMIT) or None,
        "embeds": [render_card(c) for c in message.cards[:10]],
        "files": [discord.File(io.BytesIO(f.data), filename=f.name) for f in message.files],
        "allowed_mentions": discord.AllowedMentions(
            everyone=False, roles=False,
            users=[discord.Object(uid) for uid in message.mention_users],
        ),
    }


class DiscordMessenger:
    def __init__(self, bot: DeskReviewBot) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.NotFound as exc:
                raise ChannelMissing(f"channel {channel_id} no longer exists") from exc
        if not isinstance(channel, discord.abc.Messageable):
            raise ChannelMissing(f"channel {channel_id} cannot hold messages")
        return channel

    async def post(self, channel_id: int, message: OutMessage) -> int:
        channel = await self._channel(channel_id)
        sent = await channel.send(**render_kwargs(message))  # type: ignore[call-overload]
        return sent.id

    async def post_to_secretariat(self, message: OutMessage) -> int:
        channel = self.bot.named_channel(self.bot.settings.secretariat_channel)
        if channel is None:
            raise ChannelMissing(
                f"the secretariat channel '{self.bot.settings.secretariat_channel}' was not found"
            )
        return await self.post(channel.id, message)

    async def direct(self, user_id: int, message: OutMessage) -> bool:
        try:
            user = self.bot.get_user(user_id) or await self.bot.fetch_user(user_id)
            await user.send(**render_kwargs(message))  # type: ignore[call-overload]
        except (discord.Forbidden, discord.NotFound):
            return False
        return True
