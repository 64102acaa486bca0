"""The timekeeper: every timer is a row in the jobs table.

APScheduler holds a single wake-up at the earliest pending job. When it fires, every due job
runs, each on its own: a job that fails, hangs or waits never keeps another from running, and
the next wake-up is armed whatever happened (when even the table cannot be read, a wake-up a
minute later tries again). A job is marked done only after its handler returned.

A failed job is tried again with a back-off bounded for any number of tries (at most an hour,
or sooner when Discord said when to come back); after a few tries it is reported to the
secretariat — what it is and why — and again at most once a day while it keeps failing. It is
never dropped. A handler whose moment has not come (a beacon round not yet out) raises
``Waiting``: the job waits, which is no failure. A due job that starts more than a few minutes
late, for whatever reason, is said in the log and to the secretariat. On start the wake-up is
rebuilt from the table, and jobs that fell due while the bot was down run at once, told that
they are late.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.triggers.date import DateTrigger

from bot.clock import Clock
from bot.ports.effects import effect_scope
from bot.services.timers._scheduler import ClockedScheduler
from storage.db import Store, Tx
from storage.effects import clear_effects
from storage.jobs import (
    Job,
    cancel_jobs,
    due_jobs,
    get_job,
    mark_job_done,
    mark_job_failed_try,
    next_job_run_at,
    postpone_job,
    schedule_job,
)

log = logging.getLogger(__name__)

JobHandler = Callable[[Job, bool], Awaitable[None]]
Reporter = Callable[[str], Awaitable[None]]
RetryHint = Callable[[BaseException], float | None]

LATE_AFTER = timedelta(minutes=2)  # the handler is told it is late (its message says so)
LATE_REPORT = timedelta(minutes=5)  # the log and the secretariat are told
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=1)
REPORT_EVERY = timedelta(days=1)
JOB_TIME_LIMIT = timedelta(minutes=5)
FALLBACK_WAKE = timedelta(minutes=1)
NOTICE_KIND = "timers.notice"
_WAKE_ID = "deskreview-wake"
_DOUBLINGS = 6  # 2**6 minutes is past the hour: the cap holds from there on
# Set while a job's handler runs: a hand-off it writes is then run by the same pass.
_IN_JOB: ContextVar[bool] = ContextVar("deskreview_in_job", default=False)


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed try: 1, 2, 4 … minutes, at most an hour, for any n."""
    doublings = min(max(0, attempts - 1), _DOUBLINGS)
    return min(FIRST_RETRY * (2**doublings), MAX_RETRY)


class Waiting(Exception):  # noqa: N818 - a state, not an error
    """Raised by a handler whose moment has not come: try again at ``until``, no failure."""

    def __init__(self, until: datetime, reason: str) -> None:
        super().__init__(reason)
        self.until = until
        self.reason = reason


def _scope_of(job: Job) -> str:
    return f"job:{job.id}:{int(job.due_at.timestamp())}"


def _when(at: datetime) -> str:
    return f"<t:{int(at.timestamp())}:f>"


class Timekeeper:
    def __init__(
        self, store: Store, clock: Clock, *, report_after: int = 3,
        reporter: Reporter | None = None, retry_hint: RetryHint | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.report_after = report_after
        self.reporter = reporter
        self.retry_hint = retry_hint
        self._handlers: dict[str, JobHandler] = {}
        self._labels: dict[str, str] = {NOTICE_KIND: "a notice to the secretariat"}
        self._scheduler: ClockedScheduler | None = None
        self._running = asyncio.Lock()
        self._late: list[tuple[Job, timedelta]] = []
        self._waking = False
        self._again = False
        if reporter is not None:
            self._handlers[NOTICE_KIND] = self._send_notice

    def register(self, kind: str, handler: JobHandler, *, label: str | None = None) -> None:
        """Run ``handler`` for jobs of ``kind``; ``label`` says what such a job is, in reports."""
        if kind in self._handlers:
            raise ValueError(f"a handler for job kind {kind!r} is already registered")
        self._handlers[kind] = handler
        if label:
            self._labels[kind] = label

    def describe(self, job: Job) -> str:
        what = self._labels.get(job.kind, job.kind)
        return f"{what} ({job.key or job.kind}, task {job.id})"

    # -- writing jobs (inside the caller's transaction) -------------------------------------

    async def schedule(
        self, tx: Tx, kind: str, due_at: datetime, payload: dict[str, Any] | None = None,
        *, key: str | None = None, keep_pending: bool = False,
    ) -> int:
        """Write a job; ``keep_pending`` leaves a pending job of the same key as it is (a
        retry asked for again keeps its count of tries, so it backs off and is reported)."""
        job_id = await schedule_job(
            tx, kind=kind, due_at=due_at, payload=payload or {}, key=key, now=self.clock.now(),
            keep_pending=keep_pending,
        )
        tx.after_commit(self.rearm)
        return job_id

    async def hand_off(
        self, tx: Tx, kind: str, payload: dict[str, Any], *, key: str | None = None
    ) -> int:
        """Follow-on work for another feature, written in the transaction of its cause.

        It runs as soon as that transaction has committed (or, when written by a job, in the
        same pass of the timekeeper); when it fails it is retried with back-off and reported
        like every job, and a crash before it ran leaves the row for the next start.
        """
        job_id = await self.schedule(tx, kind, self.clock.now(), payload, key=key)
        if not _IN_JOB.get() and kind in self._handlers:
            async def run_now() -> None:
                await self.run_job(job_id)
            tx.after_commit(run_now)
        return job_id

    async def run_job(self, job_id: int) -> bool:
        """Run one pending job now if it is due; False when it failed or was not run."""
        async with self._running:
            async with self.store.read() as tx:
                job = await get_job(tx, job_id)
            if job is None or job.status != "pending" or job.run_at > self.clock.now():
                return False
            return await self._run_one(job)

    async def cancel(self, tx: Tx, *, key: str | None = None, prefix: str | None = None) -> int:
        count = await cancel_jobs(tx, key=key, key_prefix=prefix)
        tx.after_commit(self.rearm)
        return count

    async def tell_secretariat(self, tx: Tx, text: str) -> int:
        """A notice to the secretariat as a job: sent once, retried until it is."""
        return await self.schedule(tx, NOTICE_KIND, self.clock.now(), {"text": text[:1900]})

    # -- running -----------------------------------------------------------------------------

    @property
    def started(self) -> bool:
        return self._scheduler is not None

    async def start(self) -> None:
        if self._scheduler is not None:
            return
        self._scheduler = ClockedScheduler(self.clock, timezone=UTC)
        self._scheduler.start()
        await self._wake()

    async def stop(self) -> None:
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def rearm(self) -> None:
        """Point the single wake-up at the earliest pending job (or remove it). Never raises:
        when the table cannot be read, the wake-up is set a minute ahead to try again."""
        if self._scheduler is None:
            return
        try:
            async with self.store.read() as tx:
                next_at = await next_job_run_at(tx)
        except Exception:
            log.exception("the timekeeper could not read the jobs table; trying again soon")
            next_at = self.clock.now() + FALLBACK_WAKE
        if self._scheduler is None:  # stopped meanwhile
            return
        if next_at is None:
            if self._scheduler.get_job(_WAKE_ID) is not None:
                self._scheduler.remove_job(_WAKE_ID)
            return
        self._scheduler.add_job(
            self._wake, DateTrigger(run_date=max(next_at, self.clock.now())), id=_WAKE_ID,
            replace_existing=True, misfire_grace_time=None, coalesce=True, max_instances=8,
        )

    async def _wake(self) -> None:
        # A wake-up that fires while another runs is not dropped: the running one goes round
        # again (APScheduler would skip it, and a one-shot trigger skipped is gone).
        if self._waking:
            self._again = True
            return
        self._waking = True
        try:
            again = True
            while again:
                self._again = False
                try:
                    await self.run_due()
                except Exception:
                    log.exception("the timekeeper failed while running due jobs; it goes on")
                again = self._again
        finally:
            self._waking = False
            await self.rearm()

    async def run_due(self) -> int:
        """Run every job that is due now; return how many succeeded."""
        succeeded = 0
        tried: set[int] = set()
        async with self._running:
            try:
                while True:
                    now = self.clock.now()
                    async with self.store.read() as tx:
                        batch = [j for j in await due_jobs(tx, now) if j.id not in tried]
                    if not batch:
                        return succeeded
                    for job in batch:
                        tried.add(job.id)
                        if await self._run_one(job):
                            succeeded += 1
            finally:
                await self._say_late()

    async def _run_one(self, job: Job) -> bool:
        """Run one job; whatever it does, it cannot stop the others (never raises)."""
        try:
            now = self.clock.now()
            lateness = now - job.run_at
            if lateness > LATE_REPORT and job.kind != NOTICE_KIND:
                log.warning("job %s (%s) starts %s late", job.id, job.kind, lateness)
                self._late.append((job, lateness))
            handler = self._handlers.get(job.kind)
            try:
                if handler is None:
                    raise LookupError(f"no handler for job kind {job.kind!r}")
                token = _IN_JOB.set(True)
                try:
                    async with asyncio.timeout(JOB_TIME_LIMIT.total_seconds()):
                        with effect_scope(_scope_of(job)):  # a retry resumes what a try began
                            await handler(job, now - job.due_at > LATE_AFTER)
                finally:
                    _IN_JOB.reset(token)
            except Waiting as wait:
                return await self._postpone(job, wait)
            except Exception as exc:  # a failed job is retried, never dropped
                return await self._failed(job, exc)
            async with self.store.transaction() as tx:
                await mark_job_done(tx, job.id, self.clock.now())
                await clear_effects(tx, _scope_of(job))
            return True
        except Exception:
            log.exception("the timekeeper could not record the outcome of job %s", job.id)
            return False

    async def _postpone(self, job: Job, wait: Waiting) -> bool:
        until = max(wait.until, self.clock.now() + timedelta(seconds=1))
        log.info("job %s (%s) waits until %s: %s", job.id, job.kind, until, wait.reason)
        async with self.store.transaction() as tx:
            await postpone_job(tx, job.id, run_at=until)
        return False

    def _next_try(self, attempts: int, exc: Exception) -> datetime:
        delay = retry_delay(attempts)
        hinted = self.asked_wait(exc)
        if hinted is not None and hinted > 0:
            delay = min(max(timedelta(seconds=hinted), timedelta(seconds=1)), MAX_RETRY)
        return self.clock.now() + delay

    def asked_wait(self, exc: BaseException) -> float | None:
        """Seconds Discord asked to wait, found on the error or on what caused it."""
        seen: set[int] = set()
        cause: BaseException | None = exc
        while cause is not None and id(cause) not in seen and self.retry_hint is not None:
            seen.add(id(cause))
            hinted = self.retry_hint(cause)
            if hinted is not None:
                return hinted
            cause = cause.__cause__ or cause.__context__
        return None

    def retry_at(self, exc: BaseException | None, at_least: timedelta) -> datetime:
        """When to try again something Discord refused: ``at_least`` from now, or later if
        Discord asked for longer (never more than the hour of the back-off)."""
        hinted = self.asked_wait(exc) if exc is not None else None
        wait = at_least if hinted is None else max(at_least, timedelta(seconds=hinted))
        return self.clock.now() + min(wait, max(MAX_RETRY, at_least))

    async def _failed(self, job: Job, exc: Exception) -> bool:
        attempts = job.attempts + 1
        error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        log.warning("job %s (%s) failed on try %d: %s", job.id, job.kind, attempts, error)
        now = self.clock.now()
        retry_at = self._next_try(attempts, exc)
        reported_at = job.reported_at
        if reported_at is None and job.reported:  # a report made before reports had a time
            reported_at = job.run_at
        due_report = reported_at is None or now - reported_at >= REPORT_EVERY
        if attempts >= self.report_after and due_report and self.reporter is not None:
            try:
                await self.reporter(self._failing_text(job, attempts, error, retry_at))
                reported_at = now
            except Exception:
                log.exception("could not report the failing job %s", job.id)
        async with self.store.transaction() as tx:
            await mark_job_failed_try(
                tx, job.id, error=error, retry_at=retry_at, reported_at=reported_at
            )
        return False

    def _failing_text(self, job: Job, attempts: int, error: str, retry_at: datetime) -> str:
        return (
            f"A scheduled task keeps failing and will be tried again: **{self.describe(job)}**, "
            f"due {_when(job.due_at)}, tried {attempts} times. Last error: {error[:300]}. "
            f"Next try {_when(retry_at)}; you will hear again at most once a day while it "
            "keeps failing."
        )

    async def _say_late(self) -> None:
        late, self._late = self._late, []
        if not late or self.reporter is None:
            return
        lines = [f"- {self.describe(job)}: due {_when(job.run_at)}, started "
                 f"{int(lateness.total_seconds() // 60)} minutes late" for job, lateness in late]
        text = "Scheduled tasks started late (the bot was down or busy):\n" + "\n".join(lines[:20])
        if len(lines) > 20:
            text += f"\n… and {len(lines) - 20} more."
        try:
            async with self.store.transaction() as tx:
                await self.tell_secretariat(tx, text)
        except Exception:
            log.exception("could not record the notice about late jobs")

    async def _send_notice(self, job: Job, late: bool) -> None:
        assert self.reporter is not None
        await self.reporter(str(job.payload.get("text", "")))
