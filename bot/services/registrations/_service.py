"""Asking to be registered: a person's request, its post in the secretariat's channel with
Approve and Decline, and the decision, told to the person by direct message.

Nothing is granted before approval: the request is a row of its own, and only the approval
makes the appointment (State-wide, on the note verbale the person gave), in the same
transaction that records the decision. The post is a job written with the request, so a crash
or a Discord failure delays it but never loses it or posts it twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date

from pydantic import BaseModel, ConfigDict

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.appointments import ROLES, note_verbale
from bot.domain.errors import InputError
from bot.domain.parties import Party
from bot.i18n import Joined, Msg
from bot.ports import Board, Button, Messenger, OutMessage
from bot.services.appointments import AppointmentService
from bot.services.appointments import text as appointment_text
from bot.services.audit import AuditService
from bot.services.registrations import _text as text
from bot.services.registry import RegistryService
from bot.services.timers import Timekeeper
from storage.appointments import state_of
from storage.db import Store
from storage.jobs import Job
from storage.parties import get_party
from storage.people import Role
from storage.registrations import (
    RegistrationRequest,
    Status,
    decide_request,
    get_request,
    insert_request,
    pending_request_of,
    set_request_message,
)

log = logging.getLogger(__name__)

POST = "registration.post"  # job: post a request in the secretariat's channel
TEMPLATE = r"reg:(?P<verb>approve|decline):(?P<request>\d+)"


def decision_custom_id(request_id: int, verb: str) -> str:
    return f"reg:{verb}:{request_id}"


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)

    request: RegistrationRequest
    party: Party
    approved: bool
    told: bool


class RegistrationService:
    def __init__(self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
                 registry: RegistryService, appointments: AppointmentService,
                 messenger: Messenger | None, board: Board | None,
                 channel_of: Callable[[], int | None]) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.registry = registry
        self.appointments = appointments
        self.messenger = messenger
        self.board = board
        self.channel_of = channel_of
        timers.register(POST, self._post, label="posting a request to be registered")

    def today(self) -> date:
        return self.clock.now().astimezone(UTC).date()

    async def request(self, actor: Actor, party_text: str, role: str, reference: str | None,
                      dated: str | None) -> Msg:
        """Record a request and hand its post to the secretariat's channel on."""
        if role not in ROLES:
            raise InputError(appointment_text.BAD_ROLE)
        wanted: Role = role  # type: ignore[assignment]
        user_id = actor.person_id
        note = note_verbale(reference, dated, self.today())
        party = await self.registry.find(party_text)
        async with self.store.transaction() as tx:
            serves = await state_of(tx, user_id)
            if serves is not None:
                found = await get_party(tx, serves)
                raise InputError(text.already_serves(found or party))
            if await pending_request_of(tx, user_id) is not None:
                raise InputError(text.ALREADY_WAITING)
            request_id = await insert_request(tx, user_id, party.code, wanted, note,
                                              at=self.clock.now())
            await self.audit.record_in(tx, actor, "registration.request",
                                       f"request {request_id}",
                                       {"party": party.code, "role": wanted,
                                        "note_verbale": note.reference,
                                        "note_date": note.dated.isoformat()})
            await self.timers.hand_off(tx, POST, {"request": request_id},
                                       key=f"registration:{request_id}:post")
        return text.sent(party, wanted)

    async def _post(self, job: Job, _late: bool) -> None:
        request_id = int(job.payload["request"])
        async with self.store.read() as tx:
            request = await get_request(tx, request_id)
            party = await get_party(tx, request.party) if request else None
        if request is None or party is None or request.message_id is not None:
            return
        channel_id = self.channel_of()
        if channel_id is None or self.board is None:
            raise RuntimeError("the secretariat's channel is not available")
        buttons = () if request.status != "pending" else (
            Button(decision_custom_id(request.id, "approve"), text.APPROVE, "success"),
            Button(decision_custom_id(request.id, "decline"), text.DECLINE, "danger"))
        message_id = await self.board.post_with_buttons(
            channel_id, OutMessage(text.post(request, party), mention_users=()), buttons)
        async with self.store.transaction() as tx:
            await set_request_message(tx, request.id, message_id)

    async def decide(self, actor: Actor, request_id: int, approve: bool) -> Decision:
        """Approve (the appointment is made) or decline; the person is told either way."""
        async with self.store.transaction() as tx:
            request = await get_request(tx, request_id)
            party = await get_party(tx, request.party) if request else None
            if request is None or party is None:
                raise InputError(text.NO_SUCH_REQUEST)
            if request.status != "pending":
                raise InputError(text.already_decided(request))
            change = None
            if approve:
                change = await self.appointments.appoint_in(
                    tx, actor, request.user_id, party, request.role, request.note)
            status: Status = "approved" if approve else "declined"
            await decide_request(tx, request.id, status, by=actor.audit_name, at=self.clock.now())
            await self.audit.record_in(tx, actor, f"registration.{status[:-1]}",
                                       f"request {request.id}",
                                       {"party": party.code, "user": request.user_id,
                                        "role": request.role})
            decided = await get_request(tx, request.id)
        assert decided is not None
        if change is not None:
            told = (await self.appointments.tell_appointed(change, text.APPROVED_INTRO)).told
        else:
            told = await self._tell(request.user_id, text.declined_notice(party, request.role))
        await self._show_decision(decided, party)
        return Decision(request=decided, party=party, approved=approve, told=told)

    async def _show_decision(self, request: RegistrationRequest, party: Party) -> None:
        """The post in the secretariat's channel shows the decision and loses its buttons."""
        channel_id = self.channel_of()
        if self.board is None or channel_id is None or request.message_id is None:
            return
        try:
            await self.board.edit(channel_id, request.message_id,
                                  OutMessage(text.post(request, party)), ())
        except Exception:  # the decision stands; the post only shows it
            log.warning("could not show the decision on request %s", request.id, exc_info=True)

    async def _tell(self, user_id: int, message: Msg | Joined) -> bool:
        if self.messenger is None:
            return False
        try:
            return await self.messenger.direct(user_id, OutMessage(message))
        except Exception:
            log.warning("could not send a direct message to user %s", user_id, exc_info=True)
            return False
