"""Reading the history the status report replays: reviews, stages, reviewers, people,
clarification requests and calls recorded before an instant. Read only."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.domain.review_history import PersonChange, RequestEntry, ReviewersSet, StageChange
from bot.domain.reviews import Stage
from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx


class ReviewRecord(BaseModel):
    """A review as created (its present stage is not what a past date needs)."""

    model_config = ConfigDict(frozen=True)
    id: int
    sur: str
    cluster: int
    start: date
    created_at: datetime


class RequestRecord(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    review_id: int
    first_due: date


class CallRecord(BaseModel):
    model_config = ConfigDict(frozen=True)
    review_id: int
    start: datetime
    minutes: int
    cancelled: bool


_STAGES = frozenset(s.value for s in Stage)


def _details(row: Any) -> dict[str, Any]:
    data = json.loads(row["details"])
    return data if isinstance(data, dict) else {}


def _review_id(subject: str) -> int | None:
    head, _, number = subject.partition(" ")
    return int(number) if head == "review" and number.isdigit() else None


async def reviews_created_before(tx: Tx, before: datetime) -> list[ReviewRecord]:
    rows = await tx.fetchall(
        "SELECT id, sur, cluster, start_date, created_at FROM reviews WHERE created_at < ?"
        " ORDER BY id", (iso_utc(before),))
    return [ReviewRecord(id=r["id"], sur=r["sur"], cluster=r["cluster"],
                         start=date.fromisoformat(r["start_date"]),
                         created_at=parse_iso_utc(r["created_at"])) for r in rows]


async def _audit(tx: Tx, actions: tuple[str, ...], before: datetime) -> list[Any]:
    marks = ", ".join("?" for _ in actions)
    return await tx.fetchall(
        f"SELECT at, action, subject, details FROM audit_log WHERE action IN ({marks})"
        " AND at < ? ORDER BY seq", (*actions, iso_utc(before)))


async def stage_changes_before(tx: Tx, before: datetime) -> list[StageChange]:
    out = []
    for row in await _audit(tx, ("review.stage", "review.close"), before):
        review_id = _review_id(row["subject"])
        to = "closed" if row["action"] == "review.close" else _details(row).get("to")
        if review_id is not None and to in _STAGES:
            out.append(StageChange(review_id, parse_iso_utc(row["at"]), Stage(str(to))))
    return out


async def reviewer_changes_before(tx: Tx, before: datetime) -> list[ReviewersSet]:
    out = []
    for row in await _audit(tx, ("review.assign",), before):
        review_id = _review_id(row["subject"])
        parties = tuple(str(r["party"]) for r in _details(row).get("reviewers") or []
                        if isinstance(r, dict) and "party" in r)
        if review_id is not None:
            out.append(ReviewersSet(review_id, parse_iso_utc(row["at"]), parties))
    return out


async def people_changes_before(tx: Tx, before: datetime) -> list[PersonChange]:
    out = []
    actions = ("expert.add", "expert.role", "expert.remove", "appointment.add",
               "appointment.role", "appointment.remove")
    for row in await _audit(tx, actions, before):
        data = _details(row)
        if "user" not in data:
            continue
        ended = row["action"] in ("expert.remove", "appointment.remove")
        role = None if ended else data.get("to") or data.get("role")
        review = data.get("review") if row["action"].startswith("appointment.") else None
        out.append(PersonChange(parse_iso_utc(row["at"]), int(data["user"]),
                                data.get("party"), role,
                                int(review) if isinstance(review, int) else None))
    return out


async def requests_asked_before(tx: Tx, before: datetime) -> list[RequestRecord]:
    """Requests asked before `before`, with the due date set when they were asked (from the
    audit entry of the question; the request's own date when there is none)."""
    first_due: dict[str, str] = {}
    for row in await _audit(tx, ("clarify.ask",), before):
        due = _details(row).get("due")
        if isinstance(due, str):
            first_due[row["subject"]] = due
    rows = await tx.fetchall(
        "SELECT id, review_id, due_date FROM clarification_requests WHERE asked_at < ?"
        " ORDER BY id", (iso_utc(before),))
    return [RequestRecord(id=r["id"], review_id=r["review_id"],
                          first_due=date.fromisoformat(first_due.get(f"request {r['id']}",
                                                                     r["due_date"])))
            for r in rows]


async def request_entries_before(tx: Tx, before: datetime) -> list[RequestEntry]:
    rows = await tx.fetchall(
        "SELECT request_id, at, kind, due_date FROM clarification_entries WHERE at < ?"
        " ORDER BY request_id, id", (iso_utc(before),))
    return [RequestEntry(r["request_id"], parse_iso_utc(r["at"]), r["kind"],
                         date.fromisoformat(r["due_date"]) if r["due_date"] else None)
            for r in rows]


async def calls_created_before(tx: Tx, before: datetime) -> list[CallRecord]:
    """Calls recorded before `before`; `cancelled` is their present status (a call that has
    taken place cannot be cancelled any more, so a past call keeps its status)."""
    rows = await tx.fetchall(
        "SELECT review_id, start_utc, duration_minutes, status FROM calls WHERE created_at < ?"
        " ORDER BY id", (iso_utc(before),))
    return [CallRecord(review_id=r["review_id"], start=parse_iso_utc(r["start_utc"]),
                       minutes=r["duration_minutes"], cancelled=r["status"] == "cancelled")
            for r in rows]


async def overdue_requests_by_review(tx: Tx, today: date) -> dict[int, int]:
    """Requests awaiting an answer whose due date is before `today`, counted per review."""
    rows = await tx.fetchall(
        "SELECT review_id, COUNT(*) AS n FROM clarification_requests WHERE status = 'open'"
        " AND due_date < ? GROUP BY review_id", (today.isoformat(),))
    return {int(r["review_id"]): int(r["n"]) for r in rows}
