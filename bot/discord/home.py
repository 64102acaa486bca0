"""The home server: the client and the settings, which every part of the adapter is built on.

Nothing here knows the bot class; the composition root hands the client over once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import discord

from bot.i18n import Language, parse_languages
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.discord.journal import EffectJournal

RoleLookup = Callable[[str], int | None]


class ChannelMissing(LookupError):
    """A channel the bot was asked to use does not exist (or cannot hold messages)."""


class Readers(Protocol):
    """Who reads a channel, and in which language a person reads direct messages."""

    async def of_channel(self, channel_id: int) -> tuple[Language, ...] | None:
        """A review's working languages for its channel or threads; None for other channels."""

    async def of_person(self, user_id: int) -> Language:
        """The language of a person's direct messages."""


class Home:
    def __init__(self, client: discord.Client, settings: Settings, role_id: RoleLookup) -> None:
        self.client = client
        self.settings = settings
        self._role_id = role_id
        self.journal: EffectJournal | None = None  # set once the store is open
        self.readers: Readers | None = None

    async def languages_of(self, channel_id: int) -> tuple[Language, ...]:
        """The languages of a channel: the secretariat's and the draw channel's from settings,
        a review's channel and threads the review's working languages, English elsewhere."""
        settings = self.settings
        for name, languages in ((settings.secretariat_channel, settings.secretariat_languages),
                                (settings.draw_channel, settings.draw_languages)):
            if self.named_channel_id(name) == channel_id:
                return parse_languages(languages)
        found = await self.readers.of_channel(channel_id) if self.readers else None
        return found or (Language.EN,)

    async def language_of(self, user_id: int) -> Language:
        return await self.readers.of_person(user_id) if self.readers else Language.EN

    def role_id(self, kind: str) -> int | None:
        """The resolved id of the ``chair`` or ``secretariat`` role (None while unresolved)."""
        return self._role_id(kind)

    def me(self) -> int | None:
        """The bot's own user id, once logged in."""
        return self.client.user.id if self.client.user is not None else None

    def guild(self) -> discord.Guild | None:
        """The server the bot serves: the configured one, else the only one it is in."""
        if self.settings.guild_id is not None:
            return self.client.get_guild(self.settings.guild_id)
        return self.client.guilds[0] if self.client.guilds else None

    def require_guild(self) -> discord.Guild:
        guild = self.guild()
        if guild is None:
            raise LookupError("the bot is not in its server yet")
        return guild

    def named_channel(self, setting: str) -> discord.abc.GuildChannel | None:
        """A channel named by a setting: its id, or its name among the text channels."""
        guild = self.guild()
        if guild is None:
            return None
        if setting.isdigit():
            return guild.get_channel(int(setting))
        return discord.utils.get(guild.text_channels, name=setting)

    def named_channel_id(self, setting: str) -> int | None:
        channel = self.named_channel(setting)
        return channel.id if channel is not None else None

    def partial(self, channel_id: int, *, thread: bool = False) -> discord.PartialMessageable:
        """A channel (or thread) to send to or edit in, without fetching it."""
        kind = discord.ChannelType.public_thread if thread else None
        return self.client.get_partial_messageable(
            channel_id, guild_id=self.require_guild().id, type=kind
        )
