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
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)
