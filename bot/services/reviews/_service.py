"""Reviews: open them, assign their reviewing States, record their stages, pause, close.

Every change is audited in its own transaction, reschedules the review's deadline reminders
and, once committed, announces REVIEW_CHANGED so that the reconciler brings the review's
channel and status card up to date. Lists are ordered by State code (then cluster, then
review id) and never by progress: no output compares States.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from bot.clock import Clock
from bot.domain.actor import Actor, ReviewScope
from bot.domain.errors import InputError
from bot.domain.handoffs import REVIEWS_CHANGED, DrawOutcome, ReviewsChanged
from bot.domain.inputs import quote
from bot.domain.mechanism import Cluster
from bot.domain.parties import Party
from bot.domain.reviews import STAGE_LABEL, RoleFacts, Stage, check_stage_change
from bot.i18n import Msg, Verbatim, _
from bot.ports import Messenger
from bot.services.audit import AuditService
from bot.services.reviews._naming import resolve_named
from bot.services.reviews._reminders import DeadlineReminders
from bot.services.reviews._scope import ParentLookup, review_scope
from bot.services.reviews._views import ReviewView, load_views, status_line
from bot.services.timers import Timekeeper
from storage.appointments import review_ids_of_person
from storage.db import Store, Tx
from storage.parties import get_party
from storage.reviews import (
    Review,
    Source,
    all_reviews,
    get_review,
    insert_review,
    latest_review_of,
    open_review_of,
    replace_reviewers,
    review_ids_involving,
    reviewers_of,
    reviews_by_ids,
    set_review_draw,
    set_review_paused,
    set_review_stage,
)

log = logging.getLogger(__name__)


class AssignResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    review_id: int
    notes: tuple[Msg, ...] = ()


def _code(text: str) -> str:
    return text.strip().upper()


def _cluster(value: int) -> Cluster:
    try:
        return Cluster(value)
    except ValueError:
        raise InputError(
            _("The cluster is a number from 1 to 4 (Table 1 of resolution 8/2).")
        ) from None


class ReviewService:
    def __init__(
        self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
        messenger: Messenger, *, zone: str = "UTC", parent_of: ParentLookup,
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.messenger = messenger
        self.zone = zone
        self.timers = timers
        self.reminders = DeadlineReminders(store, clock, timers, messenger, zone)
        self.parent_of = parent_of

    def today(self) -> date:
        return self.clock.now().date()

    # -------------------------------------------------------------------------- reading

    async def views(self, ids: Sequence[int] | None = None) -> list[ReviewView]:
        """Views of these reviews (all when None), by State code, cluster, then id."""
        async with self.store.read() as tx:
            found = await all_reviews(tx) if ids is None else await reviews_by_ids(tx, ids)
            return await load_views(tx, found)

    async def view(self, review_id: int) -> ReviewView:
        views = await self.views([review_id])
        if not views:
            raise InputError(_("That review no longer exists."))
        return views[0]

    async def find(self, sur: str, cluster: int) -> ReviewView:
        """The open review of a State in a cluster, else its latest closed one."""
        code, number = _code(sur), _cluster(cluster)
        async with self.store.read() as tx:
            review = await latest_review_of(tx, code, number.value)
            if review is None:
                raise InputError(_("There is no review of {code} in cluster {value}.", code=code,
                                   value=number.value))
            return (await load_views(tx, [review]))[0]

    async def resolve(self, actor: Actor, text: str) -> int:
        """The review named in a command option: its id (as the list suggests), or "KEN 1"."""
        return await resolve_named(actor, self, text)

    async def review_scope(self, channel_id: int) -> ReviewScope | None:
        """The review whose channel (or a thread of it) this is; used by the access checks."""
        return await review_scope(self.store, self.parent_of, channel_id)

    async def visible_views(self, actor: Actor) -> list[ReviewView]:
        """The reviews this person may see: all for the secretariat, else their State's."""
        if actor.is_secretariat:
            return await self.views()
        async with self.store.read() as tx:
            ids = await review_ids_of_person(tx, actor.person_id)  # the reviews they serve in
        return await self.views(ids) if ids else []

    async def status_lines(self, actor: Actor) -> list[Msg]:
        """One line per review the person may see, ordered by State code then cluster."""
        today = self.today()
        return [status_line(v, today, self.zone) for v in await self.visible_views(actor)]

    # -------------------------------------------------------------------------- opening

    async def _party(self, tx: Tx, code: str, what: Msg) -> Party:
        party = await get_party(tx, code)
        if party is None:
            raise InputError(_("No State party with the code “{code}” is registered ({what}). "
                               "Check the code with `/party show`.", code=quote(code), what=what))
        if party.group is None:
            raise InputError(_("{label} has no regional group in the registry, so it can neither "
                               "be reviewed nor review. The secretariat can set one with "
                               "`/registry set`.", label=party.label))
        return party

    async def _open_in(
        self, tx: Tx, actor: Actor, sur: str, cluster: Cluster, start: date,
        draw_id: str | None = None,
    ) -> int:
        party = await self._party(tx, sur, _("State under review"))
        if not party.review_scope(cluster):
            raise InputError(_("{label} has no article to review in cluster {value}.",
                               label=party.label, value=cluster.value))
        if await open_review_of(tx, party.code, cluster.value) is not None:
            raise InputError(_("A review of {label} in cluster {value} is already open. Use "
                               "`/review status` to find its channel.", label=party.label,
                               value=cluster.value))
        review_id = await insert_review(tx, sur=party.code, cluster=cluster.value, start=start,
                                      draw_id=draw_id, by=actor.audit_name,
                                      now=self.clock.now())
        await self.audit.record_in(tx, actor, "review.open", f"review {review_id}", {
            "sur": party.code, "cluster": cluster.value, "start": start.isoformat(),
            "draw_id": draw_id,
        })
        return review_id

    async def open(self, actor: Actor, sur: str, cluster: int, start: date | None
                   ) -> ReviewView:
        """Open a review by hand (the secretariat, for reviews not made by a draw)."""
        number = _cluster(cluster)
        start = start or self.today()
        async with self.store.transaction() as tx:
            review_id = await self._open_in(tx, actor, _code(sur), number, start)
            await self._sync_reminders(tx, [review_id])
            await self._changed(tx, [review_id])
        return await self.view(review_id)

    # ------------------------------------------------------------------------ reviewers

    async def assign(
        self, actor: Actor, sur: str, cluster: int, same_group: str, other_group: str,
        additional: Sequence[str], reason: str,
    ) -> AssignResult:
        """The secretariat sets the reviewing States of a review, with a reason."""
        number = _cluster(cluster)
        reason = " ".join(reason.split())
        if len(reason) < 3:
            raise InputError(_("Give a reason for this assignment (it is kept in the audit log)."))
        async with self.store.transaction() as tx:
            review = await open_review_of(tx, _code(sur), number.value)
            if review is None:
                raise InputError(_("There is no open review of {sur} in cluster {value}; open it "
                                   "first with `/review-admin open`.", sur=_code(sur),
                                   value=number.value))
            sur_party = await self._party(tx, review.sur, _("State under review"))
            slots = [(_code(same_group), "same_group"), (_code(other_group), "other_group")]
            slots += [(_code(c), "additional:secretariat") for c in additional if c.strip()]
            notes = await self._check_reviewers(tx, sur_party, number, slots)
            await self._set_reviewers(tx, actor, review, slots, "secretariat", reason)
            await self._changed(tx, [review.id])
        return AssignResult(review_id=review.id, notes=tuple(notes))

    async def _check_reviewers(
        self, tx: Tx, sur: Party, cluster: Cluster, slots: Sequence[tuple[str, str]]
    ) -> list[Msg]:
        codes = [c for c, _ in slots]
        if len(set(codes)) != len(codes):
            raise InputError(_("Each reviewing State can be named only once."))
        if sur.code in codes:
            raise InputError(_("{label} cannot review itself.", label=sur.label))
        notes = []
        for code, slot in slots:
            party = await self._party(tx, code, _("reviewing State"))
            if slot == "same_group" and party.group != sur.group:
                raise InputError(_("{label} is not in the regional group of {sur}; name it as "
                                   "the reviewer from another group instead.", label=party.label,
                                   sur=sur.label))
            if slot == "other_group" and party.group == sur.group:
                raise InputError(_("{label} is in the same regional group as {sur}; name it as "
                                   "the reviewer from the same group instead.", label=party.label,
                                   sur=sur.label))
            missing = [i.short_name for i in sur.review_scope(cluster) if not party.is_party_to(i)]
            if missing:
                notes.append(_("{party} is not party to the {instruments}.", party=party.label,
                               instruments=Verbatim(", ".join(missing))))
        return notes

    async def _set_reviewers(
        self, tx: Tx, actor: Actor, review: Review, slots: Sequence[tuple[str, str]],
        source: Source, reason: str,
    ) -> None:
        await replace_reviewers(tx, review.id, slots, source=source, reason=reason,
                                by=actor.audit_name, now=self.clock.now())
        await self.audit.record_in(tx, actor, "review.assign", f"review {review.id}", {
            "sur": review.sur, "cluster": review.cluster, "source": source, "reason": reason,
            "reviewers": [{"party": c, "slot": s} for c, s in slots],
        })
        await self._sync_reminders(tx, [review.id])

    async def record_assignments(self, actor: Actor, outcome: DrawOutcome) -> list[int]:
        """Record a draw's outcome in a transaction of its own (see ``record_assignments_in``)."""
        async with self.store.transaction() as tx:
            return await self.record_assignments_in(tx, actor, outcome)

    async def record_assignments_in(
        self, tx: Tx, actor: Actor, outcome: DrawOutcome
    ) -> list[int]:
        """Record a draw's outcome: open the reviews it names (if needed) and set reviewers.

        All of it is recorded, or none of it (``InputError`` says what stood in the way); the
        hand-off that makes their channels is written in the same transaction.
        """
        draw_id = outcome.draw_id
        number = _cluster(outcome.cluster)
        touched = []
        for sur in sorted(outcome.assignments):
            entry = outcome.assignments[sur]
            review = await open_review_of(tx, _code(sur), number.value)
            if review is None:
                review_id = await self._open_in(tx, actor, _code(sur), number, self.today(),
                                                draw_id)
                review = await get_review(tx, review_id)
                assert review is not None
            else:
                await set_review_draw(tx, review.id, draw_id, now=self.clock.now())
            slots = [(_code(entry.same_group), "same_group"),
                     (_code(entry.other_group), "other_group")]
            for extra in entry.additional:
                slots.append((_code(extra.code), f"additional:{extra.slot or 'draw'}"))
            for code, _slot in slots:
                await self._party(tx, code, _("reviewer of {sur} in draw {draw}", sur=sur,
                                                draw=Verbatim(str(draw_id))))
            await self._set_reviewers(tx, actor, review, slots, "draw", f"draw {draw_id}")
            touched.append(review.id)
        await self._changed(tx, touched)
        return touched

    # --------------------------------------------------------------------------- stages

    async def record_stage(
        self, actor: Actor, review_id: int, target: Stage, answers_received: date | None = None
    ) -> ReviewView:
        if target is Stage.CLOSED:
            raise InputError(_("To close a review use `/review-admin close`; it also archives the "
                               "channel."))
        async with self.store.transaction() as tx:
            review = await self._get(tx, review_id)
            reviewers = {r.party for r in await reviewers_of(tx, review_id)}
            is_fp = actor.person_role == "focal_point"
            role = RoleFacts(
                is_secretariat=actor.is_secretariat,
                is_focal_point_of_sur=is_fp and actor.party == review.sur,
                is_focal_point_of_reviewer=is_fp and actor.party in reviewers,
            )
            check_stage_change(review.stage, target, role)
            answers = self._answers_date(review, target, answers_received)
            await set_review_stage(tx, review_id, target, answers_received=answers,
                                 now=self.clock.now())
            await self.audit.record_in(tx, actor, "review.stage", f"review {review_id}", {
                "from": review.stage.value, "to": target.value,
                "answers_received": answers.isoformat() if answers else None,
            })
            await self._sync_reminders(tx, [review_id])
            await self._changed(tx, [review_id])
        return await self.view(review_id)

    async def advance_in(self, tx: Tx, actor: Actor, review_id: int, target: Stage,
                         because: str) -> bool:
        """Move a review forward to ``target`` because a step's output is agreed (in the
        transaction of the clearance that completed it); False when it is there already."""
        review = await self._get(tx, review_id)
        if review.closed or review.stage.position >= target.position:
            return False
        answers = review.answers_received or self.today()
        await set_review_stage(tx, review_id, target, answers_received=answers,
                               now=self.clock.now())
        await self.audit.record_in(tx, actor, "review.stage", f"review {review_id}", {
            "from": review.stage.value, "to": target.value, "because": because,
            "answers_received": answers.isoformat()})
        await self._sync_reminders(tx, [review_id])
        await self._changed(tx, [review_id])
        return True

    def _answers_date(self, review: Review, target: Stage, given: date | None) -> date | None:
        if given is not None and target is not Stage.QUESTIONNAIRE_SUBMITTED:
            raise InputError(_("The date the answers arrived goes with the stage “{display}” only.",
                               display=STAGE_LABEL[Stage.QUESTIONNAIRE_SUBMITTED]))
        if target is Stage.OPENED:
            return None
        answers = given or review.answers_received or self.today()
        if answers < review.start or answers > self.today():
            raise InputError(_("The answers must have arrived between the start of the review "
                               "({start}) and today.", start=review.start.isoformat()))
        return answers

    async def set_paused(self, actor: Actor, review_id: int, paused: bool) -> ReviewView:
        async with self.store.transaction() as tx:
            review = await self._get(tx, review_id)
            if review.closed:
                raise InputError(_("This review is closed."))
            if review.paused == paused:
                raise InputError(_("This review is already paused.") if paused else
                                 _("This review is already running."))
            await set_review_paused(tx, review_id, paused, now=self.clock.now())
            action = "review.pause" if paused else "review.resume"
            await self.audit.record_in(tx, actor, action, f"review {review_id}", {})
            await self._sync_reminders(tx, [review_id])
            await self._changed(tx, [review_id])
        return await self.view(review_id)

    async def close(self, actor: Actor, review_id: int) -> ReviewView:
        """Close a review: its reminders stop and the reconciler archives its channel."""
        async with self.store.transaction() as tx:
            review = await self._get(tx, review_id)
            check_stage_change(review.stage, Stage.CLOSED, RoleFacts(is_secretariat=True))
            await set_review_stage(tx, review_id, Stage.CLOSED,
                                 answers_received=review.answers_received, now=self.clock.now())
            await self.audit.record_in(tx, actor, "review.close", f"review {review_id}",
                                       {"from": review.stage.value})
            await self.reminders.cancel(tx, review_id)
            await self._changed(tx, [review_id])
        return await self.view(review_id)

    # ---------------------------------------------------------------------------- inner

    async def _get(self, tx: Tx, review_id: int) -> Review:
        review = await get_review(tx, review_id)
        if review is None:
            raise InputError(_("That review no longer exists."))
        return review

    async def _sync_reminders(self, tx: Tx, ids: Sequence[int]) -> None:
        for view in await load_views(tx, await reviews_by_ids(tx, ids)):
            await self.reminders.sync(tx, view)

    async def people_changed(self, parties: Sequence[str]) -> None:
        """The people of these parties changed: their reviews' reminders follow."""
        async with self.store.transaction() as tx:
            ids = await review_ids_involving(tx, parties)
            await self._sync_reminders(tx, ids)

    async def _changed(self, tx: Tx, ids: Sequence[int]) -> None:
        """Hand the change on in the same transaction: channels and requests follow."""
        if ids:
            change = ReviewsChanged(reviews=tuple(ids))
            await self.timers.hand_off(tx, REVIEWS_CHANGED, change.model_dump(mode="json"))
