"""The wording of requests to be registered: replies, the secretariat's post, notices."""

from __future__ import annotations

from bot.domain.parties import Party
from bot.domain.timefmt import discord_ts
from bot.i18n import Joined, Msg, Verbatim, _, lines
from bot.services.appointments import text as appointment_text
from storage.registrations import RegistrationRequest

APPROVE = _("Approve")
DECLINE = _("Decline")
ALREADY_WAITING = _("You already have a request waiting for the secretariat's decision; you "
                    "will be told it by direct message. Nothing was changed.")
NO_SUCH_REQUEST = _("That request no longer exists. Nothing was changed.")
APPROVED_INTRO = _("The secretariat has approved your request to be registered.")


def sent(party: Party, role: str) -> Msg:
    return _("Your request to be registered as {role} of {party} was sent to the secretariat. "
             "Nothing is granted until they approve it; you will be told their decision by "
             "direct message.", role=appointment_text.ROLE[role], party=party.label)


def already_serves(party: Party) -> Msg:
    return _("You already serve {party}. To change your appointment, please contact the "
             "secretariat. Nothing was changed.", party=party.label)


def already_decided(request: RegistrationRequest) -> Msg:
    if request.status == "approved":
        return _("This request was already approved. Nothing was changed.")
    return _("This request was already declined. Nothing was changed.")


def post(request: RegistrationRequest, party: Party) -> Joined:
    """The request as the secretariat's channel shows it, with its decision once made."""
    who = appointment_text.mention(request.user_id)
    head = _("**Request to be registered** (no. {number}): {user} asks to be registered as "
             "{role} of {party}, on {note}.", number=request.id, user=who,
             role=appointment_text.ROLE[request.role], party=party.label,
             note=appointment_text.note_text(request.note))
    when = Verbatim(discord_ts(request.decided_at, "f")) if request.decided_at else None
    by = Verbatim(f"<@{request.decided_by}>" if request.decided_by else "—")
    if request.status == "approved":
        state = _("Approved by {by}, {when}.", by=by, when=when)
    elif request.status == "declined":
        state = _("Declined by {by}, {when}; nothing was granted.", by=by, when=when)
    else:
        state = _("Nothing is granted before the secretariat approves it.")
    return lines(head, state)


def declined_notice(party: Party, role: str) -> Msg:
    return _("The secretariat has declined your request to be registered as {role} of {party}. "
             "Nothing was granted. If you think this is a mistake, please contact the "
             "secretariat.", role=appointment_text.ROLE[role], party=party.label)


def declined_reply(request: RegistrationRequest) -> Msg:
    return _("Request no. {number} declined; nothing was granted to {user}.",
             number=request.id, user=appointment_text.mention(request.user_id))
