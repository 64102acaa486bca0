"""`deskreview restore BACKUP`: put a checked backup in place of the database, safely.

Refused while the bot runs (it holds the database's lock, or its heartbeat is fresh). The
backup is checked first; the database it replaces is kept beside it as
`NAME.replaced-YYYYMMDDTHHMMSSZ` (with its write-ahead log folded in), never deleted.
"""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bot import runlock
from bot.domain.timefmt import parse_iso_utc
from bot.services.backups.check import check_copy
from bot.services.health import HEARTBEAT_KEY, STALE_AFTER, STOPPED


class RestoreRefused(Exception):
    """The restore was not done; the message says why and what to do."""

    def __init__(self, message: str, *, bot_running: bool = False) -> None:
        super().__init__(message)
        self.bot_running = bot_running


@dataclass(frozen=True)
class Restored:
    database: Path
    backup: Path
    replaced: Path | None


def _heartbeat(database: Path) -> datetime | None:
    try:
        conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM settings_kv WHERE name = ?",
                           (HEARTBEAT_KEY,)).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if not row or str(row[0]).startswith(STOPPED):
        return None  # never ran, or stopped cleanly
    return parse_iso_utc(row[0])


def _fold_wal(database: Path) -> None:
    """Write the database's log back into its file, so the file alone holds everything."""
    try:
        conn = sqlite3.connect(database)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # not a usable database: it is kept as it is


async def restore(database: Path, backup: Path, now: datetime,
                  audit_key: bytes | None = None) -> Restored:
    database, backup = Path(database), Path(backup)
    if not backup.is_file():
        raise RestoreRefused(f"no backup file at {backup}")
    if backup.resolve() == database.resolve():
        raise RestoreRefused("the backup and the database are the same file")
    if runlock.is_held(database):
        raise RestoreRefused(f"the bot is running on {database}: stop it first (docker "
                             "compose stop, or systemctl stop deskreview)", bot_running=True)
    beat = _heartbeat(database) if database.exists() else None
    if beat is not None and now - beat < STALE_AFTER:
        raise RestoreRefused(f"the bot wrote its heartbeat into {database} at {beat:%H:%M:%S} "
                             "UTC, so it is probably still running: stop it, wait three "
                             "minutes and try again", bot_running=True)
    problem = await check_copy(backup, audit_key)
    if problem is not None:
        raise RestoreRefused(f"{backup} is not a sound backup: {problem}; choose another one")
    replaced = None
    if database.exists():
        _fold_wal(database)
        replaced = database.with_name(f"{database.name}.replaced-{now:%Y%m%dT%H%M%SZ}")
        database.replace(replaced)
        for suffix in ("-wal", "-shm"):
            side = database.with_name(database.name + suffix)
            if side.exists():
                side.replace(replaced.with_name(replaced.name + suffix))
    incoming = database.with_name(database.name + ".restoring")
    shutil.copyfile(backup, incoming)
    incoming.replace(database)
    return Restored(database, backup, replaced)
