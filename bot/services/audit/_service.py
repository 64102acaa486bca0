"""Use cases of the audit log: record, verify, show."""

from __future__ import annotations

from typing import Any

from bot.clock import Clock
from bot.domain.audit import AuditEntry, ChainReport, verify_chain
from storage.audit import all_entries, append_entry, recent_entries
from storage.db import Store, Tx


class AuditService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    async def record_in(
        self, tx: Tx, actor: int | str, action: str, subject: str,
        details: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append an entry inside the caller's transaction (the change and its record land
        together)."""
        return await append_entry(
            tx, at=self.clock.now(), actor=str(actor), action=action, subject=subject,
            details=details,
        )

    async def record(
        self, actor: int | str, action: str, subject: str, details: dict[str, Any] | None = None
    ) -> AuditEntry:
        async with self.store.transaction() as tx:
            return await self.record_in(tx, actor, action, subject, details)

    async def verify(self) -> ChainReport:
        async with self.store.read() as tx:
            return verify_chain(await all_entries(tx))

    async def recent(self, count: int) -> list[AuditEntry]:
        count = max(1, min(count, 50))
        async with self.store.read() as tx:
            return await recent_entries(tx, count)
