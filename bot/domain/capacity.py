"""When the secretariat hears that the server is filling up: once at each of three marks.

Discord lets one server hold 500 channels, categories included. The secretariat is told when
the count reaches 450, 475 and 490, once per crossing: a mark already told is not told again
until the count has fallen clearly below it (by ``REARM`` channels), so that a call's room
opening and closing around a mark does not tell it at every call.
"""

from __future__ import annotations

THRESHOLDS: tuple[int, ...] = (450, 475, 490)
REARM = 10


def level_of(count: int) -> int:
    """The highest mark the count has reached (0 below the first)."""
    return max((mark for mark in THRESHOLDS if count >= mark), default=0)


def to_tell(told: int, count: int) -> tuple[int | None, int]:
    """The mark to announce now (None when nothing new) and the level to remember.

    ``told`` is the level last remembered; once the count has fallen ``REARM`` below a mark
    told, that mark is forgotten, so it is told again on the next crossing."""
    level = level_of(count)
    if level > told:
        return level, level
    kept = [mark for mark in THRESHOLDS if mark <= told and count > mark - REARM]
    return None, max([level, *kept])
