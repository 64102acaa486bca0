"""What the call use cases answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.calls import WorkingHours
from bot.ports import Textual
from bot.services.calls import _views as views
from storage.calls import Answer, Call, Poll, PollSlot


@dataclass(frozen=True)
class CallOutcome:
    call: Call
    room: views.ReviewRoom
    announced: bool
    outside_hours: tuple[str, ...] = ()
    told: tuple[int, ...] = ()


@dataclass(frozen=True)
class AnswerOutcome:
    call: Call
    answer: Answer
    changed: bool


@dataclass(frozen=True)
class Suggestion:
    room: views.ReviewRoom
    duration: timedelta
    slots: tuple[datetime, ...]
    reason: Textual | None
    hours: WorkingHours


@dataclass(frozen=True)
class Listing:
    room: views.ReviewRoom
    calls: tuple[Call, ...]
    polls: tuple[tuple[Poll, tuple[PollSlot, ...]], ...] = field(default=())

