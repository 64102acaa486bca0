"""Daily backups of the database, each checked before the oldest is let go.

A job (a row like every timer) runs once a day at BACKUP_HOUR UTC: an online copy through
SQLite's backup API into the backup folder, checked with `PRAGMA integrity_check` and the audit
chain; only a copy that passes joins the kept set, and only then is the oldest beyond `keep`
removed. A copy that fails is kept aside (`….FAILED.sqlite3`), nothing old is removed, and the
secretariat is told.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path

from bot.clock import Clock
from bot.services.backups.check import check_copy
from bot.services.timers import Timekeeper
from storage import housekeeping
from storage.db import Store
from storage.jobs import Job

log = logging.getLogger(__name__)

BACKUP_KIND = "backup"
BACKUP_HOUR = time(3, 0)  # UTC
_NAME = re.compile(r"^deskreview-(\d{8}T\d{6}Z)\.sqlite3$")

Reporter = Callable[[str], Awaitable[None]]


@dataclass(frozen=True)
class BackupOutcome:
    ok: bool
    path: Path
    message: str
    removed: tuple[Path, ...] = ()


def kept_backups(folder: Path) -> list[Path]:
    """The good backups in the folder, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _NAME.match(p.name))


def next_backup_time(now: datetime) -> datetime:
    today = now.replace(hour=BACKUP_HOUR.hour, minute=BACKUP_HOUR.minute, second=0,
                        microsecond=0)
    return today if today > now else today + timedelta(days=1)


class BackupService:
    def __init__(self, store: Store, clock: Clock, timers: Timekeeper, *, folder: Path,
                 keep: int, report: Reporter, audit_key: bytes | None = None) -> None:
        self.audit_key = audit_key
        self.store = store
        self.clock = clock
        self.timers = timers
        self.folder = Path(folder)
        self.keep = keep
        self.report = report
        timers.register(BACKUP_KIND, self._run_job, label="the daily backup")

    async def start(self) -> None:
        """Make sure the next daily backup is scheduled (none when keep is 0)."""
        if self.keep <= 0:
            return
        async with self.store.transaction() as tx:
            if not await housekeeping.has_pending(tx, BACKUP_KIND):
                due = next_backup_time(self.clock.now())
                await self.timers.schedule(tx, BACKUP_KIND, due, key=_key(due))

    async def _run_job(self, job: Job, late: bool) -> None:
        outcome = await self.back_up()
        if not outcome.ok:
            await self.report(outcome.message)
        async with self.store.transaction() as tx:
            await housekeeping.purge_done(tx, BACKUP_KIND)
            if self.keep > 0:
                due = next_backup_time(self.clock.now())
                await self.timers.schedule(tx, BACKUP_KIND, due, key=_key(due))

    async def back_up(self) -> BackupOutcome:
        """One backup now: copy, check, then rotate."""
        stamp = self.clock.now().strftime("%Y%m%dT%H%M%SZ")
        final = self.folder / f"deskreview-{stamp}.sqlite3"
        partial = self.folder / f"deskreview-{stamp}.sqlite3.partial"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            await self.store.backup_to(partial)
            problem = await check_copy(partial, self.audit_key)
        except Exception as exc:  # a full disk or a missing folder must be reported, not lost
            partial.unlink(missing_ok=True)
            message = (f"The daily backup of the database failed: {type(exc).__name__}: {exc}. "
                       f"No older backup was removed. Check the folder {self.folder}.")
            log.error("%s", message)
            return BackupOutcome(False, final, message)
        if problem is not None:
            failed = self.folder / f"deskreview-{stamp}.FAILED.sqlite3"
            partial.replace(failed)
            message = (f"The daily backup of the database failed its check: {problem}. It is "
                       f"kept aside as {failed.name}; no older backup was removed. Run "
                       "`deskreview audit verify` on the live database.")
            log.error("%s", message)
            return BackupOutcome(False, failed, message)
        partial.replace(final)
        removed = []
        kept = kept_backups(self.folder)
        while self.keep > 0 and len(kept) > self.keep:
            oldest = kept.pop(0)
            oldest.unlink()
            removed.append(oldest)
        log.info("backed up the database to %s (checked; %d kept)", final, len(kept))
        return BackupOutcome(True, final, f"backed up to {final}", tuple(removed))


def _key(at: datetime) -> str:
    return f"backup:{at.strftime('%Y-%m-%dT%H:%M')}"
