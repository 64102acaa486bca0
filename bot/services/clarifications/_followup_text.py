"""The follow-up notices of clarification requests, in the six languages: courteous, naming
the request and what is expected by when, blaming no one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.domain.clarifications import FollowUp, FollowUpKind, FollowUpPolicy, RequestRef
from bot.i18n import Msg, Verbatim, _, _n
from bot.services.reviews._text import long_day


def followup_text(
    item: FollowUp,
    ref: RequestRef,
    due: date,
    policy: FollowUpPolicy,
    *,
    mentions: Sequence[str] = (),
    review_label: Msg | str = "",
    answered_on: date | None = None,
) -> Msg:
    """The courteous notice for ``item``: names the request, says what is expected by when."""
    greet = Verbatim(" ".join(mentions) + " ") if mentions else Verbatim("")
    title, when = ref.title, long_day(due)
    if item.kind is FollowUpKind.BEFORE_DUE:
        return _n("{greet}Gentle reminder: an answer to clarification request “{title}” is due "
                  "on {when}, in {count} day. If it has already been sent, thank you.",
                  "{greet}Gentle reminder: an answer to clarification request “{title}” is due "
                  "on {when}, in {count} days. If it has already been sent, thank you.",
                  policy.days_before, greet=greet, title=title, when=when)
    if item.kind is FollowUpKind.ON_DUE:
        return _("{greet}An answer to clarification request “{title}” is due today, {when}. If "
                 "it has already been sent, thank you. If more time would help, please say so "
                 "in the request's thread so that a new date can be agreed.", greet=greet,
                 title=title, when=when)
    if item.kind is FollowUpKind.OVERDUE:
        return _("{greet}Friendly follow-up: an answer to clarification request “{title}” was "
                 "expected on {when} and is not yet recorded. It remains very welcome in the "
                 "request's thread; if more time would help, please say so there so that a new "
                 "date can be agreed.", greet=greet, title=title, when=when)
    if item.kind is FollowUpKind.ESCALATION:
        if review_label:
            return _n("For information: clarification request “{title}” in review {review} was "
                      "expected on {when}; {count} follow-up notice has been sent and no answer "
                      "is recorded yet. The States concerned may welcome an offer of help.",
                      "For information: clarification request “{title}” in review {review} was "
                      "expected on {when}; {count} follow-up notices have been sent and no "
                      "answer is recorded yet. The States concerned may welcome an offer of "
                      "help.", item.number, title=title, review=review_label, when=when)
        return _n("For information: clarification request “{title}” was expected on {when}; "
                  "{count} follow-up notice has been sent and no answer is recorded yet. The "
                  "States concerned may welcome an offer of help.",
                  "For information: clarification request “{title}” was expected on {when}; "
                  "{count} follow-up notices have been sent and no answer is recorded yet. The "
                  "States concerned may welcome an offer of help.", item.number, title=title,
                  when=when)
    if answered_on is not None:
        return _("{greet}Clarification request “{title}” received an answer on {day}. When "
                 "convenient, please accept the answer or ask a follow-up question in its "
                 "thread.", greet=greet, title=title, day=long_day(answered_on))
    return _("{greet}Clarification request “{title}” received an answer. When convenient, "
             "please accept the answer or ask a follow-up question in its thread.",
             greet=greet, title=title)
