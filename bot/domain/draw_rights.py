"""Who may ask for a redraw, and how many times (resolution 8/2, para. 7(c), and our policy).

* The chair may ask on behalf of a State: the State under review or one of its current
  reviewing States in the draw.
* A focal point may ask for their own State only, and only when that State is the State under
  review or one of its current reviewing States.
* Each requesting State has ``rules.redraws.max_per_requester`` requests per State under
  review (the manifest fixes the number). A request beyond them is exceptional: only the chair
  can make it, with a written authorization. A request still waiting for its round counts.

The domain (``check_redraw_request``) checks the same allowance again when the request is
logged, and every verifier checks it when the log is re-run.
"""

from __future__ import annotations

from bot.domain.actor import Actor
from bot.domain.draw import DrawState
from bot.domain.draw_log_view import LogView
from bot.domain.errors import InputError, Refused

NOT_CHANGED = "Nothing was changed."


def check_requester(facts: Actor, state: DrawState, sur: str, by: str) -> None:
    entry = state.entries.get(sur)
    if entry is None:
        raise InputError(f"{sur} is not under review in this draw. {NOT_CHANGED}")
    if "failed" in entry:
        raise InputError(f"{sur} has no reviewers in this draw to redraw: no admissible pair "
                         "was found, so it needs a new draw whose manifest states the "
                         f"relaxation. {NOT_CHANGED}")
    allowed = [sur, *state.reviewers(sur)]
    if not facts.is_chair:
        if facts.person_role != "focal_point" or facts.party is None:
            raise Refused("Only the chair, or a State's focal point for their own State, can "
                          f"ask for a redraw. {NOT_CHANGED}")
        if facts.party not in allowed:
            raise Refused(f"{facts.party} is neither {sur} nor one of its reviewing States in "
                          f"this draw, so it cannot ask for this redraw. {NOT_CHANGED}")
        if by != facts.party:
            raise Refused(f"As focal point of {facts.party} you can ask for a redraw on behalf "
                          f"of {facts.party} only: set requested_by to {facts.party}. "
                          f"{NOT_CHANGED}")
    if by not in allowed:
        raise InputError(f"{by} cannot ask for a redraw for {sur}: only the State under review "
                         f"or its reviewing States can ({', '.join(allowed)}). {NOT_CHANGED}")


def requests_made(view: LogView, state: DrawState, sur: str, by: str) -> int:
    """Requests ``by`` has made for ``sur`` in this draw, one still waiting included."""
    made = state.requests.get((sur, by), 0)
    if view.pending is not None and (view.pending.sur, view.pending.requested_by) == (sur, by):
        made += 1
    return made


def check_rights(
    facts: Actor, view: LogView, state: DrawState, sur: str, by: str, exceptional: bool,
    authorization: str | None,
) -> int:
    """Raise unless this person may make this request now; return the allowance."""
    limit = state.m.rules.redraws.max_per_requester
    check_requester(facts, state, sur, by)
    made = requests_made(view, state, sur, by)
    if made >= limit and not exceptional:
        raise InputError(
            f"{by} has made {made} redraw request{'' if made == 1 else 's'} for {sur}, and the "
            f"rules of this draw allow {limit}. A further request is exceptional: only the "
            f"chair can make it, with a written authorization. {NOT_CHANGED}")
    if made >= limit and not facts.is_chair:
        raise Refused(f"Only the chair can make an exceptional redraw request. {NOT_CHANGED}")
    if made >= limit and not authorization:
        raise InputError("An exceptional redraw needs a written authorization: who authorised "
                         f"it, and why. {NOT_CHANGED}")
    if made < limit and exceptional:
        raise InputError(f"{by} still has {limit - made} of its {limit} redraw requests for "
                         f"{sur}; an exceptional request is only for going beyond them. Ask "
                         f"again without exceptional. {NOT_CHANGED}")
    return limit
