"""Conference calls of a review: schedule, answer, remind, move, cancel, list, suggest.

A call lives only in its review's channel: its announcement (edited in place), calendar file,
reminders (jobs ``call:<id>:24h|1h|start``, moved and removed with the call) and notices. Every
change is audited in its transaction; what could not be posted is posted at the next start.
Availability polls are in ``_polls``; the room held inside Discord in ``_rooms``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.call_rooms import RoomTiming
from bot.domain.call_times import parse_duration, parse_start, stated_zone, zone_name
from bot.domain.calls import (
    ReminderKind,
    WorkingHours,
    no_slot_reason,
    reminder_times,
    shared_working_hours,
    suggest_slots,
)
from bot.domain.errors import InputError, Refused
from bot.i18n import _
from bot.ports import Board
from bot.ports.effects import effect_scope
from bot.services.audit import AuditService
from bot.services.calls import _views as views
from bot.services.calls._followon import CallFollowOn
from bot.services.calls._inputs import clean_link, clean_title
from bot.services.calls._results import AnswerOutcome, CallOutcome, Listing, Suggestion
from bot.services.calls._rooms import arm_room
from bot.services.reviews import load_views
from bot.services.timers import Timekeeper
from storage.call_rooms import own_zone_of
from storage.calls import (
    Answer,
    Call,
    call_attendance,
    calls_of_review,
    cancel_call,
    get_call,
    insert_call,
    move_call,
    open_polls,
    poll_slots,
    set_call_answer,
    set_call_message,
    unannounced_calls,
)
from storage.db import Store, Tx
from storage.effects import clear_effects
from storage.jobs import Job
from storage.reviews import get_review

log = logging.getLogger(__name__)

REMINDER_JOB = "call.reminder"
_BEFORE_ALL = timedelta(days=2)  # earlier than every reminder of a call


def reminder_key(call_id: int, kind: ReminderKind) -> str:
    return f"call:{call_id}:{kind.value}"


class CallService:
    def __init__(
        self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper, board: Board,
        *, hours: WorkingHours | None = None, default_zone: str = "UTC",
        room_timing: RoomTiming | None = None, deployment: Callable[[], str],
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.board = board
        self.hours = hours or WorkingHours()
        self.hours.check()
        self.default_zone = zone_name(default_zone)
        self.lock = asyncio.Lock()
        self.room_timing = room_timing or RoomTiming()
        self.deployment = deployment  # the server's id, for calendar UIDs
        timers.register(REMINDER_JOB, self._remind, label="a call reminder")
        self.follow_on = CallFollowOn(store, clock, timers, board, self.show, self.room)

    # ------------------------------------------------------------------------ context

    @staticmethod
    def review_id_of(actor: Actor) -> int:
        if actor.review is None:
            raise InputError(_("Run `/call` commands in the review's own channel."))
        return actor.review.review_id

    async def room(self, tx: Tx, review_id: int) -> views.ReviewRoom:
        review = await get_review(tx, review_id)
        if review is None:
            raise InputError(_("That review no longer exists."))
        (view,) = await load_views(tx, [review])
        return views.ReviewRoom(
            review_id=review.id,
            label=_("{party}, cluster {cluster}", party=view.sur.label, cluster=review.cluster),
            channel_id=view.channel_id, closed=review.closed,
            states=(view.sur, *(party for _r, party in view.reviewers)), people=view.people,
            channel_name=view.channel_name, deployment=self.deployment(),
            languages=view.languages,
        )

    @staticmethod
    def check_open(room: views.ReviewRoom) -> None:
        if room.closed:
            raise InputError(_("This review is closed; no calls can be planned in it."))
        if room.channel_id is None:
            raise InputError(_("The review's channel is still being prepared; try again shortly."))

    async def zone_for(self, tx: Tx, actor: Actor, room: views.ReviewRoom,
                       typed: str | None) -> str:
        """The zone a start without its own zone is read in: the one typed in `timezone:`,
        else the person's own (`/timezone`), else their State's, else the bot's default."""
        if typed and typed.strip():
            return zone_name(typed)
        state = next((p.timezone for p in room.states if p.code == actor.party), None)
        return await own_zone_of(tx, actor.person_id) or state or self.default_zone

    async def _call_in(self, tx: Tx, actor: Actor, call_id: int) -> Call:
        call = await get_call(tx, call_id)
        if call is None or call.review_id != self.review_id_of(actor):
            raise InputError(_("There is no call {call_id} in this review; `/call list` shows its "
                               "calls.", call_id=call_id))
        return call

    @staticmethod
    def party_of(actor: Actor, room: views.ReviewRoom) -> str | None:
        """The State a person answers for (None: the secretariat)."""
        if actor.party in {p.code for p in room.states}:
            return actor.party
        if actor.is_secretariat:
            return None
        raise Refused(_("Only the registered people of this review's States and the secretariat "
                        "can answer. Nothing was changed."))

    def outside_hours(self, room: views.ReviewRoom, start: datetime, length: timedelta
                      ) -> tuple[str, ...]:
        """The States for which the call is not wholly inside working hours."""
        whole = [(start, start + length)]
        return tuple(p.label for p in room.states
                     if shared_working_hours([p.timezone], start, start + length,
                                             self.hours) != whole)

    async def arm(self, tx: Tx, call_id: int, start: datetime, now: datetime) -> None:
        """Reminders still ahead are (re)scheduled under their keys, the others removed; the
        room and notes jobs follow."""
        due = {r.kind: r.at for r in reminder_times(start, now)}
        for kind in ReminderKind:
            key = reminder_key(call_id, kind)
            if kind in due:
                payload = {"call_id": call_id, "kind": kind.value}
                await self.timers.schedule(tx, REMINDER_JOB, due[kind], payload, key=key)
            else:
                await self.timers.cancel(tx, key=key)
        call = await get_call(tx, call_id)
        if call is not None:
            await arm_room(self.timers, tx, call, now, self.room_timing)

    # ------------------------------------------------------------------ scheduling

    async def schedule(
        self, actor: Actor, title: str, start: str, duration: str,
        timezone: str | None = None, link: str | None = None,
    ) -> CallOutcome:
        name, url, length = clean_title(title), clean_link(link), parse_duration(duration)
        review_id, now = self.review_id_of(actor), self.clock.now()
        async with self.store.transaction() as tx:
            room = await self.room(tx, review_id)
            self.check_open(room)
            default = await self.zone_for(tx, actor, room, timezone)
            start_utc = parse_start(start, default, now)
            call_id = await insert_call(
                tx, review_id=review_id, title=name, start=start_utc,
                duration_minutes=length // timedelta(minutes=1), link=url,
                zone=stated_zone(start, default), by=actor.audit_name, now=now,
            )
            await self.arm(tx, call_id, start_utc, now)
            call = await get_call(tx, call_id)
            assert call is not None
            await self.audit.record_in(tx, actor, "call.schedule", f"call {call_id}", {
                "review": review_id, "title": name, "start": call.start_utc.isoformat(),
                "minutes": call.duration_minutes, "zone": call.zone, "link": url,
            })
        announced = await self.show(call, room, with_file=True)
        return CallOutcome(call, room, announced, self.outside_hours(room, start_utc, length))

    async def answer(self, actor: Actor, call_id: int, answer: Answer) -> AnswerOutcome:
        now = self.clock.now()
        async with self.store.transaction() as tx:
            call = await self._call_in(tx, actor, call_id)
            if call.cancelled:
                raise InputError(_("This call was cancelled; there is nothing to answer."))
            if now >= call.end_utc:
                raise InputError(_("This call has already ended."))
            room = await self.room(tx, call.review_id)
            party = self.party_of(actor, room)
            before = await set_call_answer(tx, call.id, actor.person_id, party=party,
                                           answer=answer, at=now)
            if before != answer:
                await self.audit.record_in(tx, actor, "call.answer", f"call {call.id}",
                                           {"answer": answer, "before": before, "party": party})
        if before != answer:
            await self.show(call, room, with_file=False)
        return AnswerOutcome(call, answer, before != answer)

    async def reschedule(
        self, actor: Actor, call_id: int, start: str, timezone: str | None = None
    ) -> CallOutcome:
        now = self.clock.now()
        async with self.store.transaction() as tx:
            call = await self._call_in(tx, actor, call_id)
            if call.cancelled:
                raise InputError(_("This call was cancelled; plan a new one with "
                                   "`/call schedule`."))
            if now >= call.start_utc:
                raise InputError(_("This call has already started, so it cannot be moved. Plan a "
                                   "new one with `/call schedule`."))
            room = await self.room(tx, call.review_id)
            self.check_open(room)
            default = (await self.zone_for(tx, actor, room, timezone)
                       if timezone or "/" not in call.zone else call.zone)
            start_utc = parse_start(start, default, now)
            if start_utc == call.start_utc:
                raise InputError(_("The call is already at that time. Nothing was changed."))
            await move_call(tx, call.id, start=start_utc, zone=stated_zone(start, default),
                                 now=now)
            await self.arm(tx, call.id, start_utc, now)
            moved = await get_call(tx, call.id)
            assert moved is not None
            told = tuple(a.user_id for a in await call_attendance(tx, call.id))
            notice = views.moved_notice(moved, room, call.start_utc, actor.person_id, told)
            await self.follow_on.queue_notice(tx, moved, room.channel_id, notice)
            await self.audit.record_in(tx, actor, "call.reschedule", f"call {call.id}", {
                "from": call.start_utc.isoformat(), "to": start_utc.isoformat(),
                "zone": moved.zone, "sequence": moved.sequence,
            })
        announced = await self.show(moved, room, with_file=True)
        return CallOutcome(moved, room, announced,
                           self.outside_hours(room, start_utc, moved.duration), told)

    async def cancel(self, actor: Actor, call_id: int, reason: str) -> CallOutcome:
        why = " ".join(reason.split())
        if not 3 <= len(why) <= 300:
            raise InputError(_("Give a reason of 3 to 300 characters; everyone who answered is "
                               "told it. Nothing was changed."))
        now = self.clock.now()
        async with self.store.transaction() as tx:
            call = await self._call_in(tx, actor, call_id)
            if call.cancelled:
                raise InputError(_("This call is already cancelled."))
            if now >= call.end_utc:
                raise InputError(_("This call has already ended; there is nothing to cancel."))
            room = await self.room(tx, call.review_id)
            await cancel_call(tx, call.id, reason=why, now=now)
            await self.timers.cancel(tx, prefix=f"call:{call.id}:")
            cancelled = await get_call(tx, call.id)
            assert cancelled is not None
            await arm_room(self.timers, tx, cancelled, now, self.room_timing)
            told = tuple(a.user_id for a in await call_attendance(tx, call.id))
            notice = views.cancelled_notice(cancelled, room, actor.person_id, told)
            await self.follow_on.queue_notice(tx, cancelled, room.channel_id, notice)
            await self.audit.record_in(tx, actor, "call.cancel", f"call {call.id}", {
                "reason": why, "start": call.start_utc.isoformat(),
                "sequence": cancelled.sequence,
            })
        announced = await self.show(cancelled, room, with_file=True)
        return CallOutcome(cancelled, room, announced, (), told)

    # -------------------------------------------------------------------- reading

    async def upcoming(self, actor: Actor) -> Listing:
        """The review's calls not yet ended, and its open polls with a slot still ahead."""
        now = self.clock.now()
        async with self.store.read() as tx:
            room = await self.room(tx, self.review_id_of(actor))
            calls = await calls_of_review(tx, room.review_id, ending_after=now)
            polls = [(p, tuple(await poll_slots(tx, p.id)))
                     for p in await open_polls(tx, room.review_id)]
        polls = [(p, slots) for p, slots in polls if any(s.start_utc > now for s in slots)]
        return Listing(room, tuple(calls), tuple(polls))

    async def suggest(self, actor: Actor, duration: str, within_days: int = 14) -> Suggestion:
        length, now = parse_duration(duration), self.clock.now()
        async with self.store.read() as tx:
            room = await self.room(tx, self.review_id_of(actor))
        zones = list(dict.fromkeys(p.timezone for p in room.states))
        hours = self.hours
        slots = suggest_slots(zones, length, now, within_days, hours.start, hours.end, hours.days)
        reason = None if slots else no_slot_reason(zones, length, now, within_days, hours)
        return Suggestion(room, length, tuple(slots), reason, hours)

    # ------------------------------------------------------------------ projection

    async def show(self, call: Call, room: views.ReviewRoom, *, with_file: bool) -> bool:
        """Make the announcement match the rows: edit it in place, or post it if missing."""
        async with self.lock:
            async with self.store.read() as tx:
                current = await get_call(tx, call.id) or call
                answers = await call_attendance(tx, call.id)
            channel = current.channel_id or room.channel_id
            if channel is None:
                return False
            try:
                if current.message_id is not None:
                    message, buttons = views.announcement(current, room, answers,
                                                          with_file=with_file)
                    if await self.board.edit(channel, current.message_id, message, buttons):
                        return True
                message, buttons = views.announcement(current, room, answers, with_file=True)
                with effect_scope(f"call:{call.id}:announce:{current.message_id or 0}") as scope:
                    message_id = await self.board.post_with_buttons(channel, message, buttons)
            except Exception as exc:  # tried again by a job
                log.warning("call %s: announcement not shown", call.id, exc_info=True)
                await self.follow_on.show_later(call.id, exc)
                return False
            async with self.store.transaction() as tx:
                await set_call_message(tx, call.id, channel, message_id)
                await clear_effects(tx, scope)
            return True

    async def repair(self) -> None:
        """At start: post the announcements that never made it to Discord."""
        async with self.store.read() as tx:
            calls = await unannounced_calls(tx, ending_after=self.clock.now())
        for call in calls:
            async with self.store.read() as tx:
                room = await self.room(tx, call.review_id)
            if not room.closed:
                await self.show(call, room, with_file=True)

    # -------------------------------------------------------------------- reminders

    async def _remind(self, job: Job, late: bool) -> None:
        kind = ReminderKind(job.payload["kind"])
        now = self.clock.now()
        async with self.store.read() as tx:
            call = await get_call(tx, int(job.payload["call_id"]))
            if call is None or call.cancelled or now >= call.end_utc:
                return  # nothing to remind of any more
            room = await self.room(tx, call.review_id)
            answers = await call_attendance(tx, call.id)
        if late:
            order = list(ReminderKind)
            superseded = [r for r in reminder_times(call.start_utc, call.start_utc - _BEFORE_ALL)
                          if order.index(r.kind) > order.index(kind) and r.at <= now]
            if superseded:
                return  # a later reminder is due as well; that one alone is sent
        if room.closed or room.channel_id is None:
            return
        said = {a.user_id: a.answer for a in answers}
        mentions = [a.user_id for a in answers if a.answer in ("accept", "tentative")]
        mentions += [p.user_id for p in room.people
                     if p.user_id not in said and p.user_id not in mentions]
        await self.board.post_with_buttons(
            room.channel_id, views.reminder_message(call, kind, mentions, late), ()
        )
