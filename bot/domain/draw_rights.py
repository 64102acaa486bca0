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
from bot.i18n import _, _n

NOT_CHANGED = "Nothing was changed."


def check_requester(facts: Actor, state: DrawState, sur: str, by: str) -> None:
    entry = state.entries.get(sur)
    if entry is None:
        raise InputError(_("{sur} is not under review in this draw. Nothing was changed.", sur=sur))
    if "failed" in entry:
        raise InputError(_("{sur} has no reviewers in this draw to redraw: no admissible pair was "
                           "found, so it needs a new draw whose manifest states the relaxation. "
                           "Nothing was changed.", sur=sur))
    allowed = [sur, *state.reviewers(sur)]
    if not facts.is_chair:
        if facts.person_role != "focal_point" or facts.party is None:
            raise Refused(_("Only the chair, or a State's focal point for their own State, can "
                            "ask for a redraw. Nothing was changed."))
        if facts.party not in allowed:
            raise Refused(_("{party} is neither {sur} nor one of its reviewing States in this "
                            "draw, so it cannot ask for this redraw. Nothing was changed.",
                            party=facts.party, sur=sur))
        if by != facts.party:
            raise Refused(_("As focal point of {party} you can ask for a redraw on behalf of "
                            "{party} only: set requested_by to {party}. Nothing was changed.",
                            party=facts.party))
    if by not in allowed:
        raise InputError(_("{by} cannot ask for a redraw for {sur}: only the State under review "
                           "or its reviewing States can ({allowed}). Nothing was changed.", by=by,
                           sur=sur, allowed=', '.join(allowed)))


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
            _n("{by} has made {count} redraw request for {sur}, and the rules of this draw allow "
               "{limit}. A further request is exceptional: only the chair can make it, with a "
               "written authorization. Nothing was changed.",
               "{by} has made {count} redraw requests for {sur}, and the rules of this draw allow "
               "{limit}. A further request is exceptional: only the chair can make it, with a "
               "written authorization. Nothing was changed.", made, by=by, sur=sur, limit=limit))
    if made >= limit and not facts.is_chair:
        raise Refused(_("Only the chair can make an exceptional redraw request. Nothing was "
                        "changed."))
    if made >= limit and not authorization:
        raise InputError(_("An exceptional redraw needs a written authorization: who authorised "
                           "it, and why. Nothing was changed."))
    if made < limit and exceptional:
        raise InputError(_("{by} still has {value} of its {limit} redraw requests for {sur}; an "
                           "exceptional request is only for going beyond them. Ask again without "
                           "exceptional. Nothing was changed.", by=by, value=limit - made,
                           limit=limit, sur=sur))
    return limit
