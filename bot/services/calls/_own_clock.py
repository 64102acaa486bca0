"""Each person's own clock: the zone they set with `/timezone`, and their coming calls.

A person's zone is used to read a start time they type without a zone and to write times in
their direct messages; announcements keep each State's local time. `/call mine` gives one
calendar file with every coming call of the person: those of their State's open reviews (less
those they declined), or for the secretariat the calls they accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.calendar_file import EventSpec, build_feed, call_uid
from bot.domain.call_times import get_zone, local_times, zone_name
from bot.ports import OutFile, OutMessage
from bot.services.audit import AuditService
from bot.services.calls._service import CallService
from bot.services.calls._views import ORGANIZER, ReviewRoom
from storage.appointments import review_ids_of_person
from storage.call_rooms import calls_answered_by, own_zone_of, set_own_zone
from storage.calls import Call, calls_of_review, get_call
from storage.db import Tx

MAX_LISTED = 20


@dataclass(frozen=True)
class ZoneOutcome:
    zone: str | None
    before: str | None
    local_now: str


@dataclass(frozen=True)
class MyCalls:
    calls: tuple[tuple[Call, ReviewRoom], ...]
    zone: str
    message: OutMessage


class OwnClockService:
    def __init__(self, calls: CallService, clock: Clock, audit: AuditService) -> None:
        self.calls = calls
        self.store = calls.store
        self.clock = clock
        self.audit = audit

    async def set_zone(self, actor: Actor, typed: str | None) -> ZoneOutcome:
        """Set the person's zone (an IANA name in any letter case), or forget it with None."""
        zone = zone_name(typed) if typed and typed.strip() else None
        now = self.clock.now()
        async with self.store.transaction() as tx:
            before = await set_own_zone(tx, actor.person_id, zone, at=now)
            if before != zone:
                await self.audit.record_in(tx, actor, "person.timezone",
                                           f"user {actor.person_id}", {"zone": zone,
                                                                     "before": before})
        shown = zone or await self.zone_of(actor)
        local = now.astimezone(get_zone(shown))
        return ZoneOutcome(zone, before, f"{local:%a %d %b %Y, %H:%M} {local.tzname()}")

    async def zone_of(self, actor: Actor) -> str:
        """The person's own zone, else their State's, else the bot's default."""
        async with self.store.read() as tx:
            return await self._zone(tx, actor)

    async def _zone(self, tx: Tx, actor: Actor) -> str:
        own = await own_zone_of(tx, actor.person_id)
        if own:
            return own
        if actor.party:
            party = await tx.fetchone("SELECT timezone FROM parties WHERE code = ?",
                                      (actor.party,))
            if party and party["timezone"]:
                return str(party["timezone"])
        return self.calls.default_zone

    async def mine(self, actor: Actor) -> MyCalls:
        now = self.clock.now()
        found: list[tuple[Call, ReviewRoom]] = []
        async with self.store.read() as tx:
            zone = await self._zone(tx, actor)
            serves_in = await review_ids_of_person(tx, actor.person_id)  # as appointed
            if serves_in:
                declined = set(await calls_answered_by(tx, actor.person_id,
                                                                  ("decline",)))
                for review_id in serves_in:
                    room = await self.calls.room(tx, review_id)
                    if room.closed:
                        continue
                    for call in await calls_of_review(tx, review_id, ending_after=now):
                        if call.id not in declined:
                            found.append((call, room))
            elif actor.is_secretariat:
                for call_id in await calls_answered_by(tx, actor.person_id,
                                                                  ("accept", "tentative")):
                    answered = await get_call(tx, call_id)
                    if answered is None or answered.cancelled or answered.end_utc <= now:
                        continue
                    room = await self.calls.room(tx, answered.review_id)
                    if not room.closed:
                        found.append((answered, room))
        found.sort(key=lambda pair: (pair[0].start_utc, pair[0].id))
        return MyCalls(tuple(found), zone, self._message(found, zone, now))

    def _message(self, found: list[tuple[Call, ReviewRoom]], zone: str, now: datetime
                 ) -> OutMessage:
        if not found:
            return OutMessage("You have no coming call. The calls of your State's reviews "
                              "appear here once they are scheduled.")
        lines = [f"Your coming calls, in your time zone ({zone}; change it with `/timezone`):"]
        for call, room in found[:MAX_LISTED]:
            (when,) = local_times(call.start_utc, call.duration, {"": zone})
            where = call.link or "in the review's private room in Discord"
            lines.append(f"- **{call.title}** (call {call.id}, review of {room.label}): "
                         f"{_span(when.text)}, {where}")
        if len(found) > MAX_LISTED:
            lines.append(f"… and {len(found) - MAX_LISTED} more, all in the calendar file.")
        lines.append("The calendar file holds them all; adding it updates calls already in "
                     "your calendar instead of doubling them.")
        events = [EventSpec(call_uid(call.id, room.deployment), call.sequence, call.title,
                            call.start_utc, call.duration,
                            f"Conference call of the review of {room.label}. Confidential to "
                            "the States of this review and the secretariat.", call.link)
                  for call, room in found]
        data = build_feed(events, ORGANIZER, dtstamp=now)
        return OutMessage("\n".join(lines)[:2000], files=(OutFile("my-calls.ics", data),))



def _span(line: str) -> str:
    """'Thu 15 Jan 2026, 14:00–15:00 CET (UTC+01:00)' out of a labelled local-time line."""
    return line.split("): ", 1)[-1]
