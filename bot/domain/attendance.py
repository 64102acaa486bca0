"""Who was in a call's room, from when to when, by State: pure rules over the stays recorded
from voice-state events.

A stay runs from joining the room to leaving it; a person who leaves and comes back has two.
The record of a call lists, per State of the review, the people who were there and for how
long, the secretariat, anyone present who is not one of the review's people, and the length of
the call (first arrival to last departure). It never lists who did not come.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

Standing = Literal["member", "secretariat", "outsider"]
Span = tuple[datetime, datetime]


class Stay(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: int
    party: str | None
    standing: Standing
    joined_at: datetime
    left_at: datetime | None = None


class Presence(BaseModel):
    """One person's time in the room: their stays merged, and the total."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    party: str | None
    standing: Standing
    spans: tuple[Span, ...]

    @property
    def minutes(self) -> int:
        return int(sum((e - s for s, e in self.spans), timedelta()).total_seconds() // 60)


class StateAttendance(BaseModel):
    model_config = ConfigDict(frozen=True)

    party: str
    people: tuple[Presence, ...]


class AttendanceRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    call_id: int
    started_at: datetime | None
    ended_at: datetime | None
    states: tuple[StateAttendance, ...]
    secretariat: tuple[Presence, ...] = ()
    outsiders: tuple[Presence, ...] = ()

    @property
    def length(self) -> timedelta:
        if self.started_at is None or self.ended_at is None:
            return timedelta()
        return self.ended_at - self.started_at

    @property
    def anyone(self) -> bool:
        return self.started_at is not None


def standing_of(user_id: int, people: dict[int, str], *, is_secretariat: bool
                ) -> tuple[Standing, str | None]:
    """A person in a room: one of the review's people (with their State), the secretariat,
    or an outsider. A registered person of the review counts as such even with the role."""
    if user_id in people:
        return "member", people[user_id]
    if is_secretariat:
        return "secretariat", None
    return "outsider", None


def merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, with overlapping or touching spans joined; empty spans dropped."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def attendance_record(call_id: int, stays: Sequence[Stay], state_order: Sequence[str],
                      until: datetime) -> AttendanceRecord:
    """The record of a call from its stays; a stay still open counts until `until`.

    States come in `state_order` (the State under review first), and only those with someone
    present; people within a State by first arrival."""
    by_person: dict[int, list[Stay]] = {}
    for stay in stays:
        by_person.setdefault(stay.user_id, []).append(stay)
    present: list[Presence] = []
    for user_id, own in by_person.items():
        spans = merge((s.joined_at, s.left_at or until) for s in own)
        if spans:
            last = max(own, key=lambda s: s.joined_at)
            present.append(Presence(user_id=user_id, party=last.party, standing=last.standing,
                                    spans=spans))
    present.sort(key=lambda p: (p.spans[0][0], p.user_id))
    members = [p for p in present if p.standing == "member" and p.party is not None]
    order = list(state_order)
    for person in members:  # a State no longer of the review, after the fact
        if person.party is not None and person.party not in order:
            order.append(person.party)
    states = tuple(StateAttendance(party=code, people=tuple(p for p in members if p.party == code))
                   for code in order if any(p.party == code for p in members))
    starts = [p.spans[0][0] for p in present]
    ends = [p.spans[-1][1] for p in present]
    return AttendanceRecord(
        call_id=call_id, started_at=min(starts, default=None), ended_at=max(ends, default=None),
        states=states,
        secretariat=tuple(p for p in present if p.standing == "secretariat"),
        outsiders=tuple(p for p in present if p.standing == "outsider"),
    )
