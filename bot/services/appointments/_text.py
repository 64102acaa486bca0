"""The wording of appointments: refusals, replies, direct messages and the list."""

from __future__ import annotations

from bot.domain.appointments import NoteVerbale
from bot.domain.parties import Party
from bot.i18n import Day, Joined, Msg, Verbatim, _, lines
from bot.services.registry import role_notice
from storage.appointments import Appointment
from storage.reviews import Review

ROLE: dict[str, Msg] = {"focal_point": _("focal point"), "expert": _("expert"),
                        "observer": _("observer")}

AS_ROLE: dict[str, Msg] = {"focal_point": _("the focal point"), "expert": _("an expert"),
                           "observer": _("an observer")}  # one focal point, several others

BAD_ROLE = _("The role must be focal point, expert or observer. Nothing was changed.")
NO_SUCH_REVIEW = _("There is no such review. Pick the review from the list that appears as you "
                   "type. Nothing was changed.")


def mention(user_id: int) -> Verbatim:
    return Verbatim(f"<@{user_id}>")


def review_name(review: Review) -> Msg:
    """'KEN, cluster 1' — the same label as the reminders and lists."""
    return _("{code}, cluster {cluster}", code=Verbatim(review.sur), cluster=review.cluster)


def scope(review: Msg | None, _party: Party | None = None) -> Msg:
    if review is None:
        return _("for all of its reviews")
    return _("for the review {review} only", review=review)


def note_text(note: NoteVerbale | None) -> Msg:
    if note is None:
        return _("no note verbale recorded (registered before appointments were recorded)")
    return _("note verbale {reference} of {day}", reference=note.reference,
             day=Day(note.dated, "medium"))


# ------------------------------------------------------------------------ refusals


def one_state(user_id: int, other: Party, party: Party) -> Msg:
    return _("{user} already serves {other}. A person serves one State party only: end their "
             "appointments for {code} with `/expert remove` first. Nothing was changed.",
             user=mention(user_id), other=other.label, code=Verbatim(other.code))


def already(user_id: int, role: str, party: Party, review: Msg | None) -> Msg:
    return _("{user} is already appointed as {role} of {party} {scope}. Nothing was changed.",
             user=mention(user_id), role=AS_ROLE[role], party=party.label,
             scope=scope(review, party))


def closed(review: Review) -> Msg:
    return _("The review {review} is closed; its appointments no longer change. Nothing was "
             "changed.", review=review_name(review))


def not_in_review(party: Party, review: Review) -> Msg:
    return _("{party} is not one of the States of the review {review}. Nothing was changed.",
             party=party.label, review=review_name(review))


def not_appointed(user_id: int, party: Party) -> Msg:
    return _("{user} is not appointed for {party}. Nothing was changed.",
             user=mention(user_id), party=party.label)


def no_review_appointment(user_id: int, party: Party) -> Msg:
    return _("{user} has no appointment of their own for that review. To end their appointment "
             "for every review of {party}, leave out the review. Nothing was changed.",
             user=mention(user_id), party=party.label)


# ------------------------------------------------------------------------ replies


def appointed_reply(user_id: int, role: str, party: Party, review: Msg | None,
                    note: NoteVerbale | None) -> Msg:
    return _("{user} is now appointed as {role} of {party} {scope}, on {note}. Recorded in the "
             "audit log.",
             user=mention(user_id), role=AS_ROLE[role], party=party.label,
             scope=scope(review, party), note=note_text(note))


def replaced_reply(user_id: int) -> Msg:
    return _("{user} was the focal point there and is now an expert there.",
             user=mention(user_id))


def removed_reply(user_id: int, party: Party, review: Msg | None) -> Msg:
    if review is None:
        return _("{user} no longer serves {party} in any review. Recorded in the audit log.",
                 user=mention(user_id), party=party.label)
    return _("{user} no longer serves {party} in the review {review}. Recorded in the audit "
             "log.", user=mention(user_id), party=party.label, review=review)


def told(done: bool) -> Msg:
    if done:
        return _("They were told by direct message.")
    return _("Their direct messages are closed, so please tell them yourself.")


# ------------------------------------------------------------------------ direct messages


def appointed_notice(party: Party, role: str, previous: str | None, review: Msg | None,
                     note: NoteVerbale) -> Joined | Msg:
    rests = _("This appointment rests on {note}.", note=note_text(note))
    if review is None:  # every review of the State: what the person can now see and do
        return lines(role_notice(party, role, previous), rests, separator="\n\n")
    head = _("The secretariat has registered your appointment as {role} of {party} {scope} in "
             "the desk reviews of the UNTOC review mechanism, on {note}.", role=ROLE[role],
             party=party.label, scope=scope(review), note=note_text(note))
    see = _("You see the private channel of that review, and of no other review unless you "
            "are appointed for it.")
    was = _("Your role there was {role}.", role=ROLE[previous]) if previous else ""
    footer = _("If anything here is wrong, please contact the secretariat.")
    return lines(head, was, see, footer, separator="\n\n")


def replaced_notice(party: Party, review: Msg | None) -> Joined | Msg:
    if review is None:
        return role_notice(party, "expert", "focal_point")
    return _("The secretariat has registered a new focal point of {party} {scope}. You serve "
             "there as an **expert** from now on.", party=party.label, scope=scope(review))


def removed_notice(party: Party, review: Msg | None, previous: str) -> Joined | Msg:
    if review is None:
        return role_notice(party, None, previous)
    return _("The secretariat has ended your appointment for {party} in the review {review}. "
             "If this is a mistake, please contact the secretariat.", party=party.label,
             review=review)


# ------------------------------------------------------------------------ the list


def listing_line(item: Appointment, review: Msg | None, party: Party) -> Msg:
    return _("{user}: {role}, {scope}; {note}", user=mention(item.user_id), role=ROLE[item.role],
             scope=scope(review, party), note=note_text(item.note))


NOBODY = _("No one is appointed for any State party yet.")


def nobody_for(party: Party) -> Msg:
    return _("No one is appointed for {party} yet.", party=party.label)


MORE = _("… and more: name one State with `party:` to see all of its appointments.")
