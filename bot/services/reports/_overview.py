"""The secretariat's overview: each review, what comes next and what is late or missing.

Ordered by the code of the State under review (then cluster), never by progress. Pages fit one
Discord message each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from bot.domain.reviews import Stage, pending_deadlines
from bot.services.reports import _wording as w
from bot.services.reviews import ReviewView


class OverviewPage(BaseModel):
    model_config = ConfigDict(frozen=True)
    text: str
    page: int  # from 0
    pages: int
    previous_label: str = w.PREVIOUS
    next_label: str = w.NEXT


def _missing(view: ReviewView) -> list[str]:
    roles = {(p.party, p.role) for p in view.people}
    items = []
    if not view.reviewers:
        items.append(w.OVERVIEW_NO_REVIEWERS)
    no_focal = [s for s in view.states if (s, "focal_point") not in roles]
    if no_focal:
        items.append(w.OVERVIEW_NO_FOCAL.format(codes=", ".join(no_focal)))
    no_expert = [s for s in view.states if (s, "expert") not in roles]
    if no_expert:
        items.append(w.OVERVIEW_NO_EXPERT.format(codes=", ".join(no_expert)))
    return items


def _late(view: ReviewView, today: date, overdue_requests: int) -> list[str]:
    items = [w.OVERVIEW_LATE_DEADLINE.format(what=w.SHORT_DEADLINE[d.key.value],
                                             day=d.due.isoformat())
             for d in pending_deadlines(view.facts) if d.due < today]
    if overdue_requests:
        items.append(w.OVERVIEW_OVERDUE_REQUESTS.format(count=overdue_requests))
    return items


def overview_line(view: ReviewView, today: date, overdue_requests: int) -> tuple[str, bool]:
    """One review's line, and whether anything in it is late."""
    review = view.review
    nxt = view.next_deadline(today)
    following = (w.OVERVIEW_NEXT.format(what=w.SHORT_DEADLINE[nxt.key.value],
                                        day=nxt.due.isoformat())
                 if nxt is not None else w.OVERVIEW_NO_NEXT)
    text = w.OVERVIEW_LINE.format(code=view.sur.code, cluster=review.cluster,
                                  stage=w.stage_name(review.stage),
                                  paused=w.OVERVIEW_PAUSED if review.paused else "",
                                  next=following)
    late = _late(view, today, overdue_requests) if not review.closed else []
    missing = _missing(view) if not review.closed else []
    if late:
        text += " · " + w.OVERVIEW_LATE.format(items="; ".join(late))
    if missing:
        text += " · " + w.OVERVIEW_MISSING.format(items="; ".join(missing))
    return text, bool(late)


def overview_pages(
    views: Sequence[ReviewView], overdue: Mapping[int, int], today: date, *,
    stage: Stage | None, only_late: bool, limit: int,
) -> list[str]:
    """The overview's pages (each at most `limit` characters), in State-code order."""
    if stage is None:
        chosen = [v for v in views if not v.review.closed]
        what = w.OVERVIEW_WHAT_ALL
    else:
        chosen = [v for v in views if v.review.stage is stage]
        what = w.OVERVIEW_WHAT_STAGE.format(stage=w.stage_name(stage))
    if only_late:
        what += " " + w.OVERVIEW_WHAT_OVERDUE
    lines = []
    for view in sorted(chosen, key=lambda v: (v.sur.code, v.review.cluster, v.id)):
        line, late = overview_line(view, today, overdue.get(view.id, 0))
        if late or not only_late:
            lines.append(line)
    if not lines:
        return [w.OVERVIEW_NONE.format(what=what)]
    head_room = len(w.OVERVIEW_HEAD) + len(what) + 40
    bodies: list[list[str]] = [[]]
    size = head_room
    for line in lines:
        line = line[: limit - head_room - 2]
        if bodies[-1] and size + len(line) + 1 > limit:
            bodies.append([])
            size = head_room
        bodies[-1].append(line)
        size += len(line) + 1
    pages = len(bodies)
    return [w.OVERVIEW_HEAD.format(count=len(lines), what=what, page=i + 1, pages=pages)
            + "\n" + "\n".join(body) for i, body in enumerate(bodies)]
