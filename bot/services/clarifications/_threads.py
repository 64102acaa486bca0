"""Each request's thread, as a projection of its rows.

The thread under the review channel shows a status card (the question, its status and due
date, and the buttons that fit the status) and one message per entry of the request's history
that people need to read (answers, follow-up questions, edits, acceptance, withdrawal, due
dates moved). The projector compares the request's version with the version the thread shows
and posts each entry once; a thread deleted by hand is made again with everything in it.
"""

from __future__ import annotations

import asyncio
import logging

from bot.ports import OutFile
from bot.ports.effects import effect_scope
from bot.ports.threads import ThreadPort
from bot.services.clarifications._followups import askers, load_request, sur_people
from bot.services.clarifications._text import card_message, entry_message, title
from bot.services.reviews import ReviewView
from storage.clarifications import (
    Request,
    entry_files,
    get_request,
    mark_entry_posted,
    mark_request_shown,
    repost_request_entries,
    request_entries,
    set_request_thread,
)
from storage.db import Store
from storage.effects import clear_effects

log = logging.getLogger(__name__)


class Projector:
    def __init__(self, store: Store, threads: ThreadPort, hour: int) -> None:
        self.store = store
        self.threads = threads
        self.hour = hour
        self._lock = asyncio.Lock()

    async def show(self, request_id: int) -> None:
        """Bring the thread up to date now; on failure the queued job tries again."""
        try:
            await self.project(request_id)
        except Exception:
            log.warning("request %s: its thread will be updated later", request_id,
                        exc_info=True)

    async def thread_of(self, request_id: int) -> int:
        """The request's thread, made or brought up to date first."""
        await self.project(request_id)
        async with self.store.read() as tx:
            request = await get_request(tx, request_id)
        if request is None or request.thread_id is None:
            raise LookupError(f"request {request_id} has no thread")
        return request.thread_id

    async def project(self, request_id: int) -> None:
        async with self._lock:
            with effect_scope(f"clarify:{request_id}", positional=False) as scope:
                await self._project(request_id)
            async with self.store.transaction() as tx:
                await clear_effects(tx, scope)

    async def _project(self, request_id: int) -> None:
        loaded = await load_request(self.store, request_id)
        if loaded is None:
            return
        request, view = loaded
        if view.channel_id is None:
            raise LookupError(f"review {view.id} has no channel yet")
        thread_id, created = await self.threads.ensure_thread(
            request.thread_id, view.channel_id, title(request))
        if created:  # recorded before the first post into it: a retry uses this thread
            async with self.store.transaction() as tx:
                await set_request_thread(tx, request_id, thread_id=thread_id, message_id=None)
                await repost_request_entries(tx, request_id)
            request = request.model_copy(update={"thread_id": thread_id, "message_id": None})
        message = card_message(request, view, self.hour, sur_people(view))
        message_id = None if created else request.message_id
        if message_id is not None and request.shown_version < request.version:
            if not await self.threads.edit(thread_id, message_id, message):
                message_id = None
        if message_id is None:
            message_id = await self.threads.post(thread_id, message)
        if (thread_id, message_id) != (request.thread_id, request.message_id):
            async with self.store.transaction() as tx:
                await set_request_thread(tx, request_id, thread_id=thread_id,
                                         message_id=message_id)
        await self._post_entries(request, view, thread_id)
        async with self.store.transaction() as tx:
            await mark_request_shown(tx, request_id, request.version)

    async def _post_entries(self, request: Request, view: ReviewView, thread_id: int) -> None:
        async with self.store.read() as tx:
            pending = [e for e in await request_entries(tx, request.id) if not e.posted]
        for entry in pending:
            async with self.store.read() as tx:
                attached = await entry_files(tx, entry.id)
            mentions: tuple[int, ...] = ()
            if entry.kind == "answer":
                mentions = askers(view, request)
            elif entry.kind == "follow_up":
                mentions = sur_people(view)
            message = entry_message(entry, request, view, mentions=mentions,
                                    files=[OutFile(n, d) for n, d in attached])
            message_id = await self.threads.post(thread_id, message)
            async with self.store.transaction() as tx:
                await mark_entry_posted(tx, entry.id, message_id)
