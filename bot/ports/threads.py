"""What the clarification service may ask of Discord for a request's thread.

The service describes thread messages as plain data; the adapter (``bot/discord/threads.py``)
renders them, cutting long text at paragraph, line or word breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.ports import Button, Card, OutFile, Textual


@dataclass(frozen=True)
class ThreadMessage:
    """A message for a request's thread. Text longer than a Discord message is sent in
    several messages, in order; the card, buttons and files go with the last one."""

    text: Textual = ""
    card: Card | None = None
    buttons: tuple[Button, ...] = ()
    mention_users: tuple[int, ...] = ()
    files: tuple[OutFile, ...] = ()



class ThreadPort(Protocol):
    """What the service asks of Discord for a request's thread."""

    async def ensure_thread(self, thread_id: int | None, channel_id: int, name: str
                            ) -> tuple[int, bool]:
        """The thread (renamed to `name` if needed), or a new one under the channel when it
        is missing; returns (thread id, created)."""

    async def post(self, thread_id: int, message: ThreadMessage) -> int:
        """Post in the thread (long text in several messages, in order); return the id of the
        last one, which carries the card, the buttons and the files."""

    async def edit(self, thread_id: int, message_id: int, message: ThreadMessage) -> bool:
        """Edit a message in place; False when it no longer exists."""
