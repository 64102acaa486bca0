"""The timekeeper: every timer is a row in the jobs table.

APScheduler holds a single wake-up at the earliest pending job. When it fires, every due job
runs; a job is marked done only after its handler returned. A failed job is tried again with
growing back-off and, after a few tries, reported to the secretariat; it is never dropped. On
start the wake-up is rebuilt from the table, and jobs that fell due while the bot was down run
at once, told that they are late.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.services.timers._scheduler import ClockedScheduler
from storage.db import Store, Tx
from storage.jobs import (
    Job,
    cancel_jobs,
    due_jobs,
    mark_job_done,
    mark_job_failed_try,
    next_job_run_at,
    schedule_job,
)

log = logging.getLogger(__name__)

JobHandler = Callable[[Job, bool], Awaitable[None]]
FailureReporter = Callable[[Job, str], Awaitable[None]]

LATE_AFTER = timedelta(minutes=2)
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=1)
_WAKE_ID = "deskreview-wake"


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed try: 1, 2, 4 … minutes, at most an hour."""
    doublings = min(max(0, attempts - 1), 16)  # beyond that the hour cap holds anyway
    return min(FIRST_RETRY * (2 ** doublings), MAX_RETRY)


class Timekeeper:
    def __init__(
        self, store: Store, clock: Clock, *, report_after: int = 3,
        reporter: FailureReporter | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.report_after = report_after
        self.reporter = reporter
        self._handlers: dict[str, JobHandler] = {}
        self._scheduler: ClockedScheduler | None = None
        self._running = asyncio.Lock()

    def register(self, kind: str, handler: JobHandler) -> None:
        if kind in self._handlers:
            raise ValueError(f"a handler for job kind {kind!r} is already registered")
        self._handlers[kind] = handler

    # -- writing jobs (inside the caller's transaction) -------------------------------------

    async def schedule(
        self, tx: Tx, kind: str, due_at: datetime, payload: dict[str, Any] | None = None,
        *, key: str | None = None,
    ) -> int:
        job_id = await schedule_job(
            tx, kind=kind, due_at=due_at, payload=payload or {}, key=key, now=self.clock.now()
        )
        tx.after_commit(self.rearm)
        return job_id

    async def cancel(self, tx: Tx, *, key: str | None = None, prefix: str | None = None) -> int:
        count = await cancel_jobs(tx, key=key, key_prefix=prefix)
        tx.after_commit(self.rearm)
        return count

    # -- running -----------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._scheduler is not None

    async def start(self) -> None:
        if self._scheduler is not None:
            return
        self._scheduler = ClockedScheduler(self.clock, timezone=UTC)
        self._scheduler.start()
        await self.run_due()
        await self.rearm()

    async def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def rearm(self) -> None:
        """Point the single wake-up at the earliest pending job (or remove it)."""
        if self._scheduler is None:
            return
        async with self.store.read() as tx:
            next_at = await next_job_run_at(tx)
        if next_at is None:
            if self._scheduler.get_job(_WAKE_ID) is not None:
                self._scheduler.remove_job(_WAKE_ID)
            return
        self._scheduler.add_job(
            self._wake, DateTrigger(run_date=max(next_at, self.clock.now())), id=_WAKE_ID,
            replace_existing=True, misfire_grace_time=None, coalesce=True, max_instances=1,
        )

    async def _wake(self) -> None:
        try:
            await self.run_due()
        finally:
            await self.rearm()

    async def run_due(self) -> int:
        """Run every job that is due now; return how many succeeded."""
        succeeded = 0
        async with self._running:
            while True:
                now = self.clock.now()
                async with self.store.read() as tx:
                    batch = await due_jobs(tx, now)
                if not batch:
                    return succeeded
                for job in batch:
                    if await self._run_one(job):
                        succeeded += 1

    async def _run_one(self, job: Job) -> bool:
        now = self.clock.now()
        late = now - job.due_at > LATE_AFTER
        handler = self._handlers.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            await handler(job, late)
        except Exception as exc:  # a failed job is retried, never dropped
            return await self._failed(job, exc)
        async with self.store.transaction() as tx:
            await mark_job_done(tx, job.id, self.clock.now())
        return True

    async def _failed(self, job: Job, exc: Exception) -> bool:
        attempts = job.attempts + 1
        error = f"{type(exc).__name__}: {exc}"
        log.warning("job %s (%s) failed on try %d: %s", job.id, job.kind, attempts, error)
        reported = job.reported
        if attempts >= self.report_after and not reported and self.reporter is not None:
            try:
                await self.reporter(job, error)
                reported = True
            except Exception:
                log.exception("could not report the failing job %s", job.id)
        async with self.store.transaction() as tx:
            await mark_job_failed_try(
                tx, job.id, error=error, retry_at=self.clock.now() + retry_delay(attempts),
                reported=reported,
            )
        return False
