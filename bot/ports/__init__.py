"""What services may ask of Discord, without knowing Discord.

Services describe a message as plain data; the Discord adapter (``bot/discord/``)
renders it. A scheduled job, a slash command and the CLI can therefore share one service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.i18n import Language, Text

Textual = str | Text
"""A plain string, or a message rendered in each reader's language on the Discord side."""


@dataclass(frozen=True)
class Card:
    """A block of structured text, shown as an embed."""

    title: Textual
    description: Textual = ""
    fields: tuple[tuple[Textual, Textual], ...] = ()
    footer: Textual = ""


@dataclass(frozen=True)
class OutFile:
    name: str
    data: bytes


@dataclass(frozen=True)
class OutMessage:
    text: Textual
    cards: tuple[Card, ...] = ()
    files: tuple[OutFile, ...] = ()
    mention_users: tuple[int, ...] = field(default_factory=tuple)
    languages: tuple[Language, ...] | None = None
    """The languages to write it in (a review's); None: the channel's or the reader's."""


class Messenger(Protocol):
    async def post(self, channel_id: int, message: OutMessage) -> int:
        """Post in a channel or thread; return the message id."""

    async def post_to_secretariat(self, message: OutMessage) -> int:
        """Post in the secretariat's channel; return the message id."""

    async def direct(self, user_id: int, message: OutMessage) -> bool:
        """Send a direct message; False when the person does not accept them."""


@dataclass(frozen=True)
class Button:
    """A button under a message. Its ``custom_id`` is matched by a persistent handler on the
    Discord side (registered by a cog), so a button keeps working after a restart."""

    custom_id: str
    label: Textual
    style: str = "secondary"  # "primary", "secondary", "success" or "danger"


class Board(Protocol):
    """Messages with buttons that the bot keeps up to date in place (announcements, polls)."""

    async def post_with_buttons(
        self, channel_id: int, message: OutMessage, buttons: tuple[Button, ...]
    ) -> int:
        """Post in a channel; return the message id."""

    async def edit(
        self, channel_id: int, message_id: int, message: OutMessage, buttons: tuple[Button, ...]
    ) -> bool:
        """Replace the text, cards and buttons of a message; its files are replaced only when
        ``message.files`` is not empty. False when the message no longer exists."""
