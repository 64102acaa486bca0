"""Who may use what: one declarative table, checked in code before any work.

Discord's own command permissions can be changed by any guild administrator, so the bot never
relies on them: it only uses them to hide from ordinary members the top-level commands that
are staff-only (every subcommand for the chair or the secretariat alone, see ``staff_only``).
Each command and component names the kinds of person allowed to use it; a
person is allowed when any one of the kinds fits them. Kinds that depend on a review (the
"triad") are judged against the review whose channel the command runs in.
"""

from __future__ import annotations

from enum import StrEnum

from bot.domain.actor import Actor
from bot.i18n import Command, Listed, Msg, _


class Who(StrEnum):
    ANYONE = "anyone in the server"
    CHAIR = "the working-group chair role"
    SECRETARIAT = "the secretariat role"
    REGISTERED = "a registered person of a State party"
    FOCAL_POINT = "the focal point of a State party"
    TRIAD_MEMBER = "a registered person of one of this review's States"
    TRIAD_FOCAL_POINT = "the focal point of one of this review's States"
    REVIEWER_MEMBER = "an expert or focal point of a reviewing State of this review"
    SUR_MEMBER = "an expert or focal point of the State under review"


S, C = Who.SECRETARIAT, Who.CHAIR

ACCESS: dict[str, frozenset[Who]] = {
    # foundation
    "audit verify": frozenset({S}),
    "audit show": frozenset({S}),
    "audit checkpoints": frozenset({S}),
    # registry
    "party show": frozenset({Who.ANYONE}),
    "registry set": frozenset({S}),
    "registry import": frozenset({S}),
    "registry export": frozenset({S}),
    "registry provenance": frozenset({S}),
    "expert add": frozenset({S}),
    "expert remove": frozenset({S}),
    "expert list": frozenset({S}),
    "register": frozenset({Who.ANYONE}),
    "component registration-decide": frozenset({S}),
    # draws
    "draw-admin open": frozenset({C}),
    "draw redraw": frozenset({C, Who.FOCAL_POINT}),
    "draw status": frozenset({Who.ANYONE}),
    "draw log": frozenset({Who.ANYONE}),
    "draw verifier": frozenset({Who.ANYONE}),
    "draw-admin close": frozenset({C}),
    # reviews
    "review-admin open": frozenset({S}),
    "review-admin assign": frozenset({S}),
    "review-admin reconcile": frozenset({S}),
    "review-admin close": frozenset({S}),
    "review-admin pause": frozenset({S}),
    "review-admin resume": frozenset({S}),
    "review-admin archive": frozenset({S}),
    "review transcript": frozenset({S, Who.REGISTERED}),
    "review status": frozenset({Who.ANYONE}),
    "review stage": frozenset({S, Who.TRIAD_FOCAL_POINT}),
    "review-admin overview": frozenset({S}),
    "component review-overview": frozenset({S}),
    # reports
    "report status": frozenset({S}),
    # clarification requests
    "clarify ask": frozenset({S, Who.REVIEWER_MEMBER}),
    "clarify answer": frozenset({S, Who.SUR_MEMBER}),
    "clarify withdraw": frozenset({S, Who.REVIEWER_MEMBER}),
    "clarify edit": frozenset({S, Who.REVIEWER_MEMBER}),
    "clarify list": frozenset({S, Who.TRIAD_MEMBER}),
    "clarify export": frozenset({S, Who.TRIAD_MEMBER}),
    "component clarify-answer": frozenset({S, Who.SUR_MEMBER}),
    "component clarify-accept": frozenset({S, Who.REVIEWER_MEMBER}),
    "component clarify-followup": frozenset({S, Who.REVIEWER_MEMBER}),
    # calls
    "call schedule": frozenset({S, Who.TRIAD_FOCAL_POINT}),
    "call reschedule": frozenset({S, Who.TRIAD_FOCAL_POINT}),
    "call cancel": frozenset({S, Who.TRIAD_FOCAL_POINT}),
    "call propose": frozenset({S, Who.TRIAD_FOCAL_POINT}),
    "call confirm": frozenset({S, Who.TRIAD_FOCAL_POINT}),
    "call suggest": frozenset({S, Who.TRIAD_MEMBER}),
    "call list": frozenset({S, Who.TRIAD_MEMBER}),
    "component call-attendance": frozenset({S, Who.TRIAD_MEMBER}),
    "component call-poll": frozenset({S, Who.TRIAD_MEMBER}),
    "call notes": frozenset({S, Who.TRIAD_MEMBER}),
    "call mine": frozenset({Who.ANYONE}),
    "timezone": frozenset({Who.ANYONE}),
    "language": frozenset({Who.ANYONE}),
    "review language": frozenset({S, Who.TRIAD_FOCAL_POINT}),
    # outputs of each step (confidential to the review's people and the secretariat)
    "output submit": frozenset({Who.SUR_MEMBER, Who.REVIEWER_MEMBER}),
    "output list": frozenset({S, Who.TRIAD_MEMBER}),
    "output get": frozenset({S, Who.TRIAD_MEMBER}),
    "output template": frozenset({S, Who.TRIAD_MEMBER}),
    "output-admin publish": frozenset({S}),
    "component output-clear": frozenset({S, Who.TRIAD_FOCAL_POINT}),
}


def fits(who: Who, facts: Actor) -> bool:
    review, party = facts.review, facts.party
    match who:
        case Who.ANYONE:
            return True
        case Who.CHAIR:
            return facts.is_chair
        case Who.SECRETARIAT:
            return facts.is_secretariat
        case Who.REGISTERED:
            return party is not None
        case Who.FOCAL_POINT:
            return party is not None and facts.person_role == "focal_point"
        case Who.TRIAD_MEMBER:
            return review is not None and party in review.states
        case Who.TRIAD_FOCAL_POINT:
            return (
                review is not None and party in review.states
                and facts.person_role == "focal_point"
            )
        case Who.REVIEWER_MEMBER:
            return review is not None and party in review.reviewers and facts.can_write
        case Who.SUR_MEMBER:
            return review is not None and party == review.sur and facts.can_write
    return False


STAFF = frozenset({Who.CHAIR, Who.SECRETARIAT})


def staff_only(action: str) -> bool:
    """True when only the chair or the secretariat may use this (Discord then hides it from
    everyone else; the table still decides)."""
    kinds = ACCESS.get(action)
    return kinds is not None and bool(kinds) and kinds <= STAFF


def allowed(action: str, facts: Actor) -> bool:
    """True when the table lets this person do this; unknown actions are refused."""
    kinds = ACCESS.get(action)
    if not kinds:
        return False
    return any(fits(k, facts) for k in kinds)


def needs_review(action: str) -> bool:
    kinds = ACCESS.get(action, frozenset())
    triad = {Who.TRIAD_MEMBER, Who.TRIAD_FOCAL_POINT, Who.REVIEWER_MEMBER, Who.SUR_MEMBER}
    return bool(kinds & triad) and not (kinds & {Who.ANYONE})


def refusal(action: str, facts: Actor) -> Msg:
    """A plain sentence naming what is needed, in the reader's language when rendered."""
    kinds = ACCESS.get(action)
    if not kinds:
        return _("This action is not open to anyone yet; please tell the secretariat.")
    if needs_review(action) and facts.review is None and not facts.is_secretariat:
        return _("This command works only inside a review channel.")
    need = Listed(tuple(WHO_TEXT[k] for k in sorted(kinds, key=lambda k: k.value)), style="or")
    if action.startswith("component "):
        return _("This button needs {need}. Nothing was changed.", need=need)
    return _("`/{command}` needs {need}. Nothing was changed.", command=Command(action),
             need=need)


WHO_TEXT: dict[Who, Msg] = {
    Who.ANYONE: _("anyone in the server"),
    Who.CHAIR: _("the working-group chair role"),
    Who.SECRETARIAT: _("the secretariat role"),
    Who.REGISTERED: _("a registered person of a State party"),
    Who.FOCAL_POINT: _("the focal point of a State party"),
    Who.TRIAD_MEMBER: _("a registered person of one of this review's States"),
    Who.TRIAD_FOCAL_POINT: _("the focal point of one of this review's States"),
    Who.REVIEWER_MEMBER: _("an expert or focal point of a reviewing State of this review"),
    Who.SUR_MEMBER: _("an expert or focal point of the State under review"),
}
