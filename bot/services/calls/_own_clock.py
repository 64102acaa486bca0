"""Each person's own clock: the zone they set with `/timezone`, and their coming calls.

A person's zone is used to read a start time they type without a zone and to write times in
their direct messages; announcements keep each State's local time. `/call mine` gives one
calendar file with every coming call of the person: those of their State's open reviews (less
those they declined), or for the secretariat the calls they accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.calendar_file import EventSpec, build_feed, call_uid
from bot.domain.call_times import LocalTime, get_zone, local_times, zone_name
from bot.i18n import Language, Verbatim, _, lines
from bot.ports import OutFile, OutMessage, Textual
from bot.services.audit import AuditService
from bot.services.calls._service import CallService
from bot.services.calls._text import LocalLine
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
            return OutMessage(_("You have no coming call. The calls of your State's reviews "
                                "appear here once they are scheduled."))
        out: list[Textual] = [_("Your coming calls, in your time zone ({zone}; change it with "
                                "`/timezone`):", zone=zone)]
        for call, room in found[:MAX_LISTED]:
            (when,) = local_times(call.start_utc, call.duration, {"": zone})
            where: Textual = (Verbatim(call.link) if call.link else
                              _("in the review's private room in Discord"))
            out.append(_("- **{title}** (call {call}, review of {review}): {when}, {where}",
                         title=Verbatim(call.title), call=Verbatim(str(call.id)),
                         review=room.label, when=_Span(when, zone), where=where))
        if len(found) > MAX_LISTED:
            out.append(_("… and {count} more, all in the calendar file.",
                         count=len(found) - MAX_LISTED))
        out.append(_("The calendar file holds them all; adding it updates calls already in "
                     "your calendar instead of doubling them."))
        events = [EventSpec(call_uid(call.id, room.deployment), call.sequence, call.title,
                            call.start_utc, call.duration,
                            f"Conference call of the review of {room.label}. Confidential to "
                            "the States of this review and the secretariat.", call.link)
                  for call, room in found]
        data = build_feed(events, ORGANIZER, dtstamp=now)
        return OutMessage(lines(*out), files=(OutFile("my-calls.ics", data),))



def _span(line: str) -> str:
    """'Thu 15 Jan 2026, 14:00–15:00 CET (UTC+01:00)' out of a labelled local-time line."""
    return re.split(r"\)\s*[:：]\s*", line, maxsplit=1)[-1]


class _Span:
    """A call's local time in one zone, in the reader's language, without its label."""

    def __init__(self, line: LocalTime, zone: str) -> None:
        self.line, self.zone = line, zone

    def render(self, language: Language) -> str:
        return _span(LocalLine(self.line, self.zone).render(language))
