"""Archives of closed reviews: made when a review closes, kept by the bot (ZIP bytes and
SHA-256 in the database, the hashes in the audit log), delivered again on request, and made
final and verified before the channel leaves the server at the end of its retention period.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from datetime import timedelta

from bot.clock import Clock
from bot.domain.actor import SYSTEM, Actor
from bot.domain.errors import InputError
from bot.domain.handoffs import REVIEWS_CHANGED, ReviewsChanged
from bot.i18n import Language, Msg
from bot.ports import Messenger, OutFile, OutMessage
from bot.ports.guild import GuildPort
from bot.services.archives import _notes as notes
from bot.services.archives._builder import archive_entries, read_zip, zip_bytes
from bot.services.archives._context import ArchiveContext, Entry, Gatherer
from bot.services.archives._rebuild import rebuilt, source_of
from bot.services.audit import AuditService
from bot.services.reviews import ReviewService, ReviewView
from bot.services.timers import Timekeeper
from storage.archives import (
    ArchiveRow,
    archive_bytes,
    archive_source,
    latest_archive,
    save_archive,
    waiting_reviews,
)
from storage.db import Store
from storage.jobs import Job
from storage.reviews import review_channel, save_review_channel

log = logging.getLogger(__name__)

RETENTION_JOB = "review.retention"
UPLOAD_LIMIT = 25 * 1024 * 1024  # what Discord accepts in one message from a bot


class ArchiveService:
    def __init__(
        self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
        messenger: Messenger, port: GuildPort, reviews: ReviewService, *,
        retention_days: int = 90, gatherers: Sequence[Gatherer] = (),
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.messenger = messenger
        self.port = port
        self.reviews = reviews
        self.retention = timedelta(days=retention_days)
        self.gatherers = tuple(gatherers)
        timers.register(RETENTION_JOB, self._run_retention,
                        label="removing a closed review's channel after its retention period")

    # ---------------------------------------------------------------------- making

    def _zone(self, view: ReviewView) -> str:
        return view.sur.timezone or self.reviews.zone

    async def build(self, view: ReviewView, channel_id: int) -> tuple[bytes, ArchiveContext]:
        """Read the channel whole and make its ZIP (nothing is stored yet)."""
        transcript = await self.port.transcript(channel_id)
        extra: list[Entry] = []
        for gather in self.gatherers:
            extra += await gather(view)
        ctx = ArchiveContext(view=view, transcript=transcript, exported=self.clock.now(),
                             language=view.languages[0] if view.languages else Language.EN,
                             zone=self._zone(view), extra=tuple(extra))
        return zip_bytes(ctx, archive_entries(ctx)), ctx

    async def _keep(self, view: ReviewView, data: bytes, ctx: ArchiveContext,
                    action: str) -> ArchiveRow:
        """Store the ZIP and record its hash and every file's hash in the audit log."""
        sha = hashlib.sha256(data).hexdigest()
        kept = list(ctx.kept.values())
        complete = all(k.path is not None for k in kept)
        async with self.store.transaction() as tx:
            archive_id = await save_archive(
                tx, review_id=view.id, made_at=ctx.exported, sha256=sha, data=data,
                messages=len(ctx.all_messages()), attachments=len(kept), complete=complete,
                language=ctx.language.value, source=source_of(ctx.transcript))
            await self.audit.record_in(tx, SYSTEM, action, f"review {view.id}", {
                "archive": archive_id, "sha256": sha, "size": len(data),
                "messages": len(ctx.all_messages()), "complete": complete,
                "files": [{"path": k.path, "name": k.attachment.filename,
                           "sha256": k.sha256, "size": k.attachment.size} for k in kept],
            })
            if action == "review.archive" and view.review.closed_at is not None:
                await self.timers.schedule(
                    tx, RETENTION_JOB, view.review.closed_at + self.retention,
                    {"review_id": view.id}, key=f"review:{view.id}:retention")
            row = await latest_archive(tx, view.id)
        assert row is not None
        return row

    async def hand_over(self, view: ReviewView, channel_id: int) -> None:
        """A review has closed: its archive is made, kept, and given to the secretariat."""
        async with self.store.read() as tx:
            row = await latest_archive(tx, view.id)
            data = await archive_bytes(tx, row.id) if row is not None else None
        closed_at = view.review.closed_at
        if row is None or data is None or (closed_at is not None and row.made_at < closed_at):
            data, ctx = await self.build(view, channel_id)
            row = await self._keep(view, data, ctx, "review.archive")
        await self.messenger.post_to_secretariat(self._delivery(view, row, data, channel_id))

    def _delivery(self, view: ReviewView, row: ArchiveRow, data: bytes,
                  channel_id: int | None) -> OutMessage:
        text = notes.handed_over(view, row, channel_id, self.retention.days)
        if len(data) > UPLOAD_LIMIT:
            return OutMessage(notes.too_large(view, row))
        return OutMessage(text, files=(OutFile(archive_name(view), data),))

    # ------------------------------------------------------------------- delivering

    async def deliver(self, actor: Actor, review_id: int, language: Language = Language.EN,
                      ) -> tuple[OutMessage, bytes | None]:
        """The archive for someone who may have it: the review's people and the secretariat.
        In the archive's own language the bytes kept are given; in another, the same messages
        and files with the headings in the reader's language."""
        view = await self.reviews.view(review_id)
        if not actor.is_secretariat and review_id not in {
                v.id for v in await self.reviews.visible_views(actor)}:
            raise InputError(notes.NOT_YOURS)
        async with self.store.read() as tx:
            row = await latest_archive(tx, review_id)
            data = await archive_bytes(tx, row.id) if row is not None else None
        if row is None or data is None:
            raise InputError(notes.NO_ARCHIVE_YET)
        text = notes.delivered(view, row)
        if language.value != row.language:
            async with self.store.read() as tx:
                source = await archive_source(tx, row.id)
            if source:
                data = rebuilt(view, source, data, row.made_at, language, self._zone(view))
                text = notes.delivered_translated(view, row, Language(row.language))
        if len(data) > UPLOAD_LIMIT:
            return OutMessage(notes.too_large(view, row)), None
        return OutMessage(text, files=(OutFile(archive_name(view), data),)), data

    # -------------------------------------------------------------------- retention

    async def _run_retention(self, job: Job, late: bool) -> None:
        await self.remove_channel(int(job.payload["review_id"]))

    async def remove_channel(self, review_id: int) -> bool:
        """The retention period is over: make the final archive, verify what is stored, and
        only then delete the channel. Raises (the job retries, then reports) when the archive
        is not complete; returns False when there was nothing to remove."""
        view = await self.reviews.view(review_id)
        async with self.store.read() as tx:
            row = await review_channel(tx, review_id)
        if not view.review.closed or row is None or row.removed_at is not None:
            return False
        channel_id = row.channel_id
        if channel_id is not None and self.port.exists(channel_id):
            data, ctx = await self.build(view, channel_id)
            archive = await self._keep(view, data, ctx, "review.archive.final")
        else:
            async with self.store.read() as tx:
                found = await latest_archive(tx, review_id)
            if found is None:
                raise RuntimeError(f"the channel of review {review_id} is gone and no archive "
                                   "of it is kept")
            archive = found
        await self._verify(archive)
        if channel_id is not None:
            await self.port.delete_channel(channel_id)
        gone = row.model_copy(update={"channel_id": None, "card_message_id": None,
                                      "card_digest": None, "removed_at": self.clock.now()})
        async with self.store.transaction() as tx:
            await save_review_channel(tx, gone, now=self.clock.now())
            await self.audit.record_in(tx, SYSTEM, "review.channel_removed",
                                       f"review {review_id}", {
                                           "channel_id": str(channel_id) if channel_id else None,
                                           "archive": archive.id, "sha256": archive.sha256})
            waiting = await waiting_reviews(tx)
            if waiting:  # room is made: the reviews waiting for a channel get theirs, in order
                change = ReviewsChanged(reviews=tuple(waiting))
                await self.timers.hand_off(tx, REVIEWS_CHANGED, change.model_dump(mode="json"))
        return True

    async def _verify(self, archive: ArchiveRow) -> None:
        """The stored bytes are the ones recorded, open as a ZIP, and hold every file."""
        async with self.store.read() as tx:
            data = await archive_bytes(tx, archive.id)
        if data is None or hashlib.sha256(data).hexdigest() != archive.sha256:
            raise RuntimeError(f"archive {archive.id} does not match its SHA-256")
        if not archive.complete:
            raise RuntimeError(f"archive {archive.id} lacks the bytes of an attachment; the "
                               "channel stays until they can be kept")
        files = read_zip(data)
        listed = json.loads(files["transcript.json"])["files"]
        for path, sha in listed.items():
            if path not in files or hashlib.sha256(files[path]).hexdigest() != sha:
                raise RuntimeError(f"archive {archive.id}: {path} is missing or damaged")

    async def remove_channel_now(self, review_id: int) -> Msg:
        """The secretariat asks for a closed review's channel to leave now (room is needed)."""
        view = await self.reviews.view(review_id)
        async with self.store.read() as tx:
            row = await review_channel(tx, review_id)
        if not view.review.closed:
            raise InputError(notes.NOT_CLOSED)
        if row is None or row.removed_at is not None or row.channel_id is None:
            raise InputError(notes.NO_CHANNEL)
        try:
            await self.remove_channel(review_id)
        except Exception as exc:
            log.warning("review %s: the channel could not be removed", review_id, exc_info=True)
            async with self.store.transaction() as tx:  # the job tries again and reports
                await self.timers.schedule(tx, RETENTION_JOB, self.clock.now() + timedelta(
                    minutes=5), {"review_id": review_id}, key=f"review:{review_id}:retention")
            return notes.not_removed(view, str(exc)[:300])
        async with self.store.read() as tx:
            archive = await latest_archive(tx, review_id)
        assert archive is not None
        async with self.store.transaction() as tx:
            await self.timers.cancel(tx, key=f"review:{review_id}:retention")
        return notes.removed(view, archive)


def archive_name(view: ReviewView) -> str:
    return f"archive-{view.channel_name}-review-{view.id}.zip"
