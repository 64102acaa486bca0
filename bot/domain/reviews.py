"""A country review: its stages, who records them, its deadlines and where its channel goes.

Stages move forward in order. A focal point records the next stage that belongs to their State;
the secretariat may record any later stage (to catch up with work done outside the bot), step
back exactly one stage to correct a mistake, and close a review from any stage. A closed review
is final. Deadlines are calendar dates counted from the official start; reminders go out at a
local hour in a named time zone and are returned as UTC instants.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, model_validator

from bot.domain.errors import InputError, Refused
from bot.i18n import Msg, _


class Stage(StrEnum):
    OPENED = "opened"
    QUESTIONNAIRE_SUBMITTED = "questionnaire_submitted"
    WRITTEN_FEEDBACK_SENT = "written_feedback_sent"
    DIALOGUE = "dialogue"
    OBSERVATIONS_AGREED = "observations_agreed"
    SUMMARY_AGREED = "summary_agreed"
    CLOSED = "closed"

    @property
    def display(self) -> str:
        return _STAGE_NAMES[self]

    @property
    def position(self) -> int:
        return _STAGE_ORDER.index(self)


_STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)
_STAGE_NAMES: dict[Stage, str] = {
    Stage.OPENED: "Opened",
    Stage.QUESTIONNAIRE_SUBMITTED: "Self-assessment questionnaire submitted",
    Stage.WRITTEN_FEEDBACK_SENT: "Written feedback sent",
    Stage.DIALOGUE: "Dialogue",
    Stage.OBSERVATIONS_AGREED: "List of observations agreed",
    Stage.SUMMARY_AGREED: "Summary agreed",
    Stage.CLOSED: "Closed",
}


class StageError(InputError):
    """This stage cannot be recorded now; the message says why."""


class StageRefused(StageError, Refused):
    """This person may not record this stage; the message names who may."""


class RoleFacts(BaseModel):
    """What the person recording a stage is, in this review."""

    model_config = ConfigDict(frozen=True)
    is_secretariat: bool = False
    is_focal_point_of_sur: bool = False
    is_focal_point_of_reviewer: bool = False


# Which focal points may record each stage (the secretariat may record any of them).
_RECORDED_BY: dict[Stage, tuple[bool, bool]] = {  # (SUR's focal point, a reviewer's focal point)
    Stage.QUESTIONNAIRE_SUBMITTED: (True, False),
    Stage.WRITTEN_FEEDBACK_SENT: (False, True),
    Stage.DIALOGUE: (True, True),
    Stage.OBSERVATIONS_AGREED: (True, True),
    Stage.SUMMARY_AGREED: (True, True),
    Stage.CLOSED: (False, False),
}
_WHO_TEXT: dict[tuple[bool, bool], Msg] = {
    (True, False): _("the focal point of the State under review or the secretariat"),
    (False, True): _("the focal point of a reviewing State or the secretariat"),
    (True, True): _("a focal point of this review or the secretariat"),
    (False, False): _("the secretariat"),
}
STAGE_LABEL: dict[Stage, Msg] = {
    Stage.OPENED: _("Opened"),
    Stage.QUESTIONNAIRE_SUBMITTED: _("Self-assessment questionnaire submitted"),
    Stage.WRITTEN_FEEDBACK_SENT: _("Written feedback sent"),
    Stage.DIALOGUE: _("Dialogue"),
    Stage.OBSERVATIONS_AGREED: _("List of observations agreed"),
    Stage.SUMMARY_AGREED: _("Summary agreed"),
    Stage.CLOSED: _("Closed"),
}
"""The stage's name in the reader's language (``Stage.display`` is the English one)."""


def _focal_point_may(stage: Stage, facts: RoleFacts) -> bool:
    by_sur, by_reviewer = _RECORDED_BY.get(stage, (False, False))
    return (by_sur and facts.is_focal_point_of_sur) or (
        by_reviewer and facts.is_focal_point_of_reviewer
    )


def check_stage_change(current: Stage, target: Stage, facts: RoleFacts) -> None:
    """Raise StageError (or StageRefused) unless `facts` may move the review to `target`."""
    if current is Stage.CLOSED:
        raise StageError(_("This review is closed; its stage can no longer change."))
    if target is current:
        raise StageError(_("This review is already at the stage “{display}”.",
                           display=STAGE_LABEL[current]))
    step = target.position - current.position
    if target is Stage.CLOSED or step < 0:
        if not facts.is_secretariat:
            if target is Stage.CLOSED:
                raise StageRefused(_("Only the secretariat can close a review."))
            raise StageRefused(_("Only the secretariat can move a review back a stage."))
        if step < -1:
            raise StageError(_("A review can only go back one stage at a time."))
        return
    if facts.is_secretariat:
        return
    if step > 1:
        nxt = _STAGE_ORDER[current.position + 1]
        raise StageError(
            _("“{display}” cannot be recorded yet: the next stage is “{display2}”.",
              display=STAGE_LABEL[target], display2=STAGE_LABEL[nxt])
        )
    if not _focal_point_may(target, facts):
        who = _WHO_TEXT[_RECORDED_BY[target]]
        raise StageRefused(_("“{display}” can be recorded by {who}.", display=STAGE_LABEL[target],
                             who=who))


def recordable_stages(current: Stage, facts: RoleFacts) -> list[Stage]:
    """The stages this person may record now, in stage order (for a choice list)."""
    allowed = []
    for target in _STAGE_ORDER:
        try:
            check_stage_change(current, target, facts)
        except StageError:
            continue
        allowed.append(target)
    return allowed


# ---------------------------------------------------------------- deadlines


class Party(StrEnum):
    """Who a deadline or reminder is for."""

    SUR = "sur"
    REVIEWERS = "reviewers"
    ALL = "all"
    SECRETARIAT = "secretariat"


class DeadlineKey(StrEnum):
    FOCAL_POINTS = "focal_points"
    EXPERTS = "experts"
    QUESTIONNAIRE = "questionnaire"
    WRITTEN_FEEDBACK = "written_feedback"


_DEADLINE_TEXT: dict[DeadlineKey, tuple[Party, str]] = {
    DeadlineKey.FOCAL_POINTS: (Party.ALL, "the appointment of a focal point by each State"),
    DeadlineKey.EXPERTS: (Party.ALL, "the appointment of governmental experts by each State"),
    DeadlineKey.QUESTIONNAIRE: (Party.SUR, "the answers to the self-assessment questionnaire"),
    DeadlineKey.WRITTEN_FEEDBACK: (Party.REVIEWERS, "the written feedback of the reviewing States"),
}


class Deadline(BaseModel):
    model_config = ConfigDict(frozen=True)
    key: DeadlineKey
    who: Party
    due: date
    done: bool = False

    @property
    def what(self) -> str:
        return _DEADLINE_TEXT[self.key][1]


class ReviewFacts(BaseModel):
    """What the deadlines depend on. `answers_received` is the day the questionnaire arrived."""

    model_config = ConfigDict(frozen=True)
    start: date
    stage: Stage = Stage.OPENED
    answers_received: date | None = None
    focal_points_appointed: bool = False
    experts_appointed: bool = False

    @model_validator(mode="after")
    def _answers_date_fits_stage(self) -> ReviewFacts:
        submitted = self.stage is not Stage.OPENED
        if self.answers_received is None and submitted and self.stage is not Stage.CLOSED:
            raise ValueError("the day the questionnaire answers arrived is missing")
        if self.answers_received is not None:
            if not submitted:
                raise ValueError("answers are dated but the questionnaire is not recorded")
            if self.answers_received < self.start:
                raise ValueError("the answers cannot arrive before the review started")
        return self


def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_first = date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_first - timedelta(days=1)).day
    return date(year, month, min(day.day, last_day))


def deadlines(facts: ReviewFacts) -> list[Deadline]:
    """Every deadline that applies to the review, by due date, with whether it is done.

    The written-feedback deadline exists only once the questionnaire answers have arrived.
    """
    stage = facts.stage
    reached = stage.position
    items = [
        Deadline(key=DeadlineKey.FOCAL_POINTS, who=Party.ALL, due=facts.start + timedelta(weeks=2),
                 done=facts.focal_points_appointed),
        Deadline(key=DeadlineKey.EXPERTS, who=Party.ALL, due=facts.start + timedelta(weeks=4),
                 done=facts.experts_appointed),
        Deadline(key=DeadlineKey.QUESTIONNAIRE, who=Party.SUR, due=add_months(facts.start, 6),
                 done=reached >= Stage.QUESTIONNAIRE_SUBMITTED.position),
    ]
    if facts.answers_received is not None:
        items.append(Deadline(key=DeadlineKey.WRITTEN_FEEDBACK, who=Party.REVIEWERS,
                              due=add_months(facts.answers_received, 6),
                              done=reached >= Stage.WRITTEN_FEEDBACK_SENT.position))
    return sorted(items, key=lambda d: d.due)


def pending_deadlines(facts: ReviewFacts) -> list[Deadline]:
    """Deadlines not yet met, earliest first; none once the review is closed."""
    if facts.stage is Stage.CLOSED:
        return []
    return [d for d in deadlines(facts) if not d.done]


def next_deadline(facts: ReviewFacts, today: date) -> Deadline | None:
    """The earliest pending deadline falling today or later (for the status card)."""
    return next((d for d in pending_deadlines(facts) if d.due >= today), None)


class ReminderKind(StrEnum):
    WEEK_BEFORE = "week_before"
    ON_THE_DAY = "on_the_day"
    MISSED = "missed"  # internal name only: the text to the secretariat never says so


class DeadlineReminder(NamedTuple):
    kind: ReminderKind
    at: datetime  # UTC
    audience: Party


def local_instant(day: date, tz: str, hour: int = 9) -> datetime:
    """`hour`:00 on `day` in the IANA zone `tz`, as a UTC instant."""
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(tz)).astimezone(UTC)


def deadline_reminder_schedule(
    deadline: Deadline, tz: str = "UTC", hour: int = 9
) -> list[DeadlineReminder]:
    """A notice a week before and on the day to those concerned; the day after, the secretariat."""
    return [
        DeadlineReminder(ReminderKind.WEEK_BEFORE,
                         local_instant(deadline.due - timedelta(days=7), tz, hour), deadline.who),
        DeadlineReminder(ReminderKind.ON_THE_DAY, local_instant(deadline.due, tz, hour),
                         deadline.who),
        DeadlineReminder(ReminderKind.MISSED,
                         local_instant(deadline.due + timedelta(days=1), tz, hour),
                         Party.SECRETARIAT),
    ]


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date) -> str:
    """'Friday 28 February 2025' — the same in every locale."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


# ---------------------------------------------------------------- channels and categories

CHANNEL_NAME_MAX = 100
CATEGORY_CHANNEL_MAX = 50
GUILD_CHANNEL_MAX = 500
GUILD_CHANNEL_WARN_AT = 450


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def channel_name(sur_code: str, cluster_slug: str) -> str:
    """'ken-criminalization': lowercase ASCII letters, digits and single hyphens, ≤ 100 chars."""
    sur, cluster = _slug(sur_code), _slug(cluster_slug)
    if not sur or not cluster:
        raise InputError(_("A review channel needs both a State code and a cluster name."))
    name = f"{sur}-{cluster}"[:CHANNEL_NAME_MAX]
    return name.rstrip("-")


def category_name(cluster: str, index: int) -> str:
    """The `index`-th (from 1) category for a cluster's reviews, ≤ 100 chars."""
    if index < 1:
        raise ValueError("category index starts at 1")
    suffix = "" if index == 1 else f" ({index})"
    base = " ".join(f"Reviews · {cluster}".split())
    return base[: CHANNEL_NAME_MAX - len(suffix)].rstrip() + suffix


class CapacityWarning(BaseModel):
    model_config = ConfigDict(frozen=True)
    channels_after: int
    limit: int = GUILD_CHANNEL_MAX
    message: str


class CapacityError(InputError):
    """The server cannot hold the channels asked for."""


class CategoryPlan(BaseModel):
    """Where each new channel goes (1-based category index) and which categories to create."""

    model_config = ConfigDict(frozen=True)
    assignments: tuple[int, ...]
    categories_to_create: tuple[str, ...]
    guild_channels_after: int
    warning: CapacityWarning | None = None


def plan_categories(
    cluster: str,
    counts: Sequence[int],
    *,
    new_channels: int = 1,
    guild_channels: int = 0,
    warn_at: int = GUILD_CHANNEL_WARN_AT,
    moving: bool = False,
) -> CategoryPlan:
    """Place `new_channels` review channels into a cluster's categories.

    `counts` are the channel counts of the cluster's existing categories, in index order;
    `guild_channels` counts every channel of the server, categories included (Discord counts
    both toward its 500 limit). Free places in existing categories are filled first; a new
    category opens when all are full. Raises CapacityError past 500; warns from `warn_at` on.
    With `moving`, the channels exist already and only change category: they are not counted
    again, only the categories that must be created are.
    """
    if any(c < 0 or c > CATEGORY_CHANNEL_MAX for c in counts) or new_channels < 0:
        raise ValueError("channel counts must lie between 0 and 50")
    filled = list(counts)
    assignments: list[int] = []
    for _i in range(new_channels):
        room = next((i for i, c in enumerate(filled) if c < CATEGORY_CHANNEL_MAX), None)
        if room is None:
            filled.append(0)
            room = len(filled) - 1
        filled[room] += 1
        assignments.append(room + 1)
    created = tuple(category_name(cluster, i + 1) for i in range(len(counts), len(filled)))
    after = guild_channels + (0 if moving else new_channels) + len(created)
    if after > GUILD_CHANNEL_MAX:
        raise CapacityError(
            _("This would bring the server to {after} channels, above Discord's limit of "
              "{limit}. Archive the channels of closed reviews first.", after=after,
              limit=GUILD_CHANNEL_MAX)
        )
    warning = None
    if after >= warn_at:
        warning = CapacityWarning(
            channels_after=after,
            message=f"The server will hold {after} of at most {GUILD_CHANNEL_MAX} channels; "
            "consider archiving the channels of closed reviews.",
        )
    return CategoryPlan(assignments=tuple(assignments), categories_to_create=created,
                        guild_channels_after=after, warning=warning)
