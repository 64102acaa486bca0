"""Availability polls: propose a few times, let each person mark the ones they can attend,
then confirm one as a scheduled call. Polls live in the review channel, like calls."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.actor import Actor
from bot.domain.call_times import parse_duration, parse_start
from bot.domain.errors import InputError
from bot.i18n import _
from bot.services.calls import _views as views
from bot.services.calls._inputs import clean_link, clean_title
from bot.services.calls._poll_text import poll_message
from bot.services.calls._service import CallOutcome, CallService
from storage.calls import (
    Poll,
    PollSlot,
    confirm_poll,
    get_call,
    get_poll,
    insert_call,
    insert_poll,
    poll_slots,
    poll_votes,
    set_poll_message,
    toggle_poll_vote,
    unposted_polls,
)
from storage.db import Tx

log = logging.getLogger(__name__)

MAX_SLOTS = 10


@dataclass(frozen=True)
class VoteOutcome:
    poll: Poll
    slot: PollSlot
    available: bool


class CallPlanner(CallService):
    """Calls, and the availability polls that lead to them."""

    async def _poll_in(self, tx: Tx, actor: Actor, poll_id: int) -> Poll:
        poll = await get_poll(tx, poll_id)
        if poll is None or poll.review_id != self.review_id_of(actor):
            raise InputError(_("There is no poll {poll_id} in this review; `/call list` shows its "
                               "open polls.", poll_id=poll_id))
        return poll

    async def _slot(self, tx: Tx, poll: Poll, slot: int, now: datetime) -> PollSlot:
        found = next((s for s in await poll_slots(tx, poll.id) if s.slot == slot), None)
        if found is None:
            raise InputError(_("Poll {id} has no slot {slot}.", id=poll.id, slot=slot))
        if found.start_utc <= now:
            raise InputError(_("Slot {slot} of poll {id} has already passed.", slot=slot,
                               id=poll.id))
        return found

    async def propose(
        self, actor: Actor, title: str, slots: str, duration: str, timezone: str | None = None
    ) -> Poll:
        name, length, now = clean_title(title), parse_duration(duration), self.clock.now()
        parts = [p.strip() for p in re.split(r"[;,\n]", slots) if p.strip()]
        if not 1 <= len(parts) <= MAX_SLOTS:
            raise InputError(_("Give 1 to {limit} times separated by semicolons, for example "
                               "2026-03-03T14:00 Europe/Vienna; 2026-03-04T09:00 Europe/Vienna.",
                               limit=MAX_SLOTS))
        async with self.store.transaction() as tx:
            room = await self.room(tx, self.review_id_of(actor))
            self.check_open(room)
            default = await self.zone_for(tx, actor, room, timezone)
            starts = sorted(parse_start(p, default, now) for p in parts)
            if len(set(starts)) != len(starts):
                raise InputError(_("The same time is given twice; give each slot once."))
            poll_id = await insert_poll(
                tx, review_id=room.review_id, title=name,
                duration_minutes=length // timedelta(minutes=1), zone=default, starts=starts,
                by=actor.audit_name, now=now,
            )
            poll = await get_poll(tx, poll_id)
            assert poll is not None
            await self.audit.record_in(tx, actor, "call.propose", f"poll {poll_id}", {
                "review": room.review_id, "title": name, "minutes": poll.duration_minutes,
                "slots": [s.isoformat() for s in starts],
            })
        await self.show_poll(poll, room)
        return poll

    async def vote(self, actor: Actor, poll_id: int, slot: int) -> VoteOutcome:
        """Mark the person available for a slot, or take it back."""
        now = self.clock.now()
        async with self.store.transaction() as tx:
            poll = await self._poll_in(tx, actor, poll_id)
            if poll.status != "open":
                raise InputError(_("This poll is closed: a time was already chosen."))
            chosen = await self._slot(tx, poll, slot, now)
            room = await self.room(tx, poll.review_id)
            party = self.party_of(actor, room)
            available = await toggle_poll_vote(tx, poll.id, slot, actor.person_id, party=party,
                                               at=now)
            await self.audit.record_in(tx, actor, "call.vote", f"poll {poll.id}",
                                       {"slot": slot, "available": available, "party": party})
        await self.show_poll(poll, room)
        return VoteOutcome(poll, chosen, available)

    async def confirm(
        self, actor: Actor, poll_id: int, slot: int, link: str | None = None
    ) -> CallOutcome:
        """Turn a slot of an open poll into a scheduled call, and close the poll."""
        url, now = clean_link(link), self.clock.now()
        async with self.store.transaction() as tx:
            poll = await self._poll_in(tx, actor, poll_id)
            if poll.status != "open":
                raise InputError(_("Poll {id} is already confirmed; `/call list` shows the call.",
                                   id=poll.id))
            chosen = await self._slot(tx, poll, slot, now)
            room = await self.room(tx, poll.review_id)
            self.check_open(room)
            call_id = await insert_call(
                tx, review_id=room.review_id, title=poll.title, start=chosen.start_utc,
                duration_minutes=poll.duration_minutes, link=url, zone=poll.zone,
                by=actor.audit_name, now=now, poll_id=poll.id,
            )
            await confirm_poll(tx, poll.id, slot=slot, call_id=call_id, now=now)
            await self.arm(tx, call_id, chosen.start_utc, now)
            call = await get_call(tx, call_id)
            closed = await get_poll(tx, poll.id)
            assert call is not None and closed is not None
            await self.audit.record_in(tx, actor, "call.confirm", f"call {call_id}", {
                "poll": poll.id, "slot": slot, "start": chosen.start_utc.isoformat(),
                "title": poll.title, "minutes": poll.duration_minutes, "link": url,
            })
        await self.show_poll(closed, room)
        announced = await self.show(call, room, with_file=True)
        return CallOutcome(call, room, announced,
                           self.outside_hours(room, call.start_utc, call.duration))

    async def show_poll(self, poll: Poll, room: views.ReviewRoom) -> bool:
        """Make the poll message match the rows: edit it in place, or post it if missing."""
        async with self.lock:
            async with self.store.read() as tx:
                current = await get_poll(tx, poll.id) or poll
                slots = await poll_slots(tx, poll.id)
                votes = await poll_votes(tx, poll.id)
            channel = current.channel_id or room.channel_id
            if channel is None:
                return False
            message, buttons = poll_message(current, slots, votes, room)
            try:
                if current.message_id is not None and await self.board.edit(
                    channel, current.message_id, message, buttons
                ):
                    return True
                message_id = await self.board.post_with_buttons(channel, message, buttons)
            except Exception:
                log.exception("poll %s could not be shown", poll.id)
                return False
            async with self.store.transaction() as tx:
                await set_poll_message(tx, poll.id, channel, message_id)
            return True

    async def repair(self) -> None:
        """At start: post the announcements and open polls that never made it to Discord."""
        await super().repair()
        async with self.store.read() as tx:
            polls = await unposted_polls(tx)
        for poll in polls:
            async with self.store.read() as tx:
                room = await self.room(tx, poll.review_id)
            if not room.closed:
                await self.show_poll(poll, room)
