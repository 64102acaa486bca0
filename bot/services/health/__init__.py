"""The heartbeat and `deskreview health`.

While the bot serves, a job (a row like every timer) writes the time into the database every
minute and schedules the next beat. `deskreview health` reads it: healthy when the last beat is
recent and no timer is late, which is what a container's health check or a monitor asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.timefmt import iso_utc, parse_iso_utc
from bot.services.timers import Timekeeper
from storage import housekeeping, kv
from storage.db import Store
from storage.jobs import Job

HEARTBEAT_KIND = "heartbeat"
HEARTBEAT_KEY = "heartbeat"
BEAT_EVERY = timedelta(minutes=1)
STALE_AFTER = timedelta(minutes=3)  # three missed beats
LATE_AFTER = timedelta(minutes=5)  # a timer this far past its time is late
STOPPED = "stopped "  # the heartbeat's value after a clean stop: "stopped 2026-…Z"


@dataclass(frozen=True)
class Health:
    ok: bool
    message: str


class Heartbeat:
    def __init__(self, store: Store, clock: Clock, timers: Timekeeper) -> None:
        self.store = store
        self.clock = clock
        self.timers = timers
        timers.register(HEARTBEAT_KIND, self._beat, label="the heartbeat")

    async def start(self) -> None:
        """Make sure one beat is pending (it runs as soon as the timers start)."""
        async with self.store.transaction() as tx:
            if not await housekeeping.has_pending(tx, HEARTBEAT_KIND):
                now = self.clock.now()
                await self.timers.schedule(tx, HEARTBEAT_KIND, now, key=_key(now))

    async def stop(self) -> None:
        async with self.store.transaction() as tx:
            await kv.set_value(tx, HEARTBEAT_KEY, STOPPED + iso_utc(self.clock.now()))

    async def _beat(self, job: Job, late: bool) -> None:
        now = self.clock.now()
        async with self.store.transaction() as tx:
            await kv.set_value(tx, HEARTBEAT_KEY, iso_utc(now))
            await housekeeping.purge_done(tx, HEARTBEAT_KIND)
            await self.timers.schedule(tx, HEARTBEAT_KIND, now + BEAT_EVERY,
                                       key=_key(now + BEAT_EVERY))


def _key(at: datetime) -> str:
    return f"heartbeat:{iso_utc(at)}"


async def check_health(store: Store, now: datetime) -> Health:
    async with store.read() as tx:
        beat = await kv.get_value(tx, HEARTBEAT_KEY)
        late = await housekeeping.late_jobs(tx, now - LATE_AFTER)
    if beat is None:
        return Health(False, "unhealthy: the bot has never written a heartbeat into this "
                             "database (is `deskreview run` running on it?)")
    if beat.startswith(STOPPED):
        return Health(False, f"unhealthy: the bot was stopped at {beat.removeprefix(STOPPED)}")
    age = now - parse_iso_utc(beat)
    if age > STALE_AFTER:
        return Health(False, f"unhealthy: the last heartbeat is {_minutes(age)} old "
                             f"({beat}); the bot is stopped or stuck")
    if late:
        first_id, kind, run_at = late[0]
        return Health(False, f"unhealthy: {len(late)} timer(s) are late, the first "
                             f"({kind}, task {first_id}) was due at {run_at}")
    return Health(True, f"healthy: last heartbeat {beat}, no timer late")


def _minutes(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
