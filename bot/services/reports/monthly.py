"""The status report posted in the secretariat's channel on the first day of each month.

Each month's report is one row of the jobs table, keyed by its month, so it is posted once:
a restart rebuilds the wake-up from the table, a report that fell due while the bot was down
is posted on start marked late, and a report already posted is never scheduled again. Each
report describes the month just ended (as of its last day) and schedules the next one.
"""

from __future__ import annotations

from datetime import date

from bot.clock import Clock
from bot.domain.status_report import month_before, next_month_start
from bot.ports import Messenger, OutFile, OutMessage
from bot.services.reports import ReportService
from bot.services.timers import Timekeeper
from storage.db import Store
from storage.jobs import Job, job_by_key

JOB_KIND = "report.monthly"
POST_HOUR = 9  # local hour, in the secretariat's zone


def job_key(first: date) -> str:
    return f"report:monthly:{first.strftime('%Y-%m')}"


class MonthlyReport:
    def __init__(
        self, reports: ReportService, store: Store, clock: Clock, timers: Timekeeper,
        messenger: Messenger, *, zone: str = "UTC", hour: int = POST_HOUR,
    ) -> None:
        self.reports = reports
        self.store = store
        self.clock = clock
        self.timers = timers
        self.messenger = messenger
        self.zone = zone
        self.hour = hour
        timers.register(JOB_KIND, self.run, label="the monthly status report")

    async def ensure_next(self) -> str:
        """Make sure the next first-of-month report is a row; return its key."""
        first, at = next_month_start(self.clock.now(), self.zone, self.hour)
        key = job_key(first)
        async with self.store.transaction() as tx:
            if await job_by_key(tx, key) is None:
                payload = {"as_of": month_before(first).isoformat(), "month": first.isoformat()}
                await self.timers.schedule(tx, JOB_KIND, at, payload, key=key)
        return key

    async def run(self, job: Job, late: bool) -> None:
        await self.ensure_next()  # first, so that a retried post does not skip a month
        as_of = date.fromisoformat(str(job.payload["as_of"]))
        files = await self.reports.files(as_of, monthly=True, late=late)
        attached = tuple(OutFile(name, data) for name, data in files.named().items()
                         if not name.endswith(".txt"))
        await self.messenger.post_to_secretariat(OutMessage(files, files=attached))
