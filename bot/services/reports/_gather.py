"""The rows of the status report as they stood at the end of a day, from the recorded history.

A review counts once it had been recorded by then; its stage, its reviewing States and the
people of its States are replayed from the audit log; a clarification request's status and
due date from its own entries. The rows carry no State code.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from bot.domain.mechanism import Cluster
from bot.domain.review_history import (
    RequestEntry,
    appointments_at,
    people_in_review_at,
    places_filled,
    request_at,
    reviewers_at,
    stages_at,
)
from bot.domain.reviews import Stage
from bot.domain.status_report import CallRow, ClarificationRow, ReviewRow, day_end
from storage.db import Tx
from storage.reports import (
    calls_created_before,
    people_changes_before,
    request_entries_before,
    requests_asked_before,
    reviewer_changes_before,
    reviews_created_before,
    stage_changes_before,
)


async def rows_as_of(
    tx: Tx, as_of: date
) -> tuple[list[ReviewRow], list[ClarificationRow], list[CallRow]]:
    before = day_end(as_of)
    reviews = await reviews_created_before(tx, before)
    stages = stages_at(await stage_changes_before(tx, before), before)
    reviewers = reviewers_at(await reviewer_changes_before(tx, before), before)
    wide, per_review = appointments_at(await people_changes_before(tx, before), before)
    cluster_of: dict[int, Cluster] = {}
    review_rows = []
    for review in reviews:
        cluster_of[review.id] = Cluster(review.cluster)
        states = (review.sur, *reviewers.get(review.id, ()))
        focal, experts = places_filled(
            states, people_in_review_at(wide, per_review.get(review.id, {})))
        review_rows.append(ReviewRow(
            cluster=Cluster(review.cluster), start=review.start,
            stage=stages.get(review.id, Stage.OPENED), states=len(states),
            focal_points=focal, with_experts=experts,
        ))
    entries: dict[int, list[RequestEntry]] = defaultdict(list)
    for entry in await request_entries_before(tx, before):
        entries[entry.request_id].append(entry)
    requests = []
    for request in await requests_asked_before(tx, before):
        state = request_at(entries[request.id], request.first_due, before)
        if state is not None and request.review_id in cluster_of:
            requests.append(ClarificationRow(cluster=cluster_of[request.review_id],
                                             state=state[0], due=state[1]))
    calls = [CallRow(cluster=cluster_of[c.review_id], ends=c.start + timedelta(minutes=c.minutes),
                     cancelled=c.cancelled)
             for c in await calls_created_before(tx, before) if c.review_id in cluster_of]
    return review_rows, requests, calls
