"""When the secretariat hears that the server is filling up: once at each of three marks.

Discord lets one server hold 500 channels, categories included. The secretariat is told when
the count reaches 450, 475 and 490, once per crossing: a mark already told is not told again
until the count has fallen below it.
"""

from __future__ import annotations

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
