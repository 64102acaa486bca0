"""Follow-on work of a call as jobs: its notices and its announcement, retried until done.

A notice that a call moved or was cancelled is a job written in the same transaction as the
change, so that it is sent even if Discord refuses it at first or the bot stops right after
the change; it is retried, and reported to the secretariat if it keeps failing. An
announcement Discord did not take is tried again by a job a minute later, and again with
back-off, instead of waiting for the next start.
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from bot.clock import Clock
from bot.i18n.frozen import Frozen, freeze
from bot.ports import Board, OutFile, OutMessage
from bot.services.timers import Timekeeper
from storage.calls import Call, get_call
from storage.db import Store, Tx
from storage.jobs import Job

NOTICE_JOB = "call.notice"
SHOW_JOB = "call.announce"
SHOW_AGAIN = timedelta(minutes=1)


class CallFollowOn:
    def __init__(
        self, store: Store, clock: Clock, timers: Timekeeper, board: Board,
        show: Callable[..., Awaitable[bool]], room: Callable[[Tx, int], Awaitable[Any]],
    ) -> None:
        self.store = store
        self.clock = clock
        self.timers = timers
        self.board = board
        self.show = show
        self.room = room
        timers.register(NOTICE_JOB, self._notice, label="a notice that a call moved or ended")
        timers.register(SHOW_JOB, self._announce, label="a call announcement")

    async def queue_notice(self, tx: Tx, call: Call, channel_id: int | None,
                           message: OutMessage) -> None:
        """Send ``message`` about ``call`` (as it now stands) as a job, in the change's tx."""
        if channel_id is None:
            return
        await self.timers.schedule(
            tx, NOTICE_JOB, self.clock.now(),
            {"channel_id": channel_id, "text": freeze(message.text),
             "mentions": list(message.mention_users),
             "files": [[f.name, base64.b64encode(f.data).decode()] for f in message.files]},
            key=f"callnotice:{call.id}:{call.sequence}")

    async def show_later(self, call_id: int, exc: BaseException | None = None) -> None:
        """Try the announcement again in a minute (or when Discord said to come back); a
        retry already pending keeps its tries and back-off."""
        async with self.store.transaction() as tx:
            await self.timers.schedule(tx, SHOW_JOB, self.timers.retry_at(exc, SHOW_AGAIN),
                                       {"call_id": call_id}, key=f"callannounce:{call_id}",
                                       keep_pending=True)

    async def _notice(self, job: Job, late: bool) -> None:
        files = tuple(OutFile(str(name), base64.b64decode(data))
                      for name, data in job.payload.get("files", []))
        message = OutMessage(Frozen.of(job.payload["text"]), files=files,
                             mention_users=tuple(int(u) for u in job.payload["mentions"]))
        await self.board.post_with_buttons(int(job.payload["channel_id"]), message, ())

    async def _announce(self, job: Job, late: bool) -> None:
        async with self.store.read() as tx:
            call = await get_call(tx, int(job.payload["call_id"]))
            room = await self.room(tx, call.review_id) if call is not None else None
        if call is None or room is None or room.closed:
            return  # nothing to show any more
        if not await self.show(call, room, with_file=True):
            raise RuntimeError("Discord did not take the call's announcement yet")  # log only
