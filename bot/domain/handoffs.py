"""Hand-offs between features: work one feature's change causes in another.

Each is a job row written in the same transaction as its cause (``Timekeeper.hand_off``), so
it cannot be lost: it runs once that transaction commits, is retried with back-off when it
fails, and is reported to the secretariat when it keeps failing. The payloads are typed here,
where both sides can read them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

DRAW_ASSIGNMENTS = "draw.assignments"  # a draw's result or redraw result opens its reviews
REVIEWS_CHANGED = "reviews.changed"  # review rows changed: their channels follow
REVIEW_REQUESTS = "clarifications.reviews"  # review rows changed: their requests follow
PARTIES_CHANGED = "registry.parties"  # a party or its people changed: reminders, channels


class DrawAssignments(BaseModel):
    """Record the reviewers a draw's log names up to line ``seq`` (inclusive)."""

    model_config = ConfigDict(frozen=True)
    draw_id: str
    seq: int


class ReviewsChanged(BaseModel):
    model_config = ConfigDict(frozen=True)
    reviews: tuple[int, ...]


class PartiesChanged(BaseModel):
    model_config = ConfigDict(frozen=True)
    parties: tuple[str, ...]
    users: tuple[int, ...] = ()
    people: bool = False  # registered people changed (not only the parties' own rows)


class Additional(BaseModel):
    model_config = ConfigDict(frozen=True)
    code: str
    slot: str | None = None


class Assigned(BaseModel):
    """One State under review's reviewers, as a draw names them."""

    model_config = ConfigDict(frozen=True)
    same_group: str
    other_group: str
    additional: tuple[Additional, ...] = ()


class DrawOutcome(BaseModel):
    """What a draw's result (or redraw result) decides, as the reviews feature records it."""

    model_config = ConfigDict(frozen=True)
    draw_id: str
    cluster: int
    assignments: dict[str, Assigned]
