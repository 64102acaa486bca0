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
    """An appointment: `role` None means it ended. `review_id` None: for every review of the
    State (ending it ends the person's appointments for particular reviews too)."""

    at: datetime
    user_id: int
    party: str | None
    role: str | None
    review_id: int | None = None


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


People = dict[int, tuple[str, str]]  # user id → (party, role)


def people_at(changes: Iterable[PersonChange], before: datetime) -> People:
    """user id → (party, role) of everyone appointed for all of their State's reviews before
    `before`."""
    return appointments_at(changes, before)[0]


def appointments_at(changes: Iterable[PersonChange],
                    before: datetime) -> tuple[People, dict[int, People]]:
    """The State-wide appointments before `before`, and those for particular reviews."""
    wide: People = {}
    per: dict[int, People] = {}
    for change in changes:
        if change.at >= before:
            continue
        held = wide if change.review_id is None else per.setdefault(change.review_id, {})
        if change.role is None:
            held.pop(change.user_id, None)
            if change.review_id is None:  # every appointment of the person ends
                for review in per.values():
                    review.pop(change.user_id, None)
            continue
        party = change.party or (held[change.user_id][0] if change.user_id in held else None)
        if party is not None:
            held[change.user_id] = (party, change.role)
    return wide, per


def people_in_review_at(wide: Mapping[int, tuple[str, str]],
                        own: Mapping[int, tuple[str, str]]) -> People:
    """A review's people: its own appointments, else the State-wide ones; a State-wide focal
    point is an expert of a review that has a focal point of its own."""
    out: People = dict(own)
    focal = {party for party, role in own.values() if role == "focal_point"}
    for user_id, (party, role) in wide.items():
        if user_id not in out:
            out[user_id] = (party, "expert" if role == "focal_point" and party in focal
                            else role)
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
