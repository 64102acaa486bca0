"""Is a copy of the database sound? SQLite's integrity check, then the audit chain."""

from __future__ import annotations

from pathlib import Path

from bot.clock import SystemClock
from bot.services.audit import AuditService
from storage.db import Store, StoreError


async def check_copy(path: Path, key: bytes | None = None) -> str | None:
    """None when the copy is sound, else what is wrong with it, in a few words (``key``:
    the audit key, to check keyed entries)."""
    try:
        store = await Store.open(path, migrate=False)
    except (StoreError, Exception) as exc:  # noqa: BLE001 - any failure to open is the answer
        return f"it cannot be opened as a database ({exc})"
    try:
        try:
            rows = await store.fetchall("PRAGMA integrity_check")
        except Exception as exc:  # noqa: BLE001 - a corrupt file raises from SQLite itself
            return f"SQLite's integrity check could not run ({exc})"
        verdict = [str(r[0]) for r in rows]
        if verdict != ["ok"]:
            return f"SQLite's integrity check found: {'; '.join(verdict[:3])}"
        try:
            report = await AuditService(store, SystemClock(), key=key).verify()
        except Exception as exc:  # noqa: BLE001
            return f"its audit log cannot be read ({exc})"
        if not report.ok:
            return f"its audit chain is broken at entry {report.first_broken}: {report.reason}"
        return None
    finally:
        await store.close()
