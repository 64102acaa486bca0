"""The status of the mechanism at a date: aggregates across all reviews, never a ranking.

The rows given here carry no State code at all: a review is its cluster, its start, its stage
and how many of its States have a focal point and experts. Whatever comes out of this module
can therefore neither name nor order States. A *start group* is the calendar year in which
reviews officially started (the mechanism's three start groups began in 2020, 2021 and 2022).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.mechanism import Cluster
from bot.domain.reviews import Stage


class Bucket(StrEnum):
    """Where a review stands at the date: not started yet, or the stage it had reached."""

    NOT_STARTED = "not_started"
    OPENED = "opened"
    QUESTIONNAIRE_SUBMITTED = "questionnaire_submitted"
    WRITTEN_FEEDBACK_SENT = "written_feedback_sent"
    DIALOGUE = "dialogue"
    OBSERVATIONS_AGREED = "observations_agreed"
    SUMMARY_AGREED = "summary_agreed"
    CLOSED = "closed"


BUCKETS: tuple[Bucket, ...] = tuple(Bucket)
IN_PROGRESS: frozenset[Bucket] = frozenset(BUCKETS) - {Bucket.NOT_STARTED, Bucket.CLOSED}

ClarificationState = Literal["open", "answered", "accepted", "withdrawn"]


class ReviewRow(BaseModel):
    """One review as it stood at the date (no State named)."""

    model_config = ConfigDict(frozen=True)
    cluster: Cluster
    start: date
    stage: Stage
    states: int = Field(ge=1)  # the State under review and its reviewing States
    focal_points: int = Field(ge=0)  # of those, how many had a focal point
    with_experts: int = Field(ge=0)  # of those, how many had at least one expert


class ClarificationRow(BaseModel):
    """One clarification request as it stood at the date."""

    model_config = ConfigDict(frozen=True)
    cluster: Cluster
    state: ClarificationState
    due: date


class CallRow(BaseModel):
    """One conference call of a review, as recorded at the date."""

    model_config = ConfigDict(frozen=True)
    cluster: Cluster
    ends: datetime
    cancelled: bool = False


def day_end(day: date) -> datetime:
    """The first instant after `day` (UTC): everything before it counts as of that day."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=UTC)


def bucket_of(row: ReviewRow, as_of: date) -> Bucket:
    if row.stage is Stage.OPENED and row.start > as_of:
        return Bucket.NOT_STARTED
    return Bucket(row.stage.value)


class Tally(BaseModel):
    """Reviews per bucket, in bucket order, with their total."""

    model_config = ConfigDict(frozen=True)
    counts: tuple[int, ...] = (0,) * len(BUCKETS)

    @property
    def total(self) -> int:
        return sum(self.counts)

    def of(self, bucket: Bucket) -> int:
        return self.counts[BUCKETS.index(bucket)]

    @property
    def in_progress(self) -> int:
        return sum(self.of(b) for b in IN_PROGRESS)


def _tally(buckets: Iterable[Bucket]) -> Tally:
    counts = [0] * len(BUCKETS)
    for bucket in buckets:
        counts[BUCKETS.index(bucket)] += 1
    return Tally(counts=tuple(counts))


class Appointments(BaseModel):
    """Focal points and experts, counted over every (review, State) place of the reviews not
    closed at the date."""

    model_config = ConfigDict(frozen=True)
    places: int = 0
    focal_points: int = 0
    with_experts: int = 0
    reviews_all_focal_points: int = 0
    reviews: int = 0


class Clarifications(BaseModel):
    model_config = ConfigDict(frozen=True)
    asked: int = 0
    answered: int = 0  # an answer was given (accepted or awaiting review)
    accepted: int = 0
    open: int = 0  # awaiting an answer
    overdue: int = 0  # awaiting an answer past their due date
    withdrawn: int = 0


class StatusReport(BaseModel):
    """Everything the working groups are told, as aggregates."""

    model_config = ConfigDict(frozen=True)
    as_of: date
    cluster: Cluster | None  # None: every cluster
    overall: Tally
    by_cluster: tuple[tuple[Cluster, Tally], ...]
    by_start_group: tuple[tuple[int, Tally], ...]  # start year, in year order
    appointments: Appointments
    clarifications: Clarifications
    calls_held: int
    # Outputs cleared by the focal points: not recorded by the bot yet. None means "not
    # tracked", never zero; the feature that records outputs fills this in.
    outputs_cleared: int | None = None


def status_report(
    as_of: date,
    reviews: Sequence[ReviewRow],
    clarifications: Sequence[ClarificationRow] = (),
    calls: Sequence[CallRow] = (),
    *,
    cluster: Cluster | None = None,
) -> StatusReport:
    """Aggregate the rows (already as they stood at `as_of`) into the status report.

    With `cluster`, only that cluster's reviews, requests and calls count.
    """
    def wanted(c: Cluster) -> bool:
        return cluster is None or c is cluster

    shown = [r for r in reviews if wanted(r.cluster)]
    buckets = [(r, bucket_of(r, as_of)) for r in shown]
    clusters = [cluster] if cluster is not None else list(Cluster)
    by_cluster = tuple((c, _tally(b for r, b in buckets if r.cluster is c)) for c in clusters)
    years = sorted({r.start.year for r in shown})
    by_group = tuple((y, _tally(b for r, b in buckets if r.start.year == y)) for y in years)
    active = [r for r, b in buckets if b is not Bucket.CLOSED]
    appointments = Appointments(
        places=sum(r.states for r in active),
        focal_points=sum(min(r.focal_points, r.states) for r in active),
        with_experts=sum(min(r.with_experts, r.states) for r in active),
        reviews_all_focal_points=sum(1 for r in active if r.focal_points >= r.states),
        reviews=len(active),
    )
    requests = [c for c in clarifications if wanted(c.cluster)]
    waiting = [c for c in requests if c.state == "open"]
    cutoff = day_end(as_of)
    return StatusReport(
        as_of=as_of, cluster=cluster, overall=_tally(b for _, b in buckets),
        by_cluster=by_cluster, by_start_group=by_group, appointments=appointments,
        clarifications=Clarifications(
            asked=len(requests),
            answered=sum(1 for c in requests if c.state in ("answered", "accepted")),
            accepted=sum(1 for c in requests if c.state == "accepted"),
            open=len(waiting),
            overdue=sum(1 for c in waiting if c.due < as_of),
            withdrawn=sum(1 for c in requests if c.state == "withdrawn"),
        ),
        calls_held=sum(1 for c in calls if wanted(c.cluster) and not c.cancelled
                       and c.ends <= cutoff),
    )


# ---------------------------------------------------------------- the monthly report


def month_before(first: date) -> date:
    """The last day of the month before the month that starts on `first`."""
    return first - timedelta(days=1)


def next_month_start(now: datetime, zone: str, hour: int) -> tuple[date, datetime]:
    """The next first-of-month at `hour`:00 in `zone` still ahead of `now`: (its day, UTC)."""
    tz = ZoneInfo(zone)
    local = now.astimezone(tz)
    first = date(local.year, local.month, 1)
    for _ in range(2):
        at = datetime.combine(first, time(hour), tzinfo=tz).astimezone(UTC)
        if at > now:
            return first, at
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    raise AssertionError("unreachable: the first of next month is always ahead")
