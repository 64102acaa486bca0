"""A call held inside Discord: when its room opens and closes, its name, and its place in the
server's channel budget. Pure rules; all times UTC."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.call_times import require_aware
from bot.domain.reviews import (
    CATEGORY_CHANNEL_MAX,
    CHANNEL_NAME_MAX,
    GUILD_CHANNEL_MAX,
    CapacityError,
)

#: Channel permissions, by discord.py's names. A room is a voice channel: "stream" is Discord's
#: permission for both camera video and screen sharing.
ROOM_LISTEN = frozenset({"view_channel", "connect", "read_message_history"})
ROOM_SPEAK = frozenset({"speak", "stream", "use_voice_activation", "send_messages",
                        "embed_links", "attach_files"})
ROOM_BOT = ROOM_LISTEN | frozenset({"manage_channels", "send_messages"})


class RoomTiming(BaseModel):
    """How long before the start a room opens, and how long after the end it may close."""

    model_config = ConfigDict(frozen=True)

    open_before: timedelta = Field(default=timedelta(minutes=15))
    close_after: timedelta = Field(default=timedelta(minutes=15))
    recheck: timedelta = Field(default=timedelta(minutes=5))
    """How often a room that still has people in it after its closing time is looked at."""

    def opens_at(self, start_utc: datetime) -> datetime:
        require_aware(start_utc, "start_utc")
        return start_utc - self.open_before

    def closes_at(self, end_utc: datetime) -> datetime:
        require_aware(end_utc, "end_utc")
        return end_utc + self.close_after


def room_name(call_id: int, review_channel: str) -> str:
    """'Call 3 · ken-criminalization', at most 100 characters."""
    return f"Call {call_id} · {review_channel}"[:CHANNEL_NAME_MAX].rstrip()


def notes_thread_name(call_id: int, title: str) -> str:
    """'Call 3 · notes' (Discord allows 100 characters; the title is not needed in it)."""
    return f"Call {call_id} · notes"


def fits_category(category_size: int) -> bool:
    """Whether a room may go into the review channel's category (it has room for one more);
    otherwise it is made outside any category, which changes nothing of who may see it."""
    return category_size < CATEGORY_CHANNEL_MAX


def room_budget(guild_channels: int) -> None:
    """Check that one more channel fits the server's 500 (the secretariat hears of the count
    at 450, 475 and 490 from the capacity watch, once per crossing).

    Raises CapacityError when the server is full. A room is counted like a review channel,
    and the review channels count the rooms that exist (they are channels of the server)."""
    after = guild_channels + 1
    if after > GUILD_CHANNEL_MAX:
        raise CapacityError(
            f"The call's room cannot be opened: the server already holds {guild_channels} "
            f"channels, Discord's limit is {GUILD_CHANNEL_MAX}. Archive the channels of closed "
            "reviews first."
        )
