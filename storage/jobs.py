"""The jobs table: the only record of anything due later."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    key: str | None
    payload: dict[str, Any]
    due_at: datetime
    run_at: datetime
    status: str
    attempts: int
    last_error: str | None
    reported: bool
    reported_at: datetime | None = None


def _payload(text: str) -> dict[str, Any]:
    """The job's data; a row damaged by hand still loads (its handler fails and it is
    reported), so that one bad row cannot stop every other job."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _job(row: Any) -> Job:
    return Job(
        row["id"], row["kind"], row["key"], _payload(row["payload"]),
        parse_iso_utc(row["due_at"]), parse_iso_utc(row["run_at"]), row["status"],
        row["attempts"], row["last_error"], bool(row["reported"]),
        parse_iso_utc(row["reported_at"]) if row["reported_at"] else None,
    )


async def schedule_job(
    tx: Tx, *, kind: str, due_at: datetime, payload: dict[str, Any], key: str | None,
    now: datetime, keep_pending: bool = False,
) -> int:
    """Add a job; a job with the same key is replaced (moved, re-armed) rather than doubled.
    ``keep_pending``: a job of that key still pending is left as it is, with its tries and its
    back-off (a retry asked for again while one is pending, even by that job itself)."""
    data = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    if key is not None:
        existing = await tx.fetchone("SELECT id, status FROM jobs WHERE key = ?", (key,))
        if existing and keep_pending and existing["status"] == "pending":
            return int(existing["id"])
        if existing:
            await tx.execute(
                "UPDATE jobs SET kind = ?, payload = ?, due_at = ?, run_at = ?, status = 'pending',"
                " attempts = 0, last_error = NULL, reported = 0, reported_at = NULL,"
                " done_at = NULL WHERE id = ?",
                (kind, data, iso_utc(due_at), iso_utc(due_at), existing["id"]),
            )
            return int(existing["id"])
    cur = await tx.execute(
        "INSERT INTO jobs (kind, key, payload, due_at, run_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (kind, key, data, iso_utc(due_at), iso_utc(due_at), iso_utc(now)),
    )
    return int(cur.lastrowid or 0)


async def cancel_jobs(tx: Tx, *, key: str | None = None, key_prefix: str | None = None) -> int:
    if key is not None:
        cur = await tx.execute(
            "UPDATE jobs SET status = 'cancelled' WHERE key = ? AND status = 'pending'", (key,)
        )
    elif key_prefix is not None:
        cur = await tx.execute(
            "UPDATE jobs SET status = 'cancelled' WHERE key LIKE ? ESCAPE '\\'"
            " AND status = 'pending'",
            (_like_prefix(key_prefix),),
        )
    else:
        raise ValueError("cancel needs a key or a key prefix")
    return cur.rowcount


def _like_prefix(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


async def due_jobs(tx: Tx, now: datetime, limit: int = 100) -> list[Job]:
    rows = await tx.fetchall(
        "SELECT * FROM jobs WHERE status = 'pending' AND run_at <= ? ORDER BY run_at, id LIMIT ?",
        (iso_utc(now), limit),
    )
    return [_job(r) for r in rows]


async def next_job_run_at(tx: Tx) -> datetime | None:
    row = await tx.fetchone("SELECT MIN(run_at) AS t FROM jobs WHERE status = 'pending'")
    return parse_iso_utc(row["t"]) if row and row["t"] else None


async def get_job(tx: Tx, job_id: int) -> Job | None:
    row = await tx.fetchone("SELECT * FROM jobs WHERE id = ?", (job_id,))
    return _job(row) if row else None


async def job_by_key(tx: Tx, key: str) -> Job | None:
    row = await tx.fetchone("SELECT * FROM jobs WHERE key = ?", (key,))
    return _job(row) if row else None


async def pending_jobs_with_prefix(tx: Tx, key_prefix: str) -> list[Job]:
    rows = await tx.fetchall(
        "SELECT * FROM jobs WHERE status = 'pending' AND key LIKE ? ESCAPE '\\' ORDER BY run_at",
        (_like_prefix(key_prefix),),
    )
    return [_job(r) for r in rows]


async def mark_job_done(tx: Tx, job_id: int, now: datetime) -> None:
    await tx.execute(
        "UPDATE jobs SET status = 'done', done_at = ? WHERE id = ? AND status = 'pending'",
        (iso_utc(now), job_id),
    )


async def mark_job_failed_try(
    tx: Tx, job_id: int, *, error: str, retry_at: datetime, reported_at: datetime | None
) -> None:
    """One more failed try: the next at ``retry_at``; ``reported_at`` is the last report."""
    await tx.execute(
        "UPDATE jobs SET attempts = attempts + 1, last_error = ?, run_at = ?, reported = ?,"
        " reported_at = ? WHERE id = ? AND status = 'pending'",
        (error[:1000], iso_utc(retry_at), int(reported_at is not None),
         iso_utc(reported_at) if reported_at else None, job_id),
    )


async def postpone_job(tx: Tx, job_id: int, *, run_at: datetime) -> None:
    """The job's moment has not come yet (a beacon round not out): wait, not a failure."""
    await tx.execute(
        "UPDATE jobs SET run_at = ? WHERE id = ? AND status = 'pending'",
        (iso_utc(run_at), job_id),
    )


async def count_pending_jobs(tx: Tx) -> int:
    row = await tx.fetchone("SELECT COUNT(*) AS n FROM jobs WHERE status = 'pending'")
    return int(row["n"]) if row else 0
