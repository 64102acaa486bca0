"""The audit log table: append within the caller's transaction, read in order, stream."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.domain.audit import (
    GENESIS,
    KEYED,
    PLAIN,
    AuditEntry,
    Checkpoint,
    Row,
    dump_details,
    entry_hash,
)
from bot.domain.timefmt import iso_utc
from storage.db import Tx

STREAM_BATCH = 2000


async def append_entry(
    tx: Tx,
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any] | None = None,
    key: bytes | None = None,
) -> AuditEntry:
    last = await tx.fetchone("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    seq = (last["seq"] + 1) if last else 1
    prev = last["hash"] if last else GENESIS
    stamp = iso_utc(at)
    body = dict(details or {})
    digest = entry_hash(seq, stamp, actor, action, subject, body, prev, key)
    alg = KEYED if key is not None else PLAIN
    await tx.execute(
        "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash, alg)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, stamp, actor, action, subject, dump_details(body), prev, digest, alg),
    )
    return AuditEntry(seq, stamp, actor, action, subject, body, prev, digest, alg)


def _details(text: Any) -> dict[str, Any]:
    try:
        parsed = json.loads(text)
    except (TypeError, ValueError):
        return {"unreadable": str(text)[:200]}
    return parsed if isinstance(parsed, dict) else {"unreadable": str(text)[:200]}


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        row["seq"], row["at"], row["actor"], row["action"], row["subject"],
        _details(row["details"]), row["prev_hash"], row["hash"], row["alg"],
    )


async def all_entries(tx: Tx) -> list[AuditEntry]:
    return [_entry(r) for r in await tx.fetchall("SELECT * FROM audit_log ORDER BY seq")]


async def recent_entries(tx: Tx, count: int) -> list[AuditEntry]:
    rows = await tx.fetchall("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?", (count,))
    return [_entry(r) for r in reversed(rows)]


async def chain_head(tx: Tx) -> tuple[int, str]:
    """The last entry's sequence number and hash (0 and the genesis hash when empty)."""
    row = await tx.fetchone("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    return (int(row["seq"]), str(row["hash"])) if row else (0, GENESIS)


def stream_audit_rows(path: Path) -> Iterator[Row]:
    """Every row in order, raw, read in batches on a connection of its own (read-only), so
    memory stays bounded and the caller may run it in a worker thread."""
    conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        cur = conn.execute(
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash, alg"
            " FROM audit_log ORDER BY seq")
        while batch := cur.fetchmany(STREAM_BATCH):
            yield from batch
    finally:
        conn.close()


async def record_checkpoint(tx: Tx, point: Checkpoint, *, reason: str, channel_id: int,
                            message_id: int, posted_at: datetime) -> None:
    await tx.execute(
        "INSERT INTO audit_checkpoints (seq, hash, as_of, reason, channel_id, message_id,"
        " posted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (point.seq, point.hash, point.as_of, reason, channel_id, message_id, iso_utc(posted_at)),
    )


async def last_checkpoint(tx: Tx) -> Checkpoint | None:
    row = await tx.fetchone("SELECT * FROM audit_checkpoints ORDER BY id DESC LIMIT 1")
    if row is None:
        return None
    return Checkpoint(row["seq"], row["hash"], row["as_of"], row["posted_at"], row["message_id"])
