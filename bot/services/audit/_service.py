"""Use cases of the audit log: record, verify (off the event loop, streaming), show."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.audit import AuditEntry, ChainChecker, ChainReport, Checkpoint, is_sensitive
from storage.audit import append_entry, recent_entries, stream_audit_rows
from storage.db import Store, Tx

AfterSensitive = Callable[[Tx, AuditEntry], Awaitable[None]]


def verify_file(path: Path, key: bytes | None = None,
                checkpoints: Iterable[Checkpoint] = ()) -> ChainReport:
    """Check the whole chain of a database file, row by row (bounded memory); blocking, so
    callers on an event loop run it in a worker thread."""
    checker = ChainChecker(key=key, checkpoints=checkpoints)
    checker.feed_many(stream_audit_rows(path))
    return checker.finish()


class AuditService:
    def __init__(self, store: Store, clock: Clock, key: bytes | None = None, *,
                 after_sensitive: AfterSensitive | None = None) -> None:
        self.store = store
        self.clock = clock
        self.key = key
        # a serving bot's checkpoints: one follows every sensitive action (none offline)
        self.after_sensitive = after_sensitive

    async def record_in(
        self, tx: Tx, actor: Actor, action: str, subject: str,
        details: dict[str, Any] | None = None,
    ) -> AuditEntry:
        """Append an entry inside the caller's transaction (the change and its record land
        together); the actor is named as ``Actor.audit_name`` says."""
        entry = await append_entry(
            tx, at=self.clock.now(), actor=actor.audit_name, action=action, subject=subject,
            details=details, key=self.key,
        )
        if self.after_sensitive is not None and is_sensitive(action):
            await self.after_sensitive(tx, entry)
        return entry

    async def record(
        self, actor: Actor, action: str, subject: str, details: dict[str, Any] | None = None
    ) -> AuditEntry:
        async with self.store.transaction() as tx:
            return await self.record_in(tx, actor, action, subject, details)

    async def verify(self, checkpoints: Iterable[Checkpoint] = ()) -> ChainReport:
        """The whole chain checked in a worker thread on a connection of its own, so the bot
        keeps answering while it runs."""
        points = list(checkpoints)
        return await asyncio.to_thread(verify_file, self.store.path, self.key, points)

    async def recent(self, count: int) -> list[AuditEntry]:
        count = max(1, min(count, 50))
        async with self.store.read() as tx:
            return await recent_entries(tx, count)
