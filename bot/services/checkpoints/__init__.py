"""Audit checkpoints: the chain's head published where every State can read it.

At a regular interval (``DESKREVIEW_AUDIT_CHECKPOINT_HOURS``) and right after each sensitive
action (a job row written in the action's own transaction), the bot posts the head's sequence
number and hash in the checkpoint channel (``DESKREVIEW_AUDIT_CHANNEL``). Discord's timestamp
on that message is the witness: someone who can rewrite the database file cannot rewrite it.
A head already published is not posted again. Without the channel the bot says so in its log
and carries on; nothing else waits for a checkpoint.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.audit import AuditEntry, Checkpoint, checkpoint_text
from bot.domain.timefmt import iso_utc
from bot.ports import Messenger, OutMessage
from bot.services.audit import AfterSensitive
from bot.services.timers import Timekeeper
from storage.audit import chain_head, last_checkpoint, record_checkpoint
from storage.db import Store, Tx
from storage.jobs import Job, pending_jobs_with_prefix

log = logging.getLogger("deskreview.checkpoints")

KIND = "audit.checkpoint"
REGULAR = "audit.checkpoint:regular:"
AFTER = "audit.checkpoint:after"


def checkpoint_soon(timers: Timekeeper, clock: Clock) -> AfterSensitive:
    """What the audit log does after a sensitive action: in the action's own transaction, a
    job row for a checkpoint right away (one pending at a time)."""
    async def soon(tx: Tx, entry: AuditEntry) -> None:
        await timers.schedule(tx, KIND, clock.now(), {"reason": entry.action}, key=AFTER)
    return soon


class CheckpointService:
    def __init__(self, store: Store, clock: Clock, timers: Timekeeper,
                 messenger: Messenger, channel_of: Callable[[], int | None], *,
                 every: timedelta) -> None:
        self.store, self.clock, self.timers, self.messenger = store, clock, timers, messenger
        self.channel_of, self.every = channel_of, every
        timers.register(KIND, self._run)

    async def _schedule_regular(self, tx: Tx, due: datetime) -> None:
        await self.timers.schedule(tx, KIND, due, {"reason": "regular"},
                                   key=f"{REGULAR}{iso_utc(due)}")

    async def on_start(self) -> None:
        """Make sure a regular checkpoint is due (one row, kept across restarts); started by
        a serving bot only, like the other daily jobs (``bot/serving.py``)."""
        async with self.store.transaction() as tx:
            if not await pending_jobs_with_prefix(tx, REGULAR):
                await self._schedule_regular(tx, self.clock.now() + self.every)

    async def _run(self, job: Job, _late: bool) -> None:
        reason = str(job.payload.get("reason", "regular"))
        await self.publish(reason)
        if reason == "regular":
            async with self.store.transaction() as tx:
                await self._schedule_regular(tx, self.clock.now() + self.every)

    async def publish(self, reason: str) -> Checkpoint | None:
        """Post the current head unless it was already published; return what was posted."""
        now = self.clock.now()
        async with self.store.read() as tx:
            seq, digest = await chain_head(tx)
            last = await last_checkpoint(tx)
        if seq == 0 or (last is not None and (last.seq, last.hash) == (seq, digest)):
            return None
        channel = self.channel_of()
        if channel is None:
            log.warning("no audit checkpoint published: the checkpoint channel was not found "
                        "(DESKREVIEW_AUDIT_CHANNEL)")
            return None
        point = Checkpoint(seq, digest, iso_utc(now))
        message_id = await self.messenger.post(channel, OutMessage(checkpoint_text(point)))
        async with self.store.transaction() as tx:
            await record_checkpoint(tx, point, reason=reason, channel_id=channel,
                                               message_id=message_id, posted_at=now)
        return point
