"""When the secretariat hears that the server is filling up: once at each of three marks.

Discord lets one server hold 500 channels, categories included. The secretariat is told when
the count reaches 450, 475 and 490, once per crossing: a mark already told is not told again
until the count has fallen below it.
"""

from __future__ import annotations

from bot.domain.reviews import GUILD_CHANNEL_MAX

THRESHOLDS: tuple[int, ...] = (450, 475, 490)


def level_of(count: int) -> int:
    """The highest mark the count has reached (0 below the first)."""
    return max((mark for mark in THRESHOLDS if count >= mark), default=0)


def to_tell(told: int, count: int) -> tuple[int | None, int]:
    """The mark to announce now (None when nothing new) and the level to remember.

    ``told`` is the level last remembered; when the count has fallen below it, the lower level
    is remembered, so the mark is told again on the next crossing."""
    level = level_of(count)
    return (level if level > told else None), level


def capacity_notice(count: int, mark: int, archivable: int) -> str:
    room = max(GUILD_CHANNEL_MAX - count, 0)
    if archivable == 0:
        closed = "No closed review holds a channel that could be archived yet."
    elif archivable == 1:
        closed = ("1 closed review holds a channel that could be archived (its transcript was "
                  "delivered here).")
    else:
        closed = (f"{archivable} closed reviews hold channels that could be archived (their "
                  "transcripts were delivered here).")
    return (f"The server has crossed {mark} channels: it holds {count} of Discord's "
            f"{GUILD_CHANNEL_MAX} (categories included), room for {room} more. {closed}")
