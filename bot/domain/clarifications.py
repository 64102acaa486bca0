"""Clarification requests: their lifecycle, due dates, thread titles and courteous follow-ups.

A request is addressed to the State under review. Lifecycle: open → answered → accepted (closed);
answered → follow-up asked → open again with a new due date; open or answered → withdrawn by the
asking State or the secretariat. Accepted and withdrawn requests are final.

Follow-ups (defaults): a notice to the State under review 7 days before the due date and on it,
then one every 7 days while no answer is recorded; right after the 2nd of those the secretariat is
told. An answer no one has accepted or followed up for 7 days is pointed out to the askers.
Notices go out at `policy.hour` local time in the zone given and are returned as UTC instants.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.errors import InputError, Refused
from bot.domain.inputs import check_year, quote, safe_name
from bot.domain.reviews import Stage, local_instant
from bot.i18n import _


class ClarificationStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"

    @property
    def is_final(self) -> bool:
        return self in (ClarificationStatus.ACCEPTED, ClarificationStatus.WITHDRAWN)


class Action(StrEnum):
    ANSWER = "answer"
    ACCEPT = "accept"
    FOLLOW_UP = "follow_up"
    WITHDRAW = "withdraw"


class ClarificationError(InputError):
    """This cannot be done to the request now; the message says why."""


class ClarificationRefused(ClarificationError, Refused):
    """This person may not do this; the message says who may."""


class DueDateError(ClarificationError):
    """The due date given could not be used; the message says how to write one."""


class Standing(BaseModel):
    """Who is acting, relative to the request. The service decides what 'asker' means
    (the asking State's registered people, as the mechanism treats States, not persons)."""

    model_config = ConfigDict(frozen=True)
    is_asker: bool = False
    is_addressee: bool = False  # of the State asked, normally the State under review
    is_secretariat: bool = False


_S, _A = ClarificationStatus, Action
_MOVES: dict[tuple[ClarificationStatus, Action], ClarificationStatus] = {
    (_S.OPEN, _A.ANSWER): _S.ANSWERED,
    (_S.ANSWERED, _A.ACCEPT): _S.ACCEPTED,
    (_S.ANSWERED, _A.FOLLOW_UP): _S.OPEN,
    (_S.OPEN, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.ANSWERED, _A.WITHDRAW): _S.WITHDRAWN,
}
_NOT_NOW: dict[tuple[ClarificationStatus, Action], str] = {
    (_S.OPEN, _A.ACCEPT): "This request has no answer yet, so there is nothing to accept.",
    (_S.OPEN, _A.FOLLOW_UP): "A follow-up can be asked once the request has an answer.",
    (_S.ANSWERED, _A.ANSWER): "This request already has an answer. The asking State can accept "
    "it or ask a follow-up question.",
}


def transition(
    status: ClarificationStatus, action: Action, actor: Standing
) -> ClarificationStatus:
    """The status after `action`, or ClarificationError with a plain reason."""
    if status.is_final:
        raise ClarificationError(_("This request is closed ({status}); it can no longer change. "
                                   "A new request can be opened instead.", status=status.value))
    new = _MOVES.get((status, action))
    if new is None:
        raise ClarificationError(_NOT_NOW[(status, action)])
    if action is Action.ANSWER and not actor.is_addressee:
        raise ClarificationRefused(_("Only the State that was asked can answer this request."))
    if action in (Action.ACCEPT, Action.FOLLOW_UP) and not actor.is_asker:
        raise ClarificationRefused(_("Only the State that asked can accept the answer or ask a "
                                     "follow-up."))
    if action is Action.WITHDRAW and not (actor.is_asker or actor.is_secretariat):
        raise ClarificationRefused(_("Only the State that asked or the secretariat can withdraw "
                                     "this request."))
    return new


# ---------------------------------------------------------------- due dates and titles

MAX_DUE_DAYS = 365
_HOW = _("Write a date as YYYY-MM-DD (for example 2025-03-31) or a number of days "
         "(for example 30).")


def parse_due(text: str | None, today: date, default_days: int = 30) -> date:
    """A due date from 'YYYY-MM-DD', 'N' or 'N days'; empty means `default_days` from today.

    The date must fall after today and at most 365 days from it.
    """
    if not 1 <= default_days <= MAX_DUE_DAYS:
        raise ValueError("default_days must lie between 1 and 365")
    raw = (text or "").strip()
    if not raw:
        return today + timedelta(days=default_days)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", raw):
        y, m, d = (int(part) for part in raw.split("-"))
        check_year(y, field="due date")
        try:
            due = date(y, m, d)
        except ValueError:
            raise DueDateError(_("There is no such day as {raw}. {how}", raw=raw,
                                 how=_HOW)) from None
    elif days := re.fullmatch(r"([+-]?\d{1,6})\s*(?:d|days?)?", raw, flags=re.IGNORECASE):
        count = int(days.group(1))
        if count <= 0:
            raise DueDateError(_("The number of days must be at least 1."))
        if count > MAX_DUE_DAYS:
            raise DueDateError(_("A due date can be at most {days} days away.",
                                 days=MAX_DUE_DAYS))
        return today + timedelta(days=count)
    else:
        raise DueDateError(_("“{raw}” could not be read as a due date. {how}", raw=quote(raw),
                             how=_HOW))
    if due <= today:
        raise DueDateError(_("The due date must be after today ({today}).",
                             today=today.isoformat()))
    if (due - today).days > MAX_DUE_DAYS:
        raise DueDateError(_("A due date can be at most {days} days away.",
                             days=MAX_DUE_DAYS))
    return due


THREAD_NAME_MAX = 100
_ELLIPSIS = "…"


def _cut_words(text: str, room: int) -> str:
    """`text` if it fits in `room` chars, else its longest word-bounded start plus '…'."""
    if len(text) <= room:
        return text
    head = text[: room - 1]
    space = head.rfind(" ")
    if space > 0 and text[room - 1] != " ":
        head = head[:space]
    return head.rstrip() + _ELLIPSIS


def thread_title(number: int, article: str | None, question: str) -> str:
    """'CR-3 · Art. 5 UNTOC · Does the law cover…', never longer than 100 characters."""
    if number < 1:
        raise ValueError("request numbers start at 1")
    head = f"CR-{number}"
    article_text = safe_name(article or "")
    if article_text:
        head += f" · {article_text}"
    words = safe_name(question, len(question) + 1)  # no mention or @everyone in a name
    if not words or len(head) > THREAD_NAME_MAX - 8:
        return _cut_words(head, THREAD_NAME_MAX)
    head += " · "
    return head + _cut_words(words, THREAD_NAME_MAX - len(head))


class RequestRef(BaseModel):
    """What a notice needs to name a request."""

    model_config = ConfigDict(frozen=True)
    number: int = Field(ge=1)
    article: str | None = None
    question: str = ""

    @property
    def title(self) -> str:
        return thread_title(self.number, self.article, self.question)


# ---------------------------------------------------------------- follow-ups


class FollowUpPolicy(BaseModel):
    """Follow-up settings. 0 turns off `days_before`, escalation and the answer reminder."""

    model_config = ConfigDict(frozen=True)
    days_before: int = Field(7, ge=0, le=60)
    on_due: bool = True
    overdue_every: int = Field(7, ge=1, le=60)
    escalate_after_overdue_notices: int = Field(2, ge=0, le=20)
    review_answer_after: int = Field(7, ge=0, le=60)
    hour: int = Field(9, ge=0, le=23)


class FollowUpKind(StrEnum):
    BEFORE_DUE = "before_due"
    ON_DUE = "on_due"
    OVERDUE = "overdue"  # internal name only: the notice itself never says so
    ESCALATION = "escalation"
    ANSWER_REVIEW = "answer_review"


class Audience(StrEnum):
    SUR = "sur"
    ASKERS = "askers"
    SECRETARIAT = "secretariat"


class FollowUp(NamedTuple):
    kind: FollowUpKind
    at: datetime  # UTC
    audience: Audience
    number: int = 0  # which notice after the due date (1, 2, …); 0 for the others


def next_overdue(due: date, sent: int, policy: FollowUpPolicy, tz: str = "UTC") -> list[FollowUp]:
    """The notice that follows notice number `sent` after the due date (0: none sent yet),
    with the secretariat's notice right after it when that is the escalating one."""
    number = sent + 1
    day = due + timedelta(days=policy.overdue_every * number)
    at = local_instant(day, tz, policy.hour)
    items = [FollowUp(FollowUpKind.OVERDUE, at, Audience.SUR, number)]
    if number == policy.escalate_after_overdue_notices:
        items.append(FollowUp(FollowUpKind.ESCALATION, at, Audience.SECRETARIAT, number))
    return items


def iter_followups(due: date, policy: FollowUpPolicy, tz: str = "UTC") -> Iterator[FollowUp]:
    """Every follow-up for `due`, in order, without end (the notices after it never stop)."""
    if policy.days_before:
        day = due - timedelta(days=policy.days_before)
        yield FollowUp(FollowUpKind.BEFORE_DUE, local_instant(day, tz, policy.hour), Audience.SUR)
    if policy.on_due:
        yield FollowUp(FollowUpKind.ON_DUE, local_instant(due, tz, policy.hour), Audience.SUR)
    sent = 0
    while True:
        yield from next_overdue(due, sent, policy, tz)
        sent += 1


def followup_schedule(
    due: date,
    policy: FollowUpPolicy,
    tz: str = "UTC",
    *,
    after: datetime | None = None,
    overdue_notices: int = 1,
) -> list[FollowUp]:
    """The follow-ups later than `after`, up to and including `overdue_notices` notices after
    the due date (with any escalation that goes with the last). The service schedules the rest
    one at a time with `next_overdue` once each is sent. A new due date means a new schedule."""
    if overdue_notices < 1:
        raise ValueError("include at least one notice after the due date")
    items: list[FollowUp] = []
    counted = 0
    for item in iter_followups(due, policy, tz):
        if counted == overdue_notices and item.kind is not FollowUpKind.ESCALATION:
            break
        if after is None or item.at > after:
            items.append(item)
            counted += item.kind is FollowUpKind.OVERDUE
    return items


def answer_review_reminder_at(answered_at: datetime, policy: FollowUpPolicy) -> datetime | None:
    """When to remind the askers that an answer awaits them (None if turned off)."""
    if answered_at.tzinfo is None:
        raise ValueError("a naive datetime has no zone; give an aware one")
    if not policy.review_answer_after:
        return None
    return answered_at + timedelta(days=policy.review_answer_after)


def followups_active(stage: Stage, paused: bool) -> bool:
    """Follow-ups run only while the review is neither paused nor closed."""
    return not paused and stage is not Stage.CLOSED


def due_after_pause(due: date, paused_on: date, resumed_on: date) -> date:
    """A due date moved later by the days the review was paused, so no time is lost."""
    if resumed_on < paused_on:
        raise ValueError("a review resumes after it was paused")
    return due + (resumed_on - paused_on)


# ---------------------------------------------------------------- long messages

DISCORD_MESSAGE_MAX = 2000
_BREAKS = ("\n\n", "\n", " ")


def _cut_point(window: str) -> int:
    """Where to end a part: after the last paragraph break, else line break, else space,
    preferring one in the window's second half; else the window's full length."""
    for lowest in (len(window) // 2, 1):
        for brk in _BREAKS:
            at = window.rfind(brk)
            if at >= lowest:
                return at + len(brk)
    return len(window)


def split_for_discord(text: str, limit: int = DISCORD_MESSAGE_MAX) -> list[str]:
    """Parts of at most `limit` characters whose concatenation is exactly `text`.

    A part ends just after the break it was cut at (the break stays with the earlier part);
    a single word longer than `limit` is cut inside. Empty text gives no parts.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _cut_point(rest[:limit])
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts
