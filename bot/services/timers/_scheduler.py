"""APScheduler, told the time by our clock.

APScheduler decides which of its jobs are due with ``datetime.now``. The bot's notion of time
is a clock object (the wall clock in production, a controlled clock in tests and in the demo),
so this scheduler asks that clock while it looks for due jobs. With the wall clock it behaves
exactly like the stock ``AsyncIOScheduler``.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

import apscheduler.schedulers.base as _aps_base
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock


class _ClockDatetime:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self, tz: tzinfo | None = None) -> datetime:
        current = self._clock.now()
        return current.astimezone(tz) if tz is not None else current

    def __getattr__(self, name: str) -> Any:
        return getattr(datetime, name)


class ClockedScheduler(AsyncIOScheduler):
    def __init__(self, clock: Clock, **options: Any) -> None:
        super().__init__(**options)
        self._clock_view = _ClockDatetime(clock)

    def _process_jobs(self) -> float | None:
        original = _aps_base.datetime
        _aps_base.datetime = self._clock_view  # type: ignore[assignment]
        try:
            return super()._process_jobs()
        finally:
            _aps_base.datetime = original
