"""What stood at a past instant, replayed from the recorded history.

The tables hold the present; the audit log and a request's entries hold every change in
order. Replaying the changes made before an instant gives the state at that instant: a
review's stage and reviewing States, who was registered for which party in which role, a
clarification request's status and due date. Events are given in the order they happened.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.reviews import Stage
from bot.domain.status_report import ClarificationState


@dataclass(frozen=True)
class StageChange:
    review_id: int
    at: datetime
    to: Stage


@dataclass(frozen=True)
class ReviewersSet:
    review_id: int
    at: datetime
    parties: tuple[str, ...]


@dataclass(frozen=True)
class PersonChange:
    """A registration: `role` None means the person was removed."""

    at: datetime
    user_id: int
    party: str | None
    role: str | None


@dataclass(frozen=True)
class RequestEntry:
    """One entry of a clarification request's history (kinds as stored)."""

    request_id: int
    at: datetime
    kind: str
    due: date | None = None


def stages_at(changes: Iterable[StageChange], before: datetime) -> dict[int, Stage]:
    """The last stage recorded for each review before `before` (reviews with none: absent)."""
    out: dict[int, Stage] = {}
    for change in changes:
        if change.at < before:
            out[change.review_id] = change.to
    return out


def reviewers_at(changes: Iterable[ReviewersSet], before: datetime) -> dict[int, tuple[str, ...]]:
    out: dict[int, tuple[str, ...]] = {}
    for change in changes:
        if change.at < before:
            out[change.review_id] = change.parties
    return out


def people_at(changes: Iterable[PersonChange], before: datetime) -> dict[int, tuple[str, str]]:
    """user id → (party, role) of everyone registered before `before`."""
    out: dict[int, tuple[str, str]] = {}
    for change in changes:
        if change.at >= before:
            continue
        if change.role is None:
            out.pop(change.user_id, None)
            continue
        party = change.party or (out[change.user_id][0] if change.user_id in out else None)
        if party is not None:
            out[change.user_id] = (party, change.role)
    return out


def places_filled(
    states: Sequence[str], people: Mapping[int, tuple[str, str]]
) -> tuple[int, int]:
    """Of these States, how many had a focal point, and how many at least one expert."""
    roles = set(people.values())
    focal = sum(1 for s in states if (s, "focal_point") in roles)
    experts = sum(1 for s in states if (s, "expert") in roles)
    return focal, experts


_AFTER: dict[str, ClarificationState] = {
    "question": "open", "follow_up": "open", "answer": "answered", "accept": "accepted",
    "withdraw": "withdrawn",
}


def request_at(
    entries: Iterable[RequestEntry], first_due: date, before: datetime
) -> tuple[ClarificationState, date] | None:
    """A request's status and due date before `before`; None when it was not yet asked.

    `first_due` is the due date set when the question was asked; a follow-up question and a
    due date moved after a pause set a new one.
    """
    state: ClarificationState | None = None
    due = first_due
    for entry in entries:
        if entry.at >= before:
            break
        if entry.kind in _AFTER:
            state = _AFTER[entry.kind]
        if entry.kind in ("follow_up", "due_moved") and entry.due is not None:
            due = entry.due
    return None if state is None else (state, due)
