"""Appointments: register them on a note verbale, end them, list them, and answer who serves
in which review (the access checks, the review channels and the outputs ask this).

Every change is audited in its own transaction, which also writes the ``PARTIES_CHANGED``
hand-off: the channels (their permission overwrites), reminders and call rooms of the State's
reviews follow. Everyone whose role changes is told by direct message.
"""

from __future__ import annotations

import logging
from datetime import UTC, date

from pydantic import BaseModel, ConfigDict

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.appointments import ROLES, NoteVerbale, note_verbale, senior
from bot.domain.errors import InputError
from bot.domain.handoffs import PARTIES_CHANGED, PartiesChanged
from bot.domain.parties import Party
from bot.i18n import Msg, lines
from bot.ports import Messenger, OutMessage, Textual
from bot.services.appointments import _text as text
from bot.services.audit import AuditService
from bot.services.registry import RegistryService
from bot.services.timers import Timekeeper
from storage.appointments import (
    Appointment,
    all_appointments,
    appointments_of,
    appointments_of_party,
    delete_review_appointment,
    delete_review_appointments_of,
    focal_point_in_review,
    review_appointment,
    review_ids_of_person,
    role_in_review,
    save_review_appointment,
    set_review_role,
    set_state_wide_note,
    state_of,
)
from storage.db import Store, Tx
from storage.parties import get_party
from storage.people import (
    Role,
    delete_person,
    focal_point_of,
    get_person,
    insert_person,
    set_person_role,
)
from storage.reviews import Review, all_reviews, get_review, review_ids_involving, reviewers_of

log = logging.getLogger(__name__)


class Appointed(BaseModel):
    """What an appointment (or its end) changed, for the reply to the secretariat."""

    model_config = ConfigDict(frozen=True)

    party: Party
    user_id: int
    role: Role | None  # None: the appointment ended
    review: Msg | None  # the review's label; None: every review of the State
    note: NoteVerbale | None
    previous_role: Role | None = None
    replaced_focal_point: int | None = None
    told: bool = False


async def appointed_in_review(store: Store, user_id: int,
                              review_id: int) -> tuple[str, str] | None:
    """(State, role) of the person in this review, as appointed for it."""
    async with store.read() as tx:
        found = await role_in_review(tx, user_id, review_id)
    return (found.party, found.role) if found else None


async def appointed_person(store: Store, user_id: int) -> tuple[str, str] | None:
    """(State, most senior role) of an appointed person, whatever review they serve in."""
    async with store.read() as tx:
        held = await appointments_of(tx, user_id)
    role = senior([a.role for a in held])
    return (held[0].party, role) if held and role else None


class AppointmentService:
    def __init__(self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
                 registry: RegistryService, messenger: Messenger | None) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.registry = registry
        self.messenger = messenger

    def today(self) -> date:
        return self.clock.now().astimezone(UTC).date()

    # ------------------------------------------------------------------ who serves where

    async def focal_point_for(self, review_id: int, party: str) -> int | None:
        """The user id of the State's focal point in this review (None: none appointed)."""
        async with self.store.read() as tx:
            found = await focal_point_in_review(tx, review_id, party)
        return found.user_id if found else None

    async def role_in_review(self, user_id: int, review_id: int) -> Role | None:
        """The role the person holds in this review (None: they do not serve in it)."""
        async with self.store.read() as tx:
            found = await role_in_review(tx, user_id, review_id)
        return found.role if found else None

    async def person_in_review(self, user_id: int, review_id: int) -> tuple[str, str] | None:
        """(State, role) of the person in this review; the access checks use this."""
        return await appointed_in_review(self.store, user_id, review_id)

    async def person(self, user_id: int) -> tuple[str, str] | None:
        """(State, most senior role) of an appointed person, whatever review they serve in."""
        return await appointed_person(self.store, user_id)

    async def review_ids_of(self, user_id: int) -> list[int]:
        """The reviews the person serves in."""
        async with self.store.read() as tx:
            return await review_ids_of_person(tx, user_id)

    async def listing(self, party_text: str | None) -> list[tuple[Party, list[Appointment]]]:
        """Each State with its appointments (one State when named, else every State with
        people), and the label of each review concerned."""
        party = await self.registry.find(party_text) if party_text else None
        async with self.store.read() as tx:
            found = (await appointments_of_party(tx, party.code) if party
                     else await all_appointments(tx))
        by_code = {p.code: p for p in await self.registry.parties()}
        grouped: dict[str, list[Appointment]] = {}
        for item in found:
            grouped.setdefault(item.party, []).append(item)
        if party is not None:
            return [(party, grouped.get(party.code, []))]
        return [(by_code[code], grouped[code]) for code in sorted(grouped)]

    async def review_choices(self, party_text: str | None, typed: str) -> list[tuple[int, Msg]]:
        """Open reviews to pick for an appointment: those of the State named (all when none
        is named or known), whose State under review's code starts with what was typed."""
        code = None
        if party_text:
            try:
                code = (await self.registry.find(party_text)).code
            except InputError:
                code = None
        key = typed.strip().upper()
        async with self.store.read() as tx:
            ids = (await review_ids_involving(tx, [code]) if code
                   else [r.id for r in await all_reviews(tx)])
            found = [r for i in ids if (r := await get_review(tx, i)) is not None
                     and not r.closed and (not key or r.sur.startswith(key) or key == str(r.id))]
        return [(r.id, text.review_name(r)) for r in sorted(found, key=lambda r: (r.sur,
                                                                                  r.cluster))]

    async def review_labels(self, ids: set[int]) -> dict[int, Msg]:
        async with self.store.read() as tx:
            return {i: text.review_name(r) for i in sorted(ids)
                    if (r := await get_review(tx, i)) is not None}

    # ------------------------------------------------------------------ appointing

    async def appoint(self, actor: Actor, user_id: int, party_text: str, role: str,
                      reference: str | None, dated: str | None,
                      review_id: int | None = None) -> Appointed:
        """Appoint for every review of the State (``review_id`` None) or for one review, on
        the note verbale given; a new focal point makes the previous one an expert there."""
        if role not in ROLES:
            raise InputError(text.BAD_ROLE)
        new_role: Role = role  # type: ignore[assignment]
        note = note_verbale(reference, dated, self.today())
        party = await self.registry.find(party_text)
        async with self.store.transaction() as tx:
            change = await self.appoint_in(tx, actor, user_id, party, new_role, note, review_id)
        return await self.tell_appointed(change)

    async def appoint_in(self, tx: Tx, actor: Actor, user_id: int, party: Party, role: Role,
                         note: NoteVerbale, review_id: int | None = None) -> Appointed:
        """The appointment inside the caller's transaction (audited, handed on); the people
        concerned are told by ``tell_appointed`` once it has committed."""
        await self._one_state(tx, user_id, party)
        label = None
        if review_id is None:
            previous, replaced = await self._state_wide(tx, actor, user_id, party, role, note)
        else:
            review = await self._review_of(tx, review_id, party)
            label = text.review_name(review)
            previous, replaced = await self._for_review(tx, actor, user_id, party, review, role,
                                                        note)
        await self._changed(tx, party, [user_id, *([replaced] if replaced else [])])
        return Appointed(party=party, user_id=user_id, role=role, review=label, note=note,
                         previous_role=previous, replaced_focal_point=replaced)

    async def tell_appointed(self, change: Appointed, intro: Msg | None = None) -> Appointed:
        """Tell the person appointed (after ``intro``) and the focal point they replace."""
        assert change.role is not None and change.note is not None
        notice = text.appointed_notice(change.party, change.role, change.previous_role,
                                       change.review, change.note)
        told = await self._tell(change.user_id,
                                lines(intro, notice, separator="\n\n") if intro else notice)
        if change.replaced_focal_point is not None:
            await self._tell(change.replaced_focal_point,
                             text.replaced_notice(change.party, change.review))
        return change.model_copy(update={"told": told})

    async def _one_state(self, tx: Tx, user_id: int, party: Party) -> None:
        serves = await state_of(tx, user_id)
        if serves is not None and serves != party.code:
            other = await get_party(tx, serves)
            raise InputError(text.one_state(user_id, other or party, party))

    async def _state_wide(self, tx: Tx, actor: Actor, user_id: int, party: Party,
                          role: Role, note: NoteVerbale) -> tuple[Role | None, int | None]:
        existing = await get_person(tx, user_id)
        if existing is not None and existing.role == role:
            raise InputError(text.already(user_id, role, party, None))
        replaced = None
        if role == "focal_point":
            current = await focal_point_of(tx, party.code)
            if current is not None and current.user_id != user_id:
                replaced = current.user_id
                await set_person_role(tx, replaced, "expert")
                await self._audit(tx, actor, "expert.role", party, replaced, {
                    "from": "focal_point", "to": "expert",
                    "reason": f"replaced as focal point by {user_id}"})
        details = {"note_verbale": note.reference, "note_date": note.dated.isoformat()}
        if existing is None:
            await insert_person(tx, user_id, party.code, role, at=self.clock.now(),
                                by=actor.audit_name)
            await self._audit(tx, actor, "expert.add", party, user_id, {"role": role, **details})
        else:
            await set_person_role(tx, user_id, role)
            await self._audit(tx, actor, "expert.role", party, user_id,
                              {"from": existing.role, "to": role, **details})
        await set_state_wide_note(tx, user_id, note)
        return (existing.role if existing else None), replaced

    async def _review_of(self, tx: Tx, review_id: int, party: Party) -> Review:
        review = await get_review(tx, review_id)
        if review is None:
            raise InputError(text.NO_SUCH_REVIEW)
        if review.closed:
            raise InputError(text.closed(review))
        states = {review.sur, *(r.party for r in await reviewers_of(tx, review_id))}
        if party.code not in states:
            raise InputError(text.not_in_review(party, review))
        return review

    async def _for_review(self, tx: Tx, actor: Actor, user_id: int, party: Party,
                          review: Review, role: Role,
                          note: NoteVerbale) -> tuple[Role | None, int | None]:
        now = await role_in_review(tx, user_id, review.id)
        own = await review_appointment(tx, review.id, user_id)
        if own is not None and own.role == role:
            raise InputError(text.already(user_id, role, party, text.review_name(review)))
        wide = await get_person(tx, user_id) if own is None else None
        if wide is not None and wide.role == role:  # their appointment for every review holds
            raise InputError(text.already(user_id, role, party, None))
        replaced = None
        if role == "focal_point":
            current = await focal_point_in_review(tx, review.id, party.code)
            if current is not None and current.user_id != user_id:
                replaced = current.user_id
                if await review_appointment(tx, review.id, replaced) is not None:
                    await set_review_role(tx, review.id, replaced, "expert")
                # a State-wide focal point is an expert of a review with its own focal point
                await self._audit(tx, actor, "appointment.role", party, replaced, {
                    "review": review.id, "from": "focal_point", "to": "expert",
                    "reason": f"replaced as focal point by {user_id}"})
        await save_review_appointment(tx, review.id, user_id, party.code, role, note,
                                      at=self.clock.now(), by=actor.audit_name)
        await self._audit(tx, actor, "appointment.role" if own else "appointment.add", party,
                          user_id, {"review": review.id, "role": role,
                                    "from": now.role if now else None,
                                    "note_verbale": note.reference,
                                    "note_date": note.dated.isoformat()})
        return (now.role if now else None), replaced

    # ------------------------------------------------------------------ ending

    async def remove(self, actor: Actor, user_id: int, party_text: str,
                     review_id: int | None = None) -> Appointed:
        """End the person's appointment for one review, or every appointment for the State."""
        party = await self.registry.find(party_text)
        async with self.store.transaction() as tx:
            serves = await state_of(tx, user_id)
            if serves != party.code:
                raise InputError(text.not_appointed(user_id, party))
            if review_id is None:
                held = await appointments_of(tx, user_id)
                previous = held[0].role
                await delete_person(tx, user_id)
                reviews = await delete_review_appointments_of(tx, user_id)
                await self._audit(tx, actor, "expert.remove", party, user_id,
                                  {"role": previous, "reviews": reviews})
                label = None
            else:
                review = await get_review(tx, review_id)
                own = await review_appointment(tx, review_id, user_id) if review else None
                if review is None or own is None:
                    raise InputError(text.no_review_appointment(user_id, party))
                previous, label = own.role, text.review_name(review)
                await delete_review_appointment(tx, review_id, user_id)
                await self._audit(tx, actor, "appointment.remove", party, user_id,
                                  {"review": review_id, "role": previous})
            await self._changed(tx, party, [user_id])
        told = await self._tell(user_id, text.removed_notice(party, label, previous))
        return Appointed(party=party, user_id=user_id, role=None, review=label, note=None,
                         previous_role=previous, told=told)

    # ------------------------------------------------------------------ helpers

    async def _audit(self, tx: Tx, actor: Actor, action: str, party: Party, user_id: int,
                     details: dict[str, object]) -> None:
        await self.audit.record_in(tx, actor, action, f"{party.code} <@{user_id}>",
                                   {"party": party.code, "user": user_id, **details})

    async def _changed(self, tx: Tx, party: Party, users: list[int]) -> None:
        """Hand the change on: the channels, reminders and rooms of the State's reviews."""
        change = PartiesChanged(parties=(party.code,), users=tuple(users), people=True)
        await self.timers.hand_off(tx, PARTIES_CHANGED, change.model_dump(mode="json"))

    async def _tell(self, user_id: int, message: Textual) -> bool:
        """A direct message; False (and nothing else) when it cannot be delivered."""
        if self.messenger is None:
            return False
        try:
            return await self.messenger.direct(user_id, OutMessage(message))
        except Exception:
            log.warning("could not send a direct message to user %s", user_id, exc_info=True)
            return False
