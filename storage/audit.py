"""The audit log table: append within the caller's transaction, read in order."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.domain.audit import GENESIS, AuditEntry, entry_hash
from bot.domain.timefmt import iso_utc
from storage.db import Tx


async def append_entry(
    tx: Tx,
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    last = await tx.fetchone("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    seq = (last["seq"] + 1) if last else 1
    prev = last["hash"] if last else GENESIS
    stamp = iso_utc(at)
    body = dict(details or {})
    digest = entry_hash(seq, stamp, actor, action, subject, body, prev)
    await tx.execute(
        "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, stamp, actor, action, subject, _dump(body), prev, digest),
    )
    return AuditEntry(seq, stamp, actor, action, subject, body, prev, digest)


def _dump(details: dict[str, Any]) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        row["seq"], row["at"], row["actor"], row["action"], row["subject"],
        json.loads(row["details"]), row["prev_hash"], row["hash"],
    )


async def all_entries(tx: Tx) -> list[AuditEntry]:
    return [_entry(r) for r in await tx.fetchall("SELECT * FROM audit_log ORDER BY seq")]


async def recent_entries(tx: Tx, count: int) -> list[AuditEntry]:
    rows = await tx.fetchall("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?", (count,))
    return [_entry(r) for r in reversed(rows)]
