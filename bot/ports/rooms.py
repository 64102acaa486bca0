"""What the call rooms ask of Discord, without knowing Discord."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.ports.guild import Overwrite, TranscriptMessage


@dataclass(frozen=True)
class RoomSpec:
    """A call's private voice channel: its name and who may see, join and speak in it."""

    name: str
    overwrites: tuple[Overwrite, ...]
    beside: int
    """The review channel: the room goes into its category when that has room for one more."""


class RoomPort(Protocol):
    def ready(self) -> bool:
        """True once the home server is known."""

    def channel_count(self) -> int:
        """Channels of the server that count toward Discord's 500 (categories included)."""

    def exists(self, channel_id: int) -> bool:
        """True while the channel exists."""

    def occupants(self, channel_id: int) -> tuple[int, ...]:
        """Who is connected to the voice channel now (the bot itself left out)."""

    def is_secretariat(self, user_id: int) -> bool:
        """Whether the member holds the secretariat role (as far as the server says now)."""

    def find_room(self, name: str, exclude: tuple[int, ...]) -> int | None:
        """A voice channel of that name (to finish a creation interrupted by a crash)."""

    async def ensure_room(self, channel_id: int | None, spec: RoomSpec) -> int:
        """Make the voice channel match `spec` (create it when missing); return its id."""

    async def delete_room(self, channel_id: int) -> None:
        """Delete the voice channel; nothing happens when it is already gone."""

    async def ensure_thread(self, thread_id: int | None, channel_id: int, name: str
                            ) -> tuple[int, bool]:
        """The thread, or a new public one under the channel; returns (id, created)."""

    async def thread_messages(self, thread_id: int) -> tuple[TranscriptMessage, ...]:
        """Every message of the thread, oldest first."""
