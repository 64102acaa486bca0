"""The simulated Discord of the demonstration and the sandbox, on a clock of their own choosing.

SimCord starts its virtual clock at its own epoch (2026). The demonstration draws with recorded
beacon rounds of August and September 2023, so its whole world — the bot's clock *and* the
simulated Discord, whose message ids (snowflakes) carry the time they were sent — runs on a
clock started just before those rounds. The draw log then names messages whose times are
consistent with the rounds, as a real draw's would be: it verifies with status 3 for the
recorded beacon only (``draw-protocol.md`` section 8.5).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any


class AnchoredClock:
    """SimCord's virtual clock (``elapsed``, ``now``, ``advance``), started at ``anchor``."""

    def __init__(self, anchor: datetime) -> None:
        self.anchor = anchor
        self.elapsed = 0.0

    def now(self) -> datetime:
        return self.anchor + timedelta(seconds=self.elapsed)

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds


def start_at(env: Any, anchor: datetime) -> None:
    """Put a SimCord environment that has not started yet on a clock started at ``anchor``."""
    if env.backend.clock.elapsed:
        raise RuntimeError("the simulation's clock has already moved")
    env.backend.clock = AnchoredClock(anchor)


@asynccontextmanager
async def simulation(bot: Any, anchor: datetime) -> AsyncIterator[Any]:
    """Like ``simcord.run(bot)``, but with the simulated world's clock started at ``anchor``."""
    import simcord

    env = simcord.Env(bot)
    start_at(env, anchor)
    await env.start()
    with env.time_context():
        try:
            yield env
        finally:
            await env.shutdown()
    env.raise_errors()
