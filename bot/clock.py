"""Where the bot's sense of "now" comes from.

Every service asks a clock for the time instead of calling ``datetime.now`` itself, so that
tests and the offline demo can move time on purpose.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """Another clock's time, moved so that it reads ``anchor`` when that clock read ``start``.

    The offline demonstration uses it: the simulated Discord starts its own clock at a fixed
    instant, while the recorded beacon rounds lie in August and September 2023, so the demo's
    story is told on a clock set shortly before them.
    """

    def __init__(self, base: Clock, start: datetime, anchor: datetime) -> None:
        self.base = base
        self.shift = anchor - start

    def now(self) -> datetime:
        return self.base.now() + self.shift
