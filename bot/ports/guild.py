"""What the reconciler may ask of the Discord server, without knowing Discord.

The reconciler describes categories and channels as plain data (names, topics and permission
overwrites named by permission); the Discord adapter (``bot/discord/guild_sync.py``) compares
them with its cache of the server and sends a request only for what differs.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from bot.ports import OutMessage


class Target(StrEnum):
    EVERYONE = "everyone"  # the @everyone role
    BOT = "bot"  # the bot's own member
    SECRETARIAT = "secretariat"  # the secretariat role named in the settings
    MEMBER = "member"  # a registered person, by user id


@dataclass(frozen=True)
class Overwrite:
    """One permission overwrite; permissions are discord.py's names (``view_channel``...)."""

    target: Target
    allow: frozenset[str] = frozenset()
    deny: frozenset[str] = frozenset()
    user_id: int | None = None


@dataclass(frozen=True)
class ChannelSpec:
    name: str
    topic: str
    overwrites: tuple[Overwrite, ...]


@dataclass(frozen=True)
class CategorySpec:
    name: str
    overwrites: tuple[Overwrite, ...]


class TranscriptAttachment(BaseModel):
    model_config = ConfigDict(frozen=True)
    filename: str
    size: int
    url: str
    content_type: str | None = None
    data: bytes | None = None  # the bytes, kept by the bot (None: Discord could not give them)


class TranscriptEmbed(BaseModel):
    """A card as Discord shows it: title, text, fields (name, value) and footer."""

    model_config = ConfigDict(frozen=True)
    title: str = ""
    description: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    footer: str = ""

    def flat(self) -> str:
        return " — ".join(x for x in (self.title, self.description) if x)


class TranscriptReaction(BaseModel):
    model_config = ConfigDict(frozen=True)
    emoji: str
    user_ids: tuple[int, ...] = ()
    count: int = 0


class TranscriptPerson(BaseModel):
    """Someone who wrote or was named in the channel, as the server knew them."""

    model_config = ConfigDict(frozen=True)
    name: str
    secretariat: bool = False
    bot: bool = False


class TranscriptMessage(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    author_id: int
    author: str
    at: datetime
    content: str
    embeds: tuple[TranscriptEmbed, ...] = ()
    attachments: tuple[TranscriptAttachment, ...] = ()
    reactions: tuple[TranscriptReaction, ...] = ()
    edited_at: datetime | None = None


class TranscriptThread(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    name: str
    messages: tuple[TranscriptMessage, ...]


class Transcript(BaseModel):
    model_config = ConfigDict(frozen=True)
    channel_id: int
    channel_name: str
    messages: tuple[TranscriptMessage, ...]
    threads: tuple[TranscriptThread, ...]
    people: dict[int, TranscriptPerson] = {}  # authors, mentioned users and reacting people
    roles: dict[int, str] = {}  # role mentions: id → name
    channels: dict[int, str] = {}  # channel mentions: id → name


class GuildPort(Protocol):
    def ready(self) -> bool:
        """True once the home server is known (its channels are in the cache)."""

    def channel_count(self) -> int:
        """Channels of the server that count toward Discord's 500 (categories included)."""

    def exists(self, channel_id: int) -> bool:
        """True while the channel (or thread) exists in the server."""

    def parent_of(self, channel_id: int) -> int | None:
        """The category of a channel, or the channel of a thread; None when it has none."""

    def category_size(self, category_id: int) -> int | None:
        """How many channels a category holds; None when it no longer exists."""

    def find_channel(self, name: str, category_ids: Collection[int],
                     exclude: Collection[int]) -> int | None:
        """A channel with this name in one of these categories (to finish an interrupted run)."""

    async def ensure_category(self, category_id: int | None, spec: CategorySpec) -> int:
        """Make the category match `spec` (create it when missing); return its id."""

    async def ensure_channel(self, channel_id: int | None, spec: ChannelSpec,
                             category_id: int) -> int:
        """Make the text channel match `spec` in that category (create it when missing)."""

    async def post_card(self, channel_id: int, message: OutMessage) -> int:
        """Post the card (not pinned yet); return its id."""

    async def pin_card(self, channel_id: int, message_id: int) -> bool:
        """Pin the card (a pinned one stays pinned); False when it no longer exists."""

    async def edit_card(self, channel_id: int, message_id: int, message: OutMessage) -> bool:
        """Edit a message in place; False when it no longer exists."""

    async def transcript(self, channel_id: int) -> Transcript:
        """Every message of the channel and of its threads, oldest first, with the bytes of
        every attachment, every card and every reaction."""

    async def delete_channel(self, channel_id: int) -> bool:
        """Delete a channel of the server; False when it was already gone."""
