"""The Discord side of the guild port: compare with the cache, request only differences.

Everything the reconciler asks is first checked against discord.py's cache of the server,
which the gateway keeps current (channels, categories, overwrites, threads). A request is
sent only when the cache differs from what is wanted, and then one request per channel: a
channel's name, topic, category and overwrites are changed together.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

import discord

from bot.discord.home import Home
from bot.discord.journal import send_once
from bot.discord.render import render_kwargs
from bot.discord.retry import message_gone
from bot.discord.transcripts import TranscriptReader
from bot.ports import OutMessage
from bot.ports.guild import (
    CategorySpec,
    ChannelSpec,
    Overwrite,
    Target,
    Transcript,
    TranscriptMessage,
)

log = logging.getLogger(__name__)

Key = tuple[int, int, int, int]  # (target id, 0 role / 1 member, allow, deny)
Targets = dict[discord.Role | discord.Member | discord.Object, discord.PermissionOverwrite]
REASON = "deskreview: review channels follow the review records"


def _bits(names: Collection[str]) -> int:
    return discord.Permissions(**dict.fromkeys(names, True)).value


class DiscordGuildPort:
    def __init__(self, home: Home) -> None:
        self.home = home
        self.reader = TranscriptReader(home)

    # ------------------------------------------------------------------------ reading

    def ready(self) -> bool:
        return self.home.guild() is not None and self.home.client.user is not None

    def channel_count(self) -> int:
        return len(self.home.require_guild().channels)

    def exists(self, channel_id: int) -> bool:
        return self.home.require_guild().get_channel(channel_id) is not None

    def parent_of(self, channel_id: int) -> int | None:
        return self.home.parent_of(channel_id)

    def category_size(self, category_id: int) -> int | None:
        category = self.home.require_guild().get_channel(category_id)
        if not isinstance(category, discord.CategoryChannel):
            return None
        return len(category.channels)

    def find_channel(self, name: str, category_ids: Collection[int],
                     exclude: Collection[int]) -> int | None:
        for channel in self.home.require_guild().text_channels:
            if (channel.name == name and channel.category_id in category_ids
                    and channel.id not in exclude):
                return channel.id
        return None

    # ------------------------------------------------------------------- overwrites

    def _secretariat(self, guild: discord.Guild) -> discord.Role | None:
        role_id = self.home.role_id("secretariat")
        return guild.get_role(role_id) if role_id is not None else None

    def _targets(self, guild: discord.Guild, wanted: tuple[Overwrite, ...]) -> Targets:
        out: Targets = {}
        for ow in wanted:
            target: discord.Role | discord.Object | None
            if ow.target is Target.EVERYONE:
                target = guild.default_role
            elif ow.target is Target.SECRETARIAT:
                target = self._secretariat(guild)
                if target is None:
                    log.warning("the secretariat role %r was not found",
                                self.home.settings.secretariat_role)
            elif ow.target is Target.BOT:
                assert self.home.client.user is not None
                target = discord.Object(self.home.client.user.id, type=discord.Member)
            else:
                assert ow.user_id is not None
                target = discord.Object(ow.user_id, type=discord.Member)
            if target is not None:
                out[target] = discord.PermissionOverwrite.from_pair(
                    discord.Permissions(_bits(ow.allow)), discord.Permissions(_bits(ow.deny))
                )
        return out

    @staticmethod
    def _keys(overwrites: Targets) -> set[Key]:
        keys = set()
        for target, ow in overwrites.items():
            is_role = isinstance(target, discord.Role) or (
                isinstance(target, discord.Object) and target.type is discord.Role)
            allow, deny = ow.pair()
            keys.add((target.id, 0 if is_role else 1, allow.value, deny.value))
        return keys

    # ---------------------------------------------------------------------- writing

    async def ensure_category(self, category_id: int | None, spec: CategorySpec) -> int:
        guild = self.home.require_guild()
        wanted = self._targets(guild, spec.overwrites)
        current = guild.get_channel(category_id) if category_id is not None else None
        if not isinstance(current, discord.CategoryChannel):
            created = await guild.create_category(spec.name, overwrites=wanted, reason=REASON)
            return created.id
        changes: dict[str, object] = {}
        if current.name != spec.name:
            changes["name"] = spec.name
        if self._keys(current.overwrites) != self._keys(wanted):
            changes["overwrites"] = wanted
        if changes:
            await current.edit(reason=REASON, **changes)  # type: ignore[call-overload]
        return current.id

    async def ensure_channel(self, channel_id: int | None, spec: ChannelSpec,
                             category_id: int) -> int:
        guild = self.home.require_guild()
        wanted = self._targets(guild, spec.overwrites)
        current = guild.get_channel(channel_id) if channel_id is not None else None
        category = guild.get_channel(category_id)
        parent = category if isinstance(category, discord.CategoryChannel) else None
        if not isinstance(current, discord.TextChannel):
            created = await guild.create_text_channel(
                spec.name, category=parent, topic=spec.topic, overwrites=wanted, reason=REASON
            )
            return created.id
        changes: dict[str, object] = {}
        if current.name != spec.name:
            changes["name"] = spec.name
        if (current.topic or "") != spec.topic:
            changes["topic"] = spec.topic
        if current.category_id != category_id and parent is not None:
            changes["category"] = parent
        if self._keys(current.overwrites) != self._keys(wanted):
            changes["overwrites"] = wanted
        if changes:
            await current.edit(reason=REASON, **changes)  # type: ignore[call-overload]
        return current.id

    async def post_card(self, channel_id: int, message: OutMessage) -> int:
        """Post the card; the caller records it, then pins it (``pin_card``)."""
        channel = self.home.partial(channel_id)
        return await send_once(self.home.journal, channel, channel_id, render_kwargs(message),
                               "card")

    async def pin_card(self, channel_id: int, message_id: int) -> bool:
        """Pin the card (a pinned one stays pinned); False when it no longer exists."""
        try:
            await self.home.partial(channel_id).get_partial_message(message_id).pin(
                reason="deskreview: the review's status card")
        except discord.NotFound as exc:
            if not message_gone(exc):
                raise
            return False
        return True

    async def edit_card(self, channel_id: int, message_id: int, message: OutMessage) -> bool:
        channel = self.home.partial(channel_id)
        kwargs = render_kwargs(message)
        kwargs.pop("files", None)
        try:
            await channel.get_partial_message(message_id).edit(**kwargs)  # type: ignore[arg-type]
        except discord.NotFound as exc:
            if not message_gone(exc):
                raise
            return False
        return True

    # --------------------------------------------------------------------- transcript

    async def _history(self, channel: discord.abc.Messageable) -> tuple[TranscriptMessage, ...]:
        return await self.reader.history(channel)

    async def transcript(self, channel_id: int) -> Transcript:
        return await self.reader.transcript(channel_id)

    async def delete_channel(self, channel_id: int) -> bool:
        return await self.reader.delete_channel(
            channel_id, "deskreview: the review's archive is kept; its retention period is over")
