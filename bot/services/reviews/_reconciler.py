"""Make the Discord server match the review rows: categories, channels, overwrites, cards.

The rows are the truth. For each review the reconciler works out the channel it must have
(name, topic, who may see and write) and the status card it must show, then asks the guild
port to make Discord match; the port sends a request only where Discord differs, so a run
over a server that already matches sends none. Every step is recorded as soon as Discord has
done it, so a run interrupted halfway is completed by the next one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Protocol

from bot.clock import Clock
from bot.domain.mechanism import Cluster
from bot.domain.reviews import CapacityError, category_name, plan_categories
from bot.i18n import _, render_all
from bot.ports import Messenger, OutMessage
from bot.ports.effects import effect_scope
from bot.ports.guild import CategorySpec, ChannelSpec, GuildPort, Overwrite, Target
from bot.services.capacity import CapacityWatch
from bot.services.reviews._report import ReconcileReport, _label, _refusal
from bot.services.reviews._service import ReviewService
from bot.services.reviews._text import CLUSTER
from bot.services.reviews._views import ReviewView, card_digest, card_message
from bot.services.reviews._waiting import Placement, requester, served_notice, waits_notice
from storage.archives import end_wait, is_waiting, start_wait, waiting_reviews
from storage.db import Store
from storage.effects import clear_effects
from storage.jobs import Job, job_by_key
from storage.reviews import (
    ARCHIVE,
    ChannelRow,
    forget_card,
    review_categories,
    review_channel_ids,
    review_ids_involving,
    save_review_category,
    save_review_channel,
)

log = logging.getLogger(__name__)

READ = frozenset({"view_channel", "read_message_history"})
WRITE = frozenset({
    "send_messages", "send_messages_in_threads", "create_public_threads",
    "create_private_threads", "attach_files", "embed_links", "add_reactions",
})
BOT_ALLOW = READ | WRITE | frozenset({"manage_channels", "manage_threads", "manage_messages"})
NO_VIEW = Overwrite(Target.EVERYONE, deny=frozenset({"view_channel"}))
BOT = Overwrite(Target.BOT, allow=BOT_ALLOW)


def channel_overwrites(view: ReviewView) -> tuple[Overwrite, ...]:
    """@everyone denied; the bot and the secretariat allowed; each registered person of the
    review's States allowed to read, and to write unless an observer. Closed: read only."""
    archived = view.review.closed
    secretariat = (Overwrite(Target.SECRETARIAT, allow=READ, deny=WRITE) if archived
                   else Overwrite(Target.SECRETARIAT, allow=READ | WRITE))
    people = []
    for person in sorted(view.people, key=lambda p: p.user_id):
        writes = person.role in ("focal_point", "expert") and not archived
        people.append(Overwrite(Target.MEMBER, user_id=person.user_id,
                                allow=READ | WRITE if writes else READ,
                                deny=frozenset() if writes else WRITE))
    return (NO_VIEW, BOT, secretariat, *people)


def category_overwrites() -> tuple[Overwrite, ...]:
    return (NO_VIEW, BOT, Overwrite(Target.SECRETARIAT, allow=READ))


def channel_spec(view: ReviewView) -> ChannelSpec:
    """The channel of a review; its topic in the review's working language(s)."""
    cluster = view.cluster
    topic = _("Review of {sur}, cluster {cluster} ({title}). Confidential to the States of "
              "this review and the secretariat.", sur=view.sur.label, cluster=cluster.value,
              title=CLUSTER[cluster])
    if view.review.closed:
        topic = _("Closed and archived (read only). {topic}", topic=topic)
    return ChannelSpec(name=view.channel_name, topic=render_all(topic, view.languages, "\n")[:1024],
                       overwrites=channel_overwrites(view))


def archive_category_name(index: int) -> str:
    return "Archived reviews" + ("" if index == 1 else f" ({index})")


RETRY_JOB = "review.reconcile"
RETRY_AFTER = timedelta(minutes=1)


class HandOver(Protocol):
    async def hand_over(self, view: ReviewView, channel_id: int) -> None:
        """Make, keep and deliver the archive of a closed review's channel."""


class Reconciler:
    def __init__(
        self, store: Store, clock: Clock, port: GuildPort, messenger: Messenger,
        reviews: ReviewService, archiver: HandOver | None = None,
        capacity: CapacityWatch | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.port = port
        self.messenger = messenger
        self.reviews = reviews
        self.capacity = capacity or CapacityWatch(store, messenger)
        self.archiver = archiver
        self._lock = asyncio.Lock()
        self.timers = reviews.timers
        self.timers.register(RETRY_JOB, self._run_retry, label="repairing a review's channel")

    async def parties_changed(self, parties: Iterable[str]) -> None:
        """A party or its people changed: the channels of its reviews follow."""
        async with self.store.read() as tx:
            ids = await review_ids_involving(tx, parties)
        if ids:
            await self.reconcile(ids)

    async def card_deleted(self, channel_id: int, message_id: int) -> bool:
        """A message was deleted by hand; if it was a review's status card, put a new one up."""
        async with self.store.transaction() as tx:
            review_id = await forget_card(tx, channel_id, message_id, now=self.clock.now())
        if review_id is None:
            return False
        await self.reconcile([review_id])
        return True

    async def reconcile(self, review_ids: Iterable[int] | None = None) -> ReconcileReport:
        """Bring these reviews' channels (all reviews when None) in line with the rows."""
        async with self._lock:
            report = ReconcileReport()
            if not self.port.ready():
                report.skipped = True
                return report
            ids = None if review_ids is None else sorted(set(review_ids))
            views = await self.reviews.views(ids)
            views.sort(key=lambda v: v.id)  # oldest first: stable placement in categories
            run = _Run(self, report)
            for view in views:  # every review is looked at, whatever happened to the others
                report.reviews += 1
                try:
                    await run.one(view)
                except CapacityError as full:
                    report.problems.append(f"{view.sur.label}, cluster {view.review.cluster}: "
                                           f"{full}")
                    report.waiting.append(view.id)
                    await self._wait(view)
                except Exception as exc:  # Discord refused: say so, try again soon
                    log.warning("review %s: reconcile refused", view.id, exc_info=True)
                    report.refused[_label(view)] = _refusal(exc)
                    await self._retry_later(view.id, exc)
            await self.capacity.observe(self.port.channel_count())
            return report

    async def _retry_later(self, review_id: int, exc: BaseException) -> None:
        async with self.store.transaction() as tx:
            await self.timers.schedule(tx, RETRY_JOB, self.timers.retry_at(exc, RETRY_AFTER),
                                       {"review_id": review_id},
                                       key=f"review:{review_id}:reconcile", keep_pending=True)

    async def awaiting_repair(self, review_id: int) -> bool:
        """Whether Discord refused part of this review's channel and a retry is pending."""
        async with self.store.read() as tx:
            job = await job_by_key(tx, f"review:{review_id}:reconcile")
        return job is not None and job.status == "pending"

    async def _run_retry(self, job: Job, late: bool) -> None:
        review_id = int(job.payload["review_id"])
        report = await self.reconcile([review_id])
        if report.refused:  # still refused: the job fails, backs off and is reported
            raise RuntimeError("; ".join(report.refused.values()))

    async def _wait(self, view: ReviewView) -> None:
        """The review cannot get a channel: it waits in line (a row), told once."""
        if view.review.closed:
            return
        async with self.store.transaction() as tx:
            new = await start_wait(tx, view.id, self.clock.now())
            line = await waiting_reviews(tx)
        if new:
            place = line.index(view.id) + 1 if view.id in line else len(line)
            await self._post(waits_notice(view, place, self.port.channel_count()))

    async def _served(self, view: ReviewView, channel_id: int) -> None:
        async with self.store.transaction() as tx:
            since = await end_wait(tx, view.id)
        if since is not None:
            await self._post(served_notice(view, channel_id, since), mention=requester(view))

    async def _post(self, text: object, mention: tuple[int, ...] = ()) -> None:
        try:
            await self.messenger.post_to_secretariat(OutMessage(text,  # type: ignore[arg-type]
                                                                mention_users=mention))
        except Exception:  # the notice must not stop the channels being made
            log.exception("could not tell the secretariat: %s", text)

    async def place(self, review_id: int) -> Placement:
        """Where a review's channel stands now (its hand-off has run: the rows say it)."""
        view = await self.reviews.view(review_id)
        if view.channel_id is not None and self.port.exists(view.channel_id):
            return Placement(channel_id=view.channel_id)
        async with self.store.read() as tx:
            line = await waiting_reviews(tx)
            told = await is_waiting(tx, review_id)
        if told and review_id in line:
            return Placement(waiting=line.index(review_id) + 1)
        return Placement(refused=True)

    async def room_made(self) -> None:
        """A channel left the server: the reviews waiting for one get theirs, in order."""
        async with self.store.read() as tx:
            line = await waiting_reviews(tx)
        if line:
            await self.reconcile(line)

    async def _save(self, row: ChannelRow, *, clear: str | None = None) -> None:
        async with self.store.transaction() as tx:
            await save_review_channel(tx, row, now=self.clock.now())
            if clear is not None:  # the card is recorded: its journal entry is done with
                await clear_effects(tx, clear)


UNPINNED = "unpinned:"  # a card posted whose pin is still to be done


class _Run:
    """One reconcile pass: keeps counts of the channels it placed so far."""

    def __init__(self, owner: Reconciler, report: ReconcileReport) -> None:
        self.owner = owner
        self.port = owner.port
        self.report = report
        self.sizes: dict[int, int] = {}
        self.checked: set[int] = set()
        self.total = self.port.channel_count()
        self.told: set[str] = set()

    async def one(self, view: ReviewView) -> None:
        row = view.channel or ChannelRow(
            review_id=view.id, channel_id=None, category_id=None, card_message_id=None,
            card_digest=None, archived=False, transcript_sent=False,
        )
        if row.removed_at is not None:
            return  # its retention is over: the archive is kept, the channel left the server
        group = ARCHIVE if view.review.closed else view.review.cluster
        categories = await self._categories(group)
        channel_id = row.channel_id if row.channel_id and self.port.exists(row.channel_id) else None
        if channel_id is None and view.review.closed:
            if row.channel_id is not None or row.transcript_sent:
                # deleted by hand: a closed review's channel is not made again, empty
                await self.owner._save(row.model_copy(update={
                    "channel_id": None, "card_message_id": None, "card_digest": None,
                    "removed_at": self.owner.clock.now()}))
            return  # closed before it ever had a channel: nothing to archive
        if channel_id is None:
            async with self.owner.store.read() as tx:
                taken = set(await review_channel_ids(tx))
            channel_id = self.port.find_channel(view.channel_name, categories.values(), taken)
        parent = self.port.parent_of(channel_id) if channel_id else None
        if parent is not None and parent in categories.values():
            category_id = await self._checked_category(group, categories, parent)
        elif channel_id is not None and view.review.closed:
            try:
                category_id = await self._place(group, categories, moving=True)
            except CapacityError:  # no room for an archive category: read only where it is
                if parent is None:
                    raise
                category_id = parent
                self.report.problems.append(
                    f"{view.sur.label}, cluster {view.review.cluster}: the channel is read only "
                    "but stays in its category until there is room for an archive category.")
        else:
            category_id = await self._place(group, categories, moving=channel_id is not None)
        new_id = await self.port.ensure_channel(channel_id, channel_spec(view), category_id)
        if channel_id is None:
            self.report.channels_created += 1
            self.report.repair(view, _("channel made"))
            await self.owner._served(view, new_id)
        if new_id != row.channel_id:  # a new channel holds no card yet
            row = row.model_copy(update={"channel_id": new_id, "card_message_id": None,
                                         "card_digest": None})
        row = row.model_copy(update={"category_id": category_id,
                                     "archived": view.review.closed})
        if row != view.channel:
            await self.owner._save(row)
        row = await self._card(view, row)
        if view.review.closed and not row.transcript_sent:
            await self._hand_over(view, row)

    async def _categories(self, group: int) -> dict[int, int]:
        async with self.owner.store.read() as tx:
            return dict(await review_categories(tx, group))

    def _name(self, group: int, index: int) -> str:
        if group == ARCHIVE:
            return archive_category_name(index)
        return category_name(Cluster(group).title, index)

    async def _checked_category(self, group: int, categories: dict[int, int], cid: int) -> int:
        index = next(i for i, c in categories.items() if c == cid)
        return await self._ensure_category(group, index, cid)

    async def _ensure_category(self, group: int, index: int, cid: int | None) -> int:
        if cid is not None and cid in self.checked:
            return cid
        existed = cid is not None and self.port.category_size(cid) is not None
        spec = CategorySpec(name=self._name(group, index), overwrites=category_overwrites())
        new_id = await self.port.ensure_category(cid if existed else None, spec)
        if new_id != cid:
            self.total += 1
            self.sizes[new_id] = 0
            async with self.owner.store.transaction() as tx:
                await save_review_category(tx, group, index, new_id)
        self.checked.add(new_id)
        return new_id

    def _size(self, cid: int) -> int:
        if cid not in self.sizes:
            self.sizes[cid] = self.port.category_size(cid) or 0
        return self.sizes[cid]

    async def _place(self, group: int, categories: dict[int, int], *, moving: bool) -> int:
        """A category with room for one more channel (a new one when all are full). A channel
        that exists already (`moving`) only changes category: it is not a new channel."""
        indexes = sorted(categories)
        counts = [self._size(categories[i]) for i in indexes]
        plan = plan_categories(self._name(group, 1), counts, new_channels=1,
                               guild_channels=self.total, moving=moving)
        position = plan.assignments[0]
        index = indexes[position - 1] if position <= len(indexes) else (max(indexes, default=0) + 1)
        cid = await self._ensure_category(group, index, categories.get(index))
        categories[index] = cid
        self.sizes[cid] = self._size(cid) + 1
        if not moving:
            self.total += 1
        return cid

    async def _card(self, view: ReviewView, row: ChannelRow) -> ChannelRow:
        assert row.channel_id is not None
        channel_id = row.channel_id
        message = card_message(view, self.owner.reviews.zone)
        digest = card_digest(message)
        if row.card_message_id is not None and row.card_digest == digest:
            return row
        message_id = row.card_message_id
        stored = row.card_digest or ""
        pinned = message_id is not None and not stored.startswith(UNPINNED)
        if message_id is not None and stored.removeprefix(UNPINNED) != digest and (
                not await self.port.edit_card(row.channel_id, message_id, message)):
            message_id = None  # deleted by hand: post it again
        if message_id is None:
            with effect_scope(f"review:{view.id}:card:{channel_id}") as scope:
                message_id = await self.port.post_card(row.channel_id, message)
            self.report.cards_posted += 1
            self.report.repair(view, _("status card posted"))
            pinned = False
            # the card is recorded before it is pinned: a failed pin is retried as a pin
            row = row.model_copy(update={"card_message_id": message_id,
                                         "card_digest": UNPINNED + digest})
            await self.owner._save(row, clear=scope)
        if not pinned and not await self.port.pin_card(channel_id, message_id):
            # the next run edits the card (posting a new one only if it is really gone)
            raise LookupError("Discord could not find the status card to pin it")
        row = row.model_copy(update={"card_message_id": message_id, "card_digest": digest})
        await self.owner._save(row)
        return row

    async def _hand_over(self, view: ReviewView, row: ChannelRow) -> None:
        assert row.channel_id is not None
        if self.owner.archiver is None:
            return
        await self.owner.archiver.hand_over(view, row.channel_id)
        self.report.transcripts += 1
        await self.owner._save(row.model_copy(update={"transcript_sent": True}))


__all__ = ["ReconcileReport", "Reconciler", "channel_overwrites", "channel_spec"]
