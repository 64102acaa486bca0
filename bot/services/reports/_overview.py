"""The secretariat's overview: each review, what comes next and what is late or missing.

Ordered by the code of the State under review (then cluster), never by progress. Pages fit one
Discord message each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from bot.domain.reviews import Stage, pending_deadlines
from bot.i18n import Language, render
from bot.services.reports import _wording as w
from bot.services.reviews import ReviewView


class OverviewPage(BaseModel):
    model_config = ConfigDict(frozen=True)
    text: str
    page: int  # from 0
    pages: int
    previous_label: str = "Previous"
    next_label: str = "Next"


def _missing(view: ReviewView, language: Language) -> list[str]:
    roles = {(p.party, p.role) for p in view.people}
    items = []
    if not view.reviewers:
        items.append(render(w.OVERVIEW_NO_REVIEWERS, language))
    no_focal = [s for s in view.states if (s, "focal_point") not in roles]
    if no_focal:
        items.append(w.say(w.OVERVIEW_NO_FOCAL, language, codes=", ".join(no_focal)))
    no_expert = [s for s in view.states if (s, "expert") not in roles]
    if no_expert:
        items.append(w.say(w.OVERVIEW_NO_EXPERT, language, codes=", ".join(no_expert)))
    return items


def _late(view: ReviewView, today: date, overdue_requests: int, language: Language
          ) -> list[str]:
    items = [w.say(w.OVERVIEW_LATE_DEADLINE, language, what=w.SHORT_DEADLINE[d.key.value],
                   day=d.due.isoformat())
             for d in pending_deadlines(view.facts) if d.due < today]
    if overdue_requests:
        items.append(w.say(w.OVERVIEW_OVERDUE_REQUESTS, language, count=overdue_requests))
    return items


def overview_line(view: ReviewView, today: date, overdue_requests: int,
                  language: Language = Language.EN) -> tuple[str, bool]:
    """One review's line, and whether anything in it is late."""
    review = view.review
    nxt = view.next_deadline(today)
    following = (w.say(w.OVERVIEW_NEXT, language, what=w.SHORT_DEADLINE[nxt.key.value],
                       day=nxt.due.isoformat())
                 if nxt is not None else render(w.OVERVIEW_NO_NEXT, language))
    text = w.say(w.OVERVIEW_LINE, language, code=view.sur.code, cluster=review.cluster,
                 stage=w.stage_name(review.stage, language),
                 paused=w.OVERVIEW_PAUSED if review.paused else "", next=following)
    late = _late(view, today, overdue_requests, language) if not review.closed else []
    missing = _missing(view, language) if not review.closed else []
    if late:
        text += " · " + w.say(w.OVERVIEW_LATE, language, items="; ".join(late))
    if missing:
        text += " · " + w.say(w.OVERVIEW_MISSING, language, items="; ".join(missing))
    return text, bool(late)


def overview_pages(
    views: Sequence[ReviewView], overdue: Mapping[int, int], today: date, *,
    stage: Stage | None, only_late: bool, limit: int, language: Language = Language.EN,
) -> list[str]:
    """The overview's pages (each at most `limit` characters), in State-code order."""
    if stage is None:
        chosen = [v for v in views if not v.review.closed]
        what = render(w.OVERVIEW_WHAT_ALL, language)
    else:
        chosen = [v for v in views if v.review.stage is stage]
        what = w.say(w.OVERVIEW_WHAT_STAGE, language, stage=w.stage_name(stage, language))
    if only_late:
        what += " " + render(w.OVERVIEW_WHAT_OVERDUE, language)
    lines = []
    for view in sorted(chosen, key=lambda v: (v.sur.code, v.review.cluster, v.id)):
        line, late = overview_line(view, today, overdue.get(view.id, 0), language)
        if late or not only_late:
            lines.append(line)
    if not lines:
        return [w.say(w.OVERVIEW_NONE, language, what=what)]
    head_room = len(w.OVERVIEW_HEAD.template(language)) + len(what) + 40
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
    return [w.say(w.OVERVIEW_HEAD, language, count=len(lines), what=what, page=i + 1,
                  pages=pages) + "\n" + "\n".join(body) for i, body in enumerate(bodies)]


def labels(language: Language) -> tuple[str, str]:
    """The page buttons' labels: previous, next."""
    return render(w.PREVIOUS, language), render(w.NEXT, language)


