"""What the call use cases answer, and the checks of what people type for a call."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.calls import WorkingHours
from bot.domain.errors import InputError
from bot.services.calls import _views as views
from storage.calls import Answer, Call, Poll, PollSlot

MAX_LINK = 500
_LINK = re.compile(r"^https?://[^\s<>]+$", re.I)


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
    reason: str | None
    hours: WorkingHours


@dataclass(frozen=True)
class Listing:
    room: views.ReviewRoom
    calls: tuple[Call, ...]
    polls: tuple[tuple[Poll, tuple[PollSlot, ...]], ...] = field(default=())


def clean_title(text: str) -> str:
    title = " ".join(text.split())
    if not 1 <= len(title) <= 100:
        raise InputError("Give the call a title of 1 to 100 characters. Nothing was changed.")
    return title


def clean_link(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    link = text.strip()
    if len(link) > MAX_LINK or not _LINK.match(link):
        raise InputError("The link must be a web address starting with https://, such as the "
                         "invitation link of the video call. Nothing was changed.")
    return link
