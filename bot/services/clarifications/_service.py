"""Clarification requests: ask, answer, accept, follow up, withdraw, edit, list, export.

A request lives in the database; its thread under the review channel is a projection of it
(``_threads.py``), and its follow-ups are jobs (``_followups.py``). Every change is audited in
its own transaction, bumps the request's version and queues a `clarify.sync` job; the thread
is brought up to date right after the commit, and the job does it again later if Discord
could not be reached, so nothing is lost. Exports have their headings in the reader's language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.clarifications import (
    Action,
    ClarificationError,
    ClarificationRefused,
    ClarificationStatus,
    FollowUpPolicy,
    Standing,
    answer_review_reminder_at,
    followups_active,
    parse_due,
    transition,
)
from bot.domain.errors import InputError
from bot.i18n import Language, Text, _
from bot.ports import Messenger, OutFile
from bot.ports.threads import ThreadPort
from bot.services.audit import AuditService
from bot.services.clarifications._followups import FollowUps
from bot.services.clarifications._inputs import clean_text, match_article
from bot.services.clarifications._text import day_of, export_files, list_line, title
from bot.services.clarifications._threads import Projector
from bot.services.reviews import ReviewView, load_views
from bot.services.timers import Timekeeper
from storage.clarifications import (
    Request,
    add_entry_file,
    add_request_entry,
    get_request,
    hold_request_clocks,
    insert_request,
    next_request_number,
    request_by_number,
    request_by_thread,
    request_entries,
    request_file_names,
    requests_of_review,
    review_request_entries,
    reviews_with_requests_out_of_step,
    set_entry_text,
    update_request,
)
from storage.db import Store, Tx
from storage.jobs import Job
from storage.reviews import get_review

log = logging.getLogger(__name__)

JOB_SYNC = "clarify.sync"
_S = ClarificationStatus


class ClarificationService:
    def __init__(
        self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
        messenger: Messenger, threads: ThreadPort, *,
        policy: FollowUpPolicy | None = None, default_due_days: int = 30,
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.threads = threads
        self.policy = policy or FollowUpPolicy.model_validate({})
        self.default_due_days = default_due_days
        self.projector = Projector(store, threads, self.policy.hour)
        self.followups = FollowUps(store, clock, audit, timers, messenger, self.policy)
        self.followups.ensure_thread = self.projector.thread_of
        self.followups.post = threads.post
        timers.register(JOB_SYNC, self._run_sync, label="a clarification thread update")

    # ---------------------------------------------------------------------- reading

    async def get(self, request_id: int) -> Request:
        async with self.store.read() as tx:
            request = await get_request(tx, request_id)
        if request is None:
            raise InputError(_("That clarification request no longer exists."))
        return request

    async def find(self, actor: Actor, number: int | None, channel_id: int | None) -> Request:
        """A request of the review the person is in: by number, else the thread's own."""
        review_id = self._review_id(actor)
        async with self.store.read() as tx:
            if number is None:
                found = await request_by_thread(tx, channel_id) if channel_id else None
                if found is None or found.review_id != review_id:
                    raise InputError(_("Give the request's number (for example 3 for CR-3), or "
                                       "run this command in the request's thread."))
                return found
            found = await request_by_number(tx, review_id, number)
        if found is None:
            raise InputError(_("There is no request CR-{number} in this review. `/clarify list` "
                               "shows its requests. Nothing was changed.", number=number))
        return found

    async def check(self, actor: Actor, request_id: int, action: Action | None) -> Request:
        """Raise now what `action` would raise (before a form is shown); None means edit."""
        async with self.store.read() as tx:
            request, view = await self._context(tx, actor, request_id)
        standing = self._standing(actor, request, view)
        if action is not None:
            transition(request.status, action, standing)
        else:
            self._may_edit(standing, request)
        return request

    @staticmethod
    def _may_edit(standing: Standing, request: Request) -> None:
        if not (standing.is_asker or standing.is_secretariat):
            raise ClarificationRefused(_("Only the State that asked or the secretariat can edit "
                                         "this question."))
        if request.status is not _S.OPEN:
            raise ClarificationError(_("A question can be edited only while it awaits an answer. "
                                       "Ask a follow-up question instead."))

    async def current_question(self, request_id: int) -> str:
        """The question awaiting an answer: the latest follow-up, else the request's own."""
        async with self.store.read() as tx:
            request = await get_request(tx, request_id)
            if request is None:
                raise InputError(_("That clarification request no longer exists."))
            follow = [e for e in await request_entries(tx, request_id) if e.kind == "follow_up"]
        return follow[-1].text if request.round and follow else request.question

    async def view_of(self, review_id: int) -> ReviewView:
        async with self.store.read() as tx:
            return await self._view(tx, review_id)

    async def choices(self, actor: Actor, statuses: Sequence[str] | None = None
                      ) -> list[tuple[int, str]]:
        """(number, title) of the review's requests, for a choice list."""
        if actor.review is None:
            return []
        async with self.store.read() as tx:
            found = await requests_of_review(tx, actor.review.review_id, statuses)
        return [(r.number, title(r)) for r in found]

    async def list_lines(self, actor: Actor, status: str | None = None) -> list[Text]:
        review_id = self._review_id(actor)
        async with self.store.read() as tx:
            view = await self._view(tx, review_id)
            found = await requests_of_review(tx, review_id, [status] if status else None)
        return [list_line(r, view, self.clock.now(), self.policy.hour) for r in found]

    async def export(self, actor: Actor, language: Language) -> tuple[OutFile, OutFile]:
        review_id = self._review_id(actor)
        async with self.store.read() as tx:
            view = await self._view(tx, review_id)
            requests = await requests_of_review(tx, review_id)
            entries = await review_request_entries(tx, review_id)
            names: dict[int, list[str]] = {}
            for request in requests:
                names.update(await request_file_names(tx, request.id))
        return export_files(view, requests, entries, names, self.clock.now(), language)

    # ------------------------------------------------------------------------ asking

    async def ask(
        self, actor: Actor, question: str | None, *, article: str | None = None,
        due: str | None = None, files: Sequence[OutFile] = (),
    ) -> Request:
        text = clean_text(question, _("question"))
        review_id = self._review_id(actor)
        now = self.clock.now()
        async with self.store.transaction() as tx:
            view = await self._view(tx, review_id)
            self._writable(view)
            party = actor.party if actor.party in view.reviewer_codes and actor.can_write else None
            if party is None and not actor.is_secretariat:
                raise ClarificationRefused(_("Only the experts and focal points of a reviewing "
                                             "State, or the secretariat, can ask here."))
            label = match_article(view, article)
            due_day = parse_due(due, day_of(now, view.sur.timezone), self.default_due_days)
            number = await next_request_number(tx, review_id)
            request_id = await insert_request(
                tx, review_id=review_id, number=number, article=label, question=text,
                asked_by=actor.person_id, asked_party=party, due=due_day, now=now)
            entry = await add_request_entry(tx, request_id, "question", round=0,
                                         by_user=actor.person_id, by_party=party, at=now,
                                         text=text, needs_message=bool(files))
            await self._attach(tx, entry, files)
            await self.audit.record_in(tx, actor, "clarify.ask", f"request {request_id}", {
                "review": review_id, "number": number, "article": label, "party": party,
                "due": due_day.isoformat(), "length": len(text), "files": len(files)})
            await self._after_change(tx, request_id, view)
        await self.show(request_id)
        return await self.get(request_id)

    async def answer(
        self, actor: Actor, request_id: int, text: str | None, files: Sequence[OutFile] = ()
    ) -> Request:
        body = clean_text(text, _("answer"))
        now = self.clock.now()
        async with self.store.transaction() as tx:
            request, view = await self._context(tx, actor, request_id)
            status = transition(request.status, Action.ANSWER, self._standing(actor, request, view))
            party = actor.party if actor.party == view.sur.code else None
            await update_request(tx, request_id, now=now, status=status, answer=body,
                              answered_by=actor.person_id, answered_party=party, answered_at=now,
                              remind_askers_at=answer_review_reminder_at(now, self.policy),
                              askers_reminded=False)
            entry = await add_request_entry(tx, request_id, "answer", round=request.round,
                                         by_user=actor.person_id, by_party=party, at=now,
                                         text=body)
            await self._attach(tx, entry, files)
            await self._audit(tx, actor, "clarify.answer", request, length=len(body),
                              party=party, files=len(files))
            await self._after_change(tx, request_id, view)
        await self.show(request_id)
        return await self.get(request_id)

    async def accept(self, actor: Actor, request_id: int) -> Request:
        return await self._close(actor, request_id, Action.ACCEPT, "")

    async def withdraw(self, actor: Actor, request_id: int, reason: str | None = None) -> Request:
        why = " ".join((reason or "").split())
        if len(why) > 500:
            raise InputError(_("Please keep the reason under 500 characters. Nothing was changed."))
        return await self._close(actor, request_id, Action.WITHDRAW, why)

    async def _close(self, actor: Actor, request_id: int, action: Action, why: str) -> Request:
        now = self.clock.now()
        async with self.store.transaction() as tx:
            request, view = await self._context(tx, actor, request_id)
            status = transition(request.status, action, self._standing(actor, request, view))
            await update_request(tx, request_id, now=now, status=status, closed_at=now,
                              closed_by=actor.person_id)
            kind = "accept" if action is Action.ACCEPT else "withdraw"
            await add_request_entry(tx, request_id, kind, round=request.round,
                                 by_user=actor.person_id, by_party=self._party(actor, view),
                                 at=now, text=why)
            await self._audit(tx, actor, f"clarify.{kind}", request, reason=why or None)
            await self._after_change(tx, request_id, view)
        await self.show(request_id)
        return await self.get(request_id)

    async def follow_up(
        self, actor: Actor, request_id: int, question: str | None, due: str | None = None
    ) -> Request:
        text = clean_text(question, _("follow-up question"))
        now = self.clock.now()
        async with self.store.transaction() as tx:
            request, view = await self._context(tx, actor, request_id)
            status = transition(request.status, Action.FOLLOW_UP,
                                self._standing(actor, request, view))
            due_day = parse_due(due, day_of(now, view.sur.timezone), self.default_due_days)
            await update_request(tx, request_id, now=now, status=status, round=request.round + 1,
                              due_date=due_day, due_set_at=now, before_sent=False,
                              on_due_sent=False, overdue_sent=0, escalated=False,
                              remind_askers_at=None, askers_reminded=False)
            await add_request_entry(tx, request_id, "follow_up", round=request.round + 1,
                                 by_user=actor.person_id, by_party=self._party(actor, view),
                                 at=now, text=text, due=due_day)
            await self._audit(tx, actor, "clarify.follow_up", request, due=due_day.isoformat(),
                              round=request.round + 1, length=len(text))
            await self._after_change(tx, request_id, view)
        await self.show(request_id)
        return await self.get(request_id)

    async def edit(self, actor: Actor, request_id: int, question: str | None) -> Request:
        text = clean_text(question, _("question"))
        now = self.clock.now()
        async with self.store.transaction() as tx:
            request, view = await self._context(tx, actor, request_id)
            self._may_edit(self._standing(actor, request, view), request)
            current, follow = request.question, None
            if request.round:
                entries = await request_entries(tx, request_id)
                follow = next(e for e in reversed(entries) if e.kind == "follow_up")
                current = follow.text
            if text == current:
                raise InputError(_("The new wording is the same as the current one. Nothing was "
                                   "changed."))
            if follow is None:
                await update_request(tx, request_id, now=now, question=text)
            else:
                await set_entry_text(tx, follow.id, text)
                await update_request(tx, request_id, now=now)
            await add_request_entry(tx, request_id, "edit", round=request.round,
                                 by_user=actor.person_id, by_party=self._party(actor, view),
                                 at=now, text=text, previous=current)
            await self._audit(tx, actor, "clarify.edit", request, round=request.round,
                              length=len(text))
            await self._after_change(tx, request_id, view)
        await self.show(request_id)
        return await self.get(request_id)

    # ---------------------------------------------------------------------- helpers

    def _review_id(self, actor: Actor) -> int:
        if actor.review is None:
            raise InputError(_("Run this command in the review's channel or in one of its request "
                               "threads."))
        return actor.review.review_id

    async def _view(self, tx: Tx, review_id: int) -> ReviewView:
        review = await get_review(tx, review_id)
        if review is None:
            raise InputError(_("That review no longer exists."))
        (view,) = await load_views(tx, [review])
        return view

    @staticmethod
    def _writable(view: ReviewView) -> None:
        if view.review.closed:
            raise InputError(_("This review is closed; its clarification requests can no longer "
                               "change. Nothing was changed."))

    async def _context(self, tx: Tx, actor: Actor, request_id: int) -> tuple[Request, ReviewView]:
        request = await get_request(tx, request_id)
        if request is None or request.review_id != self._review_id(actor):
            raise InputError(_("That request is not one of this review's. Nothing was changed."))
        view = await self._view(tx, request.review_id)
        self._writable(view)
        return request, view

    @staticmethod
    def _party(actor: Actor, view: ReviewView) -> str | None:
        return actor.party if actor.party in view.states and actor.can_write else None

    def _standing(self, actor: Actor, request: Request, view: ReviewView) -> Standing:
        party = self._party(actor, view)
        asker = (party is not None and party == request.asked_party) or (
            request.asked_party is None and actor.is_secretariat)
        return Standing(is_asker=asker, is_secretariat=actor.is_secretariat,
                          is_addressee=party == view.sur.code or actor.is_secretariat)

    async def _attach(self, tx: Tx, entry_id: int, files: Sequence[OutFile]) -> None:
        for f in files:
            await add_entry_file(tx, entry_id, f.name, f.data)

    async def _audit(self, tx: Tx, actor: Actor, action: str, request: Request,
                     **details: Any) -> None:
        await self.audit.record_in(tx, actor, action, f"request {request.id}", {
            "review": request.review_id, "number": request.number, **details})

    async def _after_change(self, tx: Tx, request_id: int, view: ReviewView) -> None:
        """Reschedule the request's follow-ups and queue the update of its thread."""
        request = await get_request(tx, request_id)
        assert request is not None
        review = view.review
        if followups_active(review.stage, review.paused):
            await self.followups.schedule(tx, request, view.sur.timezone)
        else:
            await self.followups.cancel(tx, request_id)
            if review.paused:
                await hold_request_clocks(tx, review.id, self.clock.now())
        await self.timers.schedule(tx, JOB_SYNC, self.clock.now(), {"request_id": request_id},
                                   key=f"cr:{request_id}:sync:{request.version}")

    # --------------------------------------------------------------- the thread

    async def show(self, request_id: int) -> None:
        await self.projector.show(request_id)

    async def thread_of(self, request_id: int) -> int:
        return await self.projector.thread_of(request_id)

    async def _run_sync(self, job: Job, late: bool) -> None:
        await self.projector.project(int(job.payload["request_id"]))

    # ------------------------------------------------------------- review changes

    async def reviews_changed(self, review_ids: Iterable[int], *, changed: bool = True) -> None:
        """These reviews changed (stage, pause, reviewers): their requests follow."""
        for review_id in review_ids:
            for request_id in await self.followups.sync_review(int(review_id), changed=changed):
                await self._queue_sync(request_id)

    async def _queue_sync(self, request_id: int) -> None:
        async with self.store.transaction() as tx:
            request = await get_request(tx, request_id)
            if request is None:
                return
            await self.timers.schedule(tx, JOB_SYNC, self.clock.now(), {
                "request_id": request_id}, key=f"cr:{request_id}:sync:{request.version}")
        await self.show(request_id)

    async def on_start(self) -> None:
        """Match the follow-ups to each review's state and finish any unshown change."""
        async with self.store.read() as tx:
            ids = await reviews_with_requests_out_of_step(tx)
        await self.reviews_changed(ids, changed=False)
