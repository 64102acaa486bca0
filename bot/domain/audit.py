"""The audit chain: every change, hash-linked to the one before it.

Each entry's hash covers its sequence number, time, actor, action, subject, details and the
previous entry's hash, so editing, removing or reordering any entry breaks the chain from that
entry on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # ISO 8601, UTC, seconds precision, "Z"
    actor: str  # a Discord user id, or "system"
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


def entry_hash(
    seq: int, at: str, actor: str, action: str, subject: str, details: dict[str, Any], prev: str
) -> str:
    body = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "subject": subject,
        "details": details,
        "prev": prev,
    }
    data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"Audit chain intact: {self.checked} entries checked."
        return f"Audit chain broken at entry {self.first_broken}: {self.reason}"


def verify_chain(entries: Iterable[AuditEntry]) -> ChainReport:
    """Check sequence, links and hashes; name the first entry that does not hold."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for e in entries:
        if e.seq != expected_seq:
            return ChainReport(False, count, e.seq, f"expected entry {expected_seq} here")
        if e.prev_hash != prev:
            return ChainReport(False, count, e.seq, "it does not link to the entry before it")
        if entry_hash(e.seq, e.at, e.actor, e.action, e.subject, e.details, e.prev_hash) != e.hash:
            return ChainReport(False, count, e.seq, "its content does not match its hash")
        prev = e.hash
        expected_seq += 1
        count += 1
    return ChainReport(True, count)
