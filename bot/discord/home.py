"""The home server: the client and the settings, which every part of the adapter is built on.

Nothing here knows the bot class; the composition root builds the Home once, with the client,
the role settings, the effect journal and who reads which channel.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import discord

from bot.discord.journal import EffectJournal
from bot.i18n import Language, parse_languages
from bot.settings import Settings


class ChannelMissing(LookupError):
    """A channel the bot was asked to use does not exist (or cannot hold messages)."""


class Readers(Protocol):
    """Who reads a channel, and in which language a person reads direct messages."""

    async def of_channel(self, channel_id: int) -> tuple[Language, ...] | None:
        """A review's working languages for its channel or threads; None for other channels."""

    async def of_person(self, user_id: int) -> Language:
        """The language of a person's direct messages."""


class Roles(Protocol):
    """The chair and secretariat settings, each resolved to one role of the server."""

    @property
    def roles_resolved(self) -> bool: ...

    def role_id(self, kind: str) -> int | None: ...

    def resolve_roles(self, roles: Iterable[tuple[int, str]], *, strict: bool = True) -> None: ...


def home_guild(client: discord.Client, settings: Settings) -> discord.Guild | None:
    """The server the bot serves: the configured one, else the only one it is in."""
    if settings.guild_id is not None:
        return client.get_guild(settings.guild_id)
    return client.guilds[0] if client.guilds else None


def parent_channel(client: discord.Client, settings: Settings, channel_id: int) -> int | None:
    """The channel a thread is in, or the category a channel is in (None when unknown)."""
    guild = home_guild(client, settings)
    if guild is None:
        return None
    thread = guild.get_thread(channel_id)
    if thread is not None:
        return thread.parent_id
    channel = guild.get_channel(channel_id)
    return channel.category_id if channel is not None else None


class Home:
    def __init__(self, client: discord.Client, settings: Settings, roles: Roles,
                 journal: EffectJournal, readers: Readers) -> None:
        self.client = client
        self.settings = settings
        self.roles = roles
        self.journal = journal
        self.readers = readers

    async def languages_of(self, channel_id: int) -> tuple[Language, ...]:
        """The languages of a channel: the secretariat's and the draw channel's from settings,
        a review's channel and threads the review's working languages, English elsewhere."""
        settings = self.settings
        for name, languages in ((settings.secretariat_channel, settings.secretariat_languages),
                                (settings.draw_channel, settings.draw_languages)):
            if self.named_channel_id(name) == channel_id:
                return parse_languages(languages)
        found = await self.readers.of_channel(channel_id)
        return found or (Language.EN,)

    async def language_of(self, user_id: int) -> Language:
        return await self.readers.of_person(user_id)

    def resolve_roles(self, *, strict: bool = False) -> None:
        """Fix the chair and secretariat settings to one role id each (see role_setting)."""
        guild = self.guild()
        if guild is not None:
            self.roles.resolve_roles([(r.id, r.name) for r in guild.roles], strict=strict)

    def role_id(self, kind: str) -> int | None:
        """The resolved id of the ``chair`` or ``secretariat`` role, resolving it first if need
        be (None while it cannot be resolved)."""
        if not self.roles.roles_resolved:
            self.resolve_roles()
        return self.roles.role_id(kind)

    def me(self) -> int | None:
        """The bot's own user id, once logged in."""
        return self.client.user.id if self.client.user is not None else None

    def guild(self) -> discord.Guild | None:
        """The server the bot serves: the configured one, else the only one it is in."""
        return home_guild(self.client, self.settings)

    def parent_of(self, channel_id: int) -> int | None:
        return parent_channel(self.client, self.settings, channel_id)

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
