"""Calls held inside Discord: a private voice room per call, its attendance, its notes.

A call scheduled without an outside link gets a room: a private voice channel opened a while
before the start (``call:<id>:room-open``), readable and joinable by the review's people and
the secretariat only, closed after the end once nobody is left in it (``call:<id>:room-close``).
Both are rows in the jobs table, so a restart in between changes nothing. Every call gets a
notes thread at its start (``call:<id>:notes``). Who is in a room, from when to when, comes
from voice-state events; when the room closes, the attendance record is fixed in the call's
row and posted in the review channel. No guild scheduled event is ever made: it would be
visible to the whole server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.attendance import AttendanceRecord, attendance_record, standing_of
from bot.domain.call_rooms import (
    ROOM_BOT,
    ROOM_LISTEN,
    ROOM_SPEAK,
    RoomTiming,
    notes_thread_name,
    room_budget,
    room_name,
)
from bot.domain.errors import InputError
from bot.domain.reviews import CapacityError
from bot.domain.timefmt import iso_utc
from bot.i18n import Language, _
from bot.ports import Messenger, OutFile
from bot.ports.guild import Overwrite, Target
from bot.ports.rooms import RoomPort, RoomSpec
from bot.services.calls import _rooms_text as text
from bot.services.calls._views import ReviewRoom
from bot.services.capacity import CapacityWatch
from bot.services.timers import Timekeeper
from storage.call_rooms import (
    mark_room_closed,
    open_rooms,
    present_in_room,
    record_room_emptied,
    record_room_join,
    record_room_leave,
    room_by_channel,
    room_of,
    room_stays,
    set_room_channel,
    set_room_link_message,
    set_room_notes_thread,
    set_room_record,
    set_room_record_message,
)
from storage.calls import Call, get_call
from storage.db import Store, Tx
from storage.jobs import Job
from storage.reviews import review_ids_involving

log = logging.getLogger(__name__)

OPEN_JOB = "call.room_open"
CLOSE_JOB = "call.room_close"
NOTES_JOB = "call.notes"

RoomLoader = Callable[[Tx, int], Awaitable[ReviewRoom]]


def open_key(call_id: int) -> str:
    return f"call:{call_id}:room-open"


def close_key(call_id: int) -> str:
    return f"call:{call_id}:room-close"


def notes_key(call_id: int) -> str:
    return f"call:{call_id}:notes"


def room_overwrites(room: ReviewRoom) -> tuple[Overwrite, ...]:
    """@everyone denied; the bot and the secretariat allowed; focal points and experts of the
    review's States join, speak and share video and screen; observers join and listen."""
    everyone = Overwrite(Target.EVERYONE, deny=frozenset({"view_channel", "connect"}))
    bot = Overwrite(Target.BOT, allow=ROOM_BOT)
    secretariat = Overwrite(Target.SECRETARIAT, allow=ROOM_LISTEN | ROOM_SPEAK)
    people = []
    for person in sorted(room.people, key=lambda p: p.user_id):
        speaks = person.role in ("focal_point", "expert")
        people.append(Overwrite(Target.MEMBER, user_id=person.user_id,
                                allow=ROOM_LISTEN | ROOM_SPEAK if speaks else ROOM_LISTEN,
                                deny=frozenset() if speaks else ROOM_SPEAK))
    return (everyone, bot, secretariat, *people)


async def arm_room(timers: Timekeeper, tx: Tx, call: Call, now: datetime,
                   timing: RoomTiming) -> None:
    """Schedule (or move, or remove) the room and notes jobs of a call, in the caller's
    transaction. A cancelled call's room, if open, closes at once."""
    if call.cancelled:
        await timers.cancel(tx, key=open_key(call.id))
        await timers.cancel(tx, key=notes_key(call.id))
        if await room_of(tx, call.id) is not None:
            await timers.schedule(tx, CLOSE_JOB, now, {"call_id": call.id}, key=close_key(call.id))
        return
    payload = {"call_id": call.id}
    await timers.schedule(tx, NOTES_JOB, max(call.start_utc, now), payload, key=notes_key(call.id))
    if call.link is not None:
        await timers.cancel(tx, key=open_key(call.id))
        await timers.cancel(tx, key=close_key(call.id))
        return
    await timers.schedule(tx, OPEN_JOB, max(timing.opens_at(call.start_utc), now), payload,
                          key=open_key(call.id))
    await timers.schedule(tx, CLOSE_JOB, timing.closes_at(call.end_utc), payload,
                          key=close_key(call.id))


@dataclass(frozen=True)
class NotesExport:
    call: Call
    file: OutFile


class CallRoomService:
    def __init__(
        self, store: Store, clock: Clock, timers: Timekeeper, messenger: Messenger,
        port: RoomPort, load_room: RoomLoader, *,
        timing: RoomTiming | None = None, capacity: CapacityWatch | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.timers = timers
        self.messenger = messenger
        self.port = port
        self._load_room = load_room
        self.timing = timing or RoomTiming()
        self.lock = asyncio.Lock()
        self.capacity = capacity or CapacityWatch(store, messenger)
        timers.register(OPEN_JOB, self._open_job, label="opening a call room")
        timers.register(CLOSE_JOB, self._close_job, label="closing a call room")
        timers.register(NOTES_JOB, self._notes_job, label="a call notes thread")

    async def _room(self, tx: Tx, review_id: int) -> ReviewRoom:
        return await self._load_room(tx, review_id)

    async def _call(self, tx: Tx, call_id: int) -> Call | None:
        return await get_call(tx, call_id)

    # ------------------------------------------------------------------------ opening

    async def _open_job(self, job: Job, late: bool) -> None:
        await self.open_room(int(job.payload["call_id"]), late=late)

    async def open_room(self, call_id: int, *, late: bool = False) -> int | None:
        """Open (or repair) the call's room; returns its channel id, None when it has none."""
        now = self.clock.now()
        async with self.lock:
            async with self.store.read() as tx:
                call = await self._call(tx, call_id)
                if call is None or call.cancelled or call.link is not None:
                    return None
                if now >= self.timing.closes_at(call.end_utc):
                    return None  # the call is over: no room any more
                review = await self._room(tx, call.review_id)
                saved = await room_of(tx, call_id)
            if review.closed or review.channel_id is None:
                return None
            if saved is not None and saved.closed_at is not None:
                return None  # closed early (the call was cancelled, then moved): stays closed
            spec = RoomSpec(name=room_name(call.id, self._channel_name(review)),
                            overwrites=room_overwrites(review), beside=review.channel_id)
            current = saved.channel_id if saved and saved.channel_id else None
            if current is not None and not self.port.exists(current):
                current = None
            if current is None:
                async with self.store.read() as tx:
                    taken = tuple(r.channel_id for r in await open_rooms(tx)
                                  if r.channel_id is not None)
                current = self.port.find_room(spec.name, taken)
            if current is None:
                try:
                    room_budget(self.port.channel_count())
                except CapacityError as full:
                    await self._refused(call, review, str(full))
                    return None
            channel_id = await self.port.ensure_room(current, spec)
            if current is None:  # one more channel: told once per crossing of 450, 475, 490
                await self.capacity.observe(self.port.channel_count())
            if saved is None or saved.channel_id != channel_id:
                async with self.store.transaction() as tx:
                    await set_room_channel(tx, call.id, channel_id, at=now)
            if saved is None or saved.link_message_id is None:
                message_id = await self.messenger.post(review.channel_id,
                                                       text.room_opened(call, channel_id, late))
                async with self.store.transaction() as tx:
                    await set_room_link_message(tx, call.id, message_id)
            return channel_id

    @staticmethod
    def _channel_name(review: ReviewRoom) -> str:
        return review.channel_name or f"review-{review.review_id}"

    async def _refused(self, call: Call, review: ReviewRoom, reason: str) -> None:
        await self.messenger.post_to_secretariat(text.room_refused_secretariat(call, review,
                                                                               reason))
        if review.channel_id is not None:
            await self.messenger.post(review.channel_id, text.room_refused(call, reason))

    async def people_changed(self, parties: list[str]) -> None:
        """Someone was registered for, or removed from, these States: the open rooms of their
        reviews follow at once (a room that already matches gets no request)."""
        async with self.store.read() as tx:
            calls = [await self._call(tx, r.call_id) for r in await open_rooms(tx)]
            reviews = set(await review_ids_involving(tx, parties))
        for call in calls:
            if call is not None and call.review_id in reviews:
                await self.open_room(call.id)

    # ------------------------------------------------------------------- voice events

    async def voice_moved(self, actor: Actor, *, left: int | None, joined: int | None) -> None:
        """A member's voice connection changed from channel `left` to channel `joined`."""
        if left == joined:
            return  # muted, unmuted, started video: the same stay
        now, user_id, is_secretariat = self.clock.now(), actor.person_id, actor.is_secretariat
        if left is not None:
            await self._left(left, user_id, now)
        if joined is not None:
            await self._joined(joined, user_id, is_secretariat, now)

    async def _left(self, channel_id: int, user_id: int, now: datetime) -> None:
        async with self.store.transaction() as tx:
            saved = await room_by_channel(tx, channel_id)
            if saved is None or not saved.open:
                return
            await record_room_leave(tx, saved.call_id, user_id, at=now)
            call = await self._call(tx, saved.call_id)
        if call is not None and (call.cancelled
                                 or now >= self.timing.closes_at(call.end_utc)):
            await self.close_room(call.id)  # the last one out after the closing time

    async def _joined(self, channel_id: int, user_id: int, is_secretariat: bool,
                      now: datetime) -> None:
        async with self.store.transaction() as tx:
            saved = await room_by_channel(tx, channel_id)
            if saved is None or not saved.open:
                return
            call = await self._call(tx, saved.call_id)
            assert call is not None
            review = await self._room(tx, call.review_id)
            people = {p.user_id: p.party for p in review.people}
            standing, party = standing_of(user_id, people, is_secretariat=is_secretariat)
            await record_room_join(tx, call.id, user_id, party=party, standing=standing, at=now)
        if standing == "outsider":
            await self.messenger.post_to_secretariat(text.outsider_alert(call, review, user_id))

    # ------------------------------------------------------------------------ closing

    async def _close_job(self, job: Job, late: bool) -> None:
        await self.close_room(int(job.payload["call_id"]))

    async def close_room(self, call_id: int) -> bool:
        """Close the room once nobody is left in it; fix and post the attendance record.
        Returns False when people are still there (it is looked at again later)."""
        now = self.clock.now()
        async with self.lock:
            async with self.store.read() as tx:
                saved = await room_of(tx, call_id)
                call = await self._call(tx, call_id)
                if saved is None or call is None:
                    return True
                review = await self._room(tx, call.review_id)
            channel = saved.channel_id
            if saved.closed_at is None and channel is not None and self.port.exists(channel):
                if self.port.occupants(channel):
                    await self._look_again(call_id, now)
                    return False
            record = await self._fix_record(call, review, now, reopen=saved.closed_at is None)
            if channel is not None and self.port.exists(channel):
                await self.port.delete_room(channel)
            async with self.store.transaction() as tx:
                await mark_room_closed(tx, call_id, at=now)
                await self.timers.cancel(tx, key=open_key(call_id))
            if saved.record_message_id is None and review.channel_id is not None and (
                    record.anyone or not call.cancelled):
                for part in text.attendance_messages(call, record, review):
                    message_id = await self.messenger.post(review.channel_id, part)
                async with self.store.transaction() as tx:
                    await set_room_record_message(tx, call_id, message_id)
            return True

    async def _fix_record(self, call: Call, review: ReviewRoom, now: datetime, *,
                          reopen: bool) -> AttendanceRecord:
        async with self.store.transaction() as tx:
            saved = await room_of(tx, call.id)
            if not reopen and saved is not None and saved.record is not None:
                return saved.record
            await record_room_emptied(tx, call.id, at=now)
            record = attendance_record(call.id, await room_stays(tx, call.id),
                                       [p.code for p in review.states], now)
            await set_room_record(tx, call.id, record)
        return record

    async def _look_again(self, call_id: int, now: datetime) -> None:
        at = now + self.timing.recheck
        async with self.store.transaction() as tx:
            await self.timers.schedule(tx, CLOSE_JOB, at, {"call_id": call_id},
                                       key=f"{close_key(call_id)}@{iso_utc(at)}")

    # -------------------------------------------------------------------------- notes

    async def _notes_job(self, job: Job, late: bool) -> None:
        call_id = int(job.payload["call_id"])
        async with self.store.read() as tx:
            call = await self._call(tx, call_id)
            if call is None or call.cancelled:
                return
            review = await self._room(tx, call.review_id)
            saved = await room_of(tx, call_id)
        if review.closed or review.channel_id is None:
            return
        thread_id, created = await self.port.ensure_thread(
            saved.notes_thread_id if saved else None, review.channel_id,
            notes_thread_name(call.id, call.title))
        async with self.store.transaction() as tx:
            await set_room_notes_thread(tx, call_id, thread_id)
        if created:
            await self.messenger.post(thread_id, text.notes_opening(call))

    async def export_notes(self, actor: Actor, call_id: int,
                           language: Language = Language.EN) -> NotesExport:
        if actor.review is None:
            raise InputError(_("Run `/call notes` in the review's own channel or its notes "
                               "thread."))
        now = self.clock.now()
        async with self.store.read() as tx:
            call = await self._call(tx, call_id)
            if call is None or call.review_id != actor.review.review_id:
                raise InputError(_("There is no call {call_id} in this review; `/call list` shows "
                                   "its coming calls.", call_id=call_id))
            review = await self._room(tx, call.review_id)
            saved = await room_of(tx, call_id)
            live = saved is not None and saved.open
            record = saved.record if saved is not None else None
            if live:
                record = attendance_record(call.id, await room_stays(tx, call.id),
                                           [p.code for p in review.states], now)
        if saved is None or saved.notes_thread_id is None:
            raise InputError(_("Call {call_id} has not started yet, so it has no notes thread; it "
                               "opens when the call starts.", call_id=call_id))
        notes = await self.port.thread_messages(saved.notes_thread_id)
        markdown = text.notes_markdown(call, review, record, live, notes, now, language)
        return NotesExport(call, text.notes_file(call, markdown))

    # ------------------------------------------------------------------------ restart

    async def resync(self) -> None:
        """At start: make the stays match who is in each open room now (people may have come
        or gone while the bot was offline), and close rooms left empty past their time."""
        now = self.clock.now()
        async with self.store.read() as tx:
            rooms = await open_rooms(tx)
        for saved in rooms:
            assert saved.channel_id is not None
            there = set(self.port.occupants(saved.channel_id)) if self.port.exists(
                saved.channel_id) else set()
            async with self.store.transaction() as tx:
                known = set(await present_in_room(tx, saved.call_id))
                for user_id in known - there:
                    await record_room_leave(tx, saved.call_id, user_id, at=now)
                call = await self._call(tx, saved.call_id)
            for user_id in sorted(there - known):
                await self._joined(saved.channel_id, user_id,
                                   self.port.is_secretariat(user_id), now)
            if call is not None and not there and (
                    call.cancelled or now >= self.timing.closes_at(call.end_utc)):
                await self.close_room(call.id)
