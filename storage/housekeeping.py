"""SQL for the bot's own upkeep: the heartbeat, late timers, finished upkeep jobs."""

from __future__ import annotations

from datetime import datetime

from bot.domain.timefmt import iso_utc
from storage.db import Tx


async def purge_done(tx: Tx, kind: str) -> int:
    """Forget finished jobs of a recurring kind (the heartbeat runs 1,440 times a day)."""
    cur = await tx.execute("DELETE FROM jobs WHERE kind = ? AND status = 'done'", (kind,))
    return cur.rowcount


async def late_jobs(tx: Tx, before: datetime) -> list[tuple[int, str, str]]:
    """Pending jobs that should have run before `before`: (id, kind, run_at)."""
    rows = await tx.fetchall(
        "SELECT id, kind, run_at FROM jobs WHERE status = 'pending' AND run_at < ?"
        " ORDER BY run_at LIMIT 20", (iso_utc(before),))
    return [(int(r["id"]), str(r["kind"]), str(r["run_at"])) for r in rows]


async def has_pending(tx: Tx, kind: str) -> bool:
    row = await tx.fetchone(
        "SELECT 1 FROM jobs WHERE kind = ? AND status = 'pending' LIMIT 1", (kind,))
    return row is not None
