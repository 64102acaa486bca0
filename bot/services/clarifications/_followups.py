"""Follow-ups of clarification requests, kept as rows in the jobs table.

An open request gets a notice to the State under review `days_before` its due date and on it,
then one notice every `overdue_every` days while no answer is recorded; only the next of those
is ever scheduled, and each one schedules the one after it when it goes out. Right after the
notice that escalates, the secretariat channel is told (never the other States). An answer that
the askers have neither accepted nor followed up after `review_answer_after` days is pointed
out to them once. Notices go out at `hour` local time in the zone of the State under review.

Every job re-reads its request and its review when it falls due and stays silent when the
request moved on (answered, new due date, closed). A review that is paused holds its
follow-ups: nothing is sent while it is paused, and when it resumes each open request's due
date moves later by the days of the pause (and an answer reminder by the time of the pause),
so the notices that fell in the pause come after it, in the same order and spacing. Closing a
review ends its follow-ups. A bot that was offline sends a missed notice on start, marked late;
when several notices after the due date were missed, one notice stands for all of them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta

from bot.clock import Clock
from bot.domain.actor import SYSTEM
from bot.domain.clarifications import (
    Audience,
    ClarificationStatus,
    FollowUp,
    FollowUpKind,
    FollowUpPolicy,
    RequestRef,
    due_after_pause,
    followups_active,
    next_overdue,
)
from bot.domain.reviews import local_instant
from bot.i18n import Verbatim, _, lines
from bot.ports import Messenger, OutMessage, Textual
from bot.ports.threads import ThreadMessage
from bot.services.audit import AuditService
from bot.services.clarifications._followup_text import followup_text
from bot.services.clarifications._text import LATE_NOTE, day_of
from bot.services.reviews import ReviewView, load_views
from bot.services.timers import Timekeeper
from storage.clarifications import (
    UNFINISHED,
    Request,
    add_request_entry,
    get_request,
    hold_request_clocks,
    record_request_notice,
    release_request_clocks,
    requests_held_since,
    requests_of_review,
    unfinished_request_ids,
    update_request,
)
from storage.db import Store, Tx
from storage.jobs import Job
from storage.reviews import get_review

log = logging.getLogger(__name__)

JOB_NOTICE = "clarify.notice"
ThreadEnsurer = Callable[[int], Awaitable[int]]
ThreadPoster = Callable[[int, ThreadMessage], Awaitable[int]]

_OPEN, _ANSWERED = ClarificationStatus.OPEN, ClarificationStatus.ANSWERED


def key(request_id: int, what: str) -> str:
    return f"cr:{request_id}:{what}"


def sur_people(view: ReviewView) -> tuple[int, ...]:
    """The focal point and experts of the State under review (observers are not asked)."""
    return tuple(p.user_id for p in view.people_of(view.sur.code)
                 if p.role in ("focal_point", "expert"))


def askers(view: ReviewView, request: Request) -> tuple[int, ...]:
    """The person who asked and the focal point of the asking State."""
    ids = [request.asked_by]
    if request.asked_party is not None:
        ids += [i for i in view.focal_point_ids([request.asked_party]) if i not in ids]
    return tuple(ids)



async def load_request(store: Store, request_id: int) -> tuple[Request, ReviewView] | None:
    """A request with the review it belongs to, or None when either is gone."""
    async with store.read() as tx:
        request = await get_request(tx, request_id)
        review = await get_review(tx, request.review_id) if request else None
        if request is None or review is None:
            return None
        (view,) = await load_views(tx, [review])
    return request, view

class FollowUps:
    def __init__(
        self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
        messenger: Messenger, policy: FollowUpPolicy,
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.messenger = messenger
        self.policy = policy
        self.ensure_thread: ThreadEnsurer | None = None
        self.post: ThreadPoster | None = None
        timers.register(JOB_NOTICE, self.run, label="a clarification follow-up")

    # ------------------------------------------------------------------ scheduling

    async def cancel(self, tx: Tx, request_id: int) -> None:
        for what in ("before", "due", "askers"):
            await self.timers.cancel(tx, key=key(request_id, what))
        await self.timers.cancel(tx, prefix=key(request_id, "overdue:"))

    async def schedule(self, tx: Tx, request: Request, zone: str) -> None:
        """(Re)schedule what is ahead of this request, after cancelling what was."""
        await self.cancel(tx, request.id)
        if request.status is _OPEN:
            await self._schedule_open(tx, request, zone)
        elif request.status is _ANSWERED and request.remind_askers_at is not None:
            if not request.askers_reminded:
                at = max(request.remind_askers_at, self.clock.now())
                await self.timers.schedule(tx, JOB_NOTICE, at, {
                    "request_id": request.id, "kind": FollowUpKind.ANSWER_REVIEW.value,
                    "at": request.remind_askers_at.isoformat(),
                }, key=key(request.id, "askers"))

    async def _schedule_open(self, tx: Tx, request: Request, zone: str) -> None:
        p, now, due = self.policy, self.clock.now(), request.due
        base = {"request_id": request.id, "due": due.isoformat()}
        if p.days_before and not request.before_sent:
            at = local_instant(due - timedelta(days=p.days_before), zone, p.hour)
            if at > now:
                await self.timers.schedule(tx, JOB_NOTICE, at, {
                    **base, "kind": FollowUpKind.BEFORE_DUE.value}, key=key(request.id, "before"))
        if p.on_due and not request.on_due_sent and day_of(now, zone) <= due:
            at = max(local_instant(due, zone, p.hour), now)
            await self.timers.schedule(tx, JOB_NOTICE, at, {
                **base, "kind": FollowUpKind.ON_DUE.value}, key=key(request.id, "due"))
        await self._schedule_overdue(tx, request.id, due, request.overdue_sent, zone)

    async def _schedule_overdue(
        self, tx: Tx, request_id: int, due: date, sent: int, zone: str
    ) -> None:
        item = next_overdue(due, sent, self.policy, zone)[0]
        await self.timers.schedule(tx, JOB_NOTICE, max(item.at, self.clock.now()), {
            "request_id": request_id, "due": due.isoformat(),
            "kind": FollowUpKind.OVERDUE.value, "number": item.number,
        }, key=key(request_id, f"overdue:{item.number}"))

    # --------------------------------------------------------------------- running

    def _current(self, request: Request, job: Job) -> bool:
        kind = FollowUpKind(job.payload["kind"])
        if kind is FollowUpKind.ANSWER_REVIEW:
            return (request.status is _ANSWERED and not request.askers_reminded
                    and request.remind_askers_at is not None
                    and request.remind_askers_at.isoformat() == job.payload["at"])
        if request.status is not _OPEN or request.due.isoformat() != job.payload["due"]:
            return False
        if kind is FollowUpKind.BEFORE_DUE:
            return not request.before_sent
        if kind is FollowUpKind.ON_DUE:
            return not request.on_due_sent
        number = int(job.payload["number"])
        return request.overdue_sent < number or self._escalates(request, number)

    def _escalates(self, request: Request, number: int) -> bool:
        after = self.policy.escalate_after_overdue_notices
        return bool(after) and number >= after and not request.escalated

    async def run(self, job: Job, late: bool) -> None:
        """Send one follow-up, unless it no longer applies (see the module's text)."""
        loaded = await load_request(self.store, int(job.payload["request_id"]))
        if loaded is None:
            return
        request, view = loaded
        review = view.review
        if not self._current(request, job) or review.closed:
            return
        if not followups_active(review.stage, review.paused):
            async with self.store.transaction() as tx:  # the resume reschedules it
                await hold_request_clocks(tx, review.id, self.clock.now())
            return
        assert self.ensure_thread is not None and self.post is not None
        thread_id = await self.ensure_thread(request.id)
        suffix: Textual = Verbatim("\n-# ") + LATE_NOTE if late else ""
        kind = FollowUpKind(job.payload["kind"])
        if kind is FollowUpKind.OVERDUE:
            await self._overdue(request, view, thread_id, int(job.payload["number"]), suffix)
            return
        ref = RequestRef(number=request.number, article=request.article,
                         question=request.question)
        if kind is FollowUpKind.ANSWER_REVIEW:
            people = askers(view, request)
            answered = request.answered_at or self.clock.now()
            item = FollowUp(kind, job.due_at, Audience.ASKERS)
            text = followup_text(item, ref, request.due, self.policy,
                                 mentions=[f"<@{i}>" for i in people],
                                 answered_on=day_of(answered, view.sur.timezone))
            flag = "askers_reminded"
        else:
            people = sur_people(view)
            item = FollowUp(kind, job.due_at, Audience.SUR)
            text = followup_text(item, ref, request.due, self.policy,
                                 mentions=[f"<@{i}>" for i in people])
            flag = "before_sent" if kind is FollowUpKind.BEFORE_DUE else "on_due_sent"
        await self.post(thread_id, ThreadMessage(lines(text, suffix, separator=""),
                                                 mention_users=people))
        async with self.store.transaction() as tx:
            await record_request_notice(tx, request.id, **{flag: True})
            await self._audit(tx, request, kind.value, late)

    async def _overdue(
        self, request: Request, view: ReviewView, thread_id: int, number: int, suffix: Textual
    ) -> None:
        assert self.post is not None
        zone, due, now = view.sur.timezone, request.due, self.clock.now()
        ref = RequestRef(number=request.number, article=request.article,
                         question=request.question)
        sent = request.overdue_sent
        if sent < number:
            latest = number  # one notice stands for any others missed while offline
            while next_overdue(due, latest, self.policy, zone)[0].at <= now and latest < 520:
                latest += 1
            item = next_overdue(due, latest - 1, self.policy, zone)[0]
            people = sur_people(view)
            text = followup_text(item, ref, due, self.policy, mentions=[f"<@{i}>" for i in people])
            await self.post(thread_id, ThreadMessage(lines(text, suffix, separator=""),
                                                     mention_users=people))
            async with self.store.transaction() as tx:
                await record_request_notice(tx, request.id, overdue_sent=latest)
                await self._schedule_overdue(tx, request.id, due, latest, zone)
                await self._audit(tx, request, FollowUpKind.OVERDUE.value, bool(suffix),
                                  number=latest)
            sent = latest
        if not self._escalates(request, sent):
            return
        item = FollowUp(FollowUpKind.ESCALATION, now, Audience.SECRETARIAT, sent)
        text = followup_text(item, ref, due, self.policy, review_label=view.label)
        await self.messenger.post_to_secretariat(OutMessage(lines(
            text, " ", _("The request's thread: {thread}.", thread=Verbatim(f"<#{thread_id}>")),
            suffix, separator="")))
        async with self.store.transaction() as tx:
            await record_request_notice(tx, request.id, escalated=True)
            await self._audit(tx, request, FollowUpKind.ESCALATION.value, bool(suffix),
                              number=sent)

    async def _audit(
        self, tx: Tx, request: Request, kind: str, late: bool, number: int = 0
    ) -> None:
        details = {"review": request.review_id, "number": request.number, "kind": kind,
                   "due": request.due.isoformat(), "late": late}
        if number:
            details["notice"] = number
        await self.audit.record_in(tx, SYSTEM, "clarify.followup",
                                   f"request {request.id}", details)

    # ---------------------------------------------------------------- pause, close

    async def sync_review(self, review_id: int, *, changed: bool = True) -> list[int]:
        """Hold, release or end the follow-ups of a review to match its state; return the
        requests whose threads need to show it (a due date moved; the review closed, when
        `changed` says the review has just changed)."""
        now = self.clock.now()
        moved: list[int] = []
        async with self.store.transaction() as tx:
            review = await get_review(tx, review_id)
            if review is None:
                return []
            held = await requests_held_since(tx, review_id)
            if review.closed or (review.paused and held is None):
                ids = await unfinished_request_ids(tx, review_id)
                for request_id in ids:
                    await self.cancel(tx, request_id)
                if review.closed and held is not None:
                    await release_request_clocks(tx, review_id)
                if review.closed and changed:  # the cards lose their buttons
                    for request_id in ids:
                        await update_request(tx, request_id, now=now)
                    return ids
                if not review.closed:
                    await hold_request_clocks(tx, review_id, now)
                    await self.audit.record_in(tx, SYSTEM, "clarify.hold",
                                               f"review {review_id}", {"requests": len(ids)})
                return []
            if review.paused or held is None:
                return []
            unfinished = await requests_of_review(tx, review_id, UNFINISHED)
            (view,) = await load_views(tx, [review])
            for request in unfinished:
                if await self._resume(tx, request, view, held, now):
                    moved.append(request.id)
            await release_request_clocks(tx, review_id)
            await self.audit.record_in(tx, SYSTEM, "clarify.release", f"review {review_id}", {
                "paused_at": held.isoformat(), "requests": len(unfinished), "moved": len(moved)})
        return moved

    async def _resume(
        self, tx: Tx, request: Request, view: ReviewView, held: datetime, now: datetime
    ) -> bool:
        zone = view.sur.timezone
        changed = False
        if request.status is _OPEN:
            start = day_of(max(held, request.due_set_at), zone)
            due = due_after_pause(request.due, start, max(start, day_of(now, zone)))
            if due != request.due:
                await update_request(tx, request.id, now=now, due_date=due)
                await add_request_entry(tx, request.id, "due_moved", round=request.round,
                                     by_user="system", by_party=None, at=now, due=due)
                await self.audit.record_in(tx, SYSTEM, "clarify.due_moved",
                                           f"request {request.id}", {
                                               "review": request.review_id,
                                               "number": request.number,
                                               "from": request.due.isoformat(),
                                               "to": due.isoformat()})
                request = request.model_copy(update={"due": due})
                changed = True
        elif request.remind_askers_at is not None and not request.askers_reminded:
            shift = now - max(held, request.answered_at or held)
            at = request.remind_askers_at + max(shift, timedelta(0))
            await record_request_notice(tx, request.id, remind_askers_at=at)
            request = request.model_copy(update={"remind_askers_at": at})
        await self.schedule(tx, request, zone)
        return changed
