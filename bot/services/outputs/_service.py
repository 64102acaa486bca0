"""Outputs of a review: submit versions, clear them, list them, give them again, publish.

Every version's bytes are kept in the database with their SHA-256 (see ``storage/outputs``);
every change is audited in its own transaction, and its post in the review's channel follows
as a job written in that transaction (``_posts``). A clearance that completes a step moves the
review on through the reviews service, in the same transaction, so the status card and the
deadline reminders follow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.clock import Clock
from bot.domain.actor import Actor
from bot.domain.errors import InputError
from bot.domain.outputs import (
    REVIEW_OWNED,
    OutputError,
    OutputKind,
    OutputRefused,
    check_clearance,
    clearers,
    is_agreed,
    media_type,
    owner_of,
    stage_to_reach,
    step_complete,
)
from bot.domain.reviews import Stage
from bot.i18n import Language, Msg, Verbatim, _
from bot.ports import Board, OutFile
from bot.services.audit import AuditService
from bot.services.outputs._archive import archive_files
from bot.services.outputs._posts import Posts
from bot.services.outputs._text import list_line, state_name
from bot.services.outputs.docx_templates import template_file
from bot.services.reviews import ReviewService, ReviewView, load_views
from bot.services.timers import Timekeeper
from storage.db import Store, Tx
from storage.outputs import (
    OutputVersion,
    add_clearance,
    get_version,
    insert_version,
    review_outputs,
    set_published,
    versions_of,
)
from storage.reviews import get_review

MIN_REASON = 3
FocalPointLookup = Callable[[int, str], Awaitable[int | None]]
"""The user id of a State's focal point for a review (``AppointmentService.focal_point_for``)."""


@dataclass(frozen=True)
class Cleared:
    """What a clearance did: the version as it now is, and the stage the review reached."""

    version: OutputVersion
    agreed: bool
    stage: Stage | None


class OutputService:
    def __init__(
        self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
        reviews: ReviewService, board: Board, *, focal_point_for: FocalPointLookup,
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.reviews = reviews
        self.posts = Posts(store, timers, board)
        self.focal_point_for = focal_point_for

    # ---------------------------------------------------------------------- reading

    async def view_of(self, actor: Actor) -> ReviewView:
        async with self.store.read() as tx:
            return await self._view(tx, self._review_id(actor))

    async def list_lines(self, actor: Actor) -> list[Msg]:
        """One line per version of every output of the review, in step order."""
        async with self.store.read() as tx:
            view = await self._view(tx, self._review_id(actor))
            found = await review_outputs(tx, view.id)
        latest = {(v.kind, v.party): v.id for v in found}
        return [list_line(view, v, latest[(v.kind, v.party)] == v.id) for v in found]

    async def get(self, actor: Actor, kind: OutputKind, number: int | None = None,
                  party: str | None = None) -> OutputVersion:
        """A version with its bytes, from the bot's own copy (the latest when no number)."""
        async with self.store.read() as tx:
            view = await self._view(tx, self._review_id(actor))
            owner = self._owner_to_read(actor, view, kind, party)
            found = await versions_of(tx, view.id, kind, owner, with_data=True)
        if not found:
            raise OutputError(_("This review has no version of that output yet. `/output "
                                "list` shows what it has."))
        if number is None:
            return found[-1]
        chosen = next((v for v in found if v.number == number), None)
        if chosen is None:
            raise OutputError(_("There is no version {number} of that output; the latest is "
                                "version {latest}.", number=number, latest=found[-1].number))
        return chosen

    @staticmethod
    def _owner_to_read(actor: Actor, view: ReviewView, kind: OutputKind,
                       party: str | None) -> str:
        if kind is OutputKind.QUESTIONNAIRE:
            return view.sur.code
        if kind is not OutputKind.FEEDBACK:
            return REVIEW_OWNED
        code = (party or "").strip().upper() or (
            actor.party if actor.party in view.reviewer_codes else "")
        if code not in view.reviewer_codes:
            raise OutputError(_("Name the reviewing State whose written feedback you want with "
                                "`party:` ({codes}).",
                                codes=Verbatim(", ".join(view.reviewer_codes) or "—")))
        return code

    async def template(self, actor: Actor, kind: OutputKind, language: Language) -> OutFile:
        """A DOCX skeleton of the list of observations or of the summary, with the facts."""
        if kind not in (OutputKind.OBSERVATIONS, OutputKind.SUMMARY):
            raise OutputError(_("Templates exist for the list of observations and for the "
                                "summary."))
        view = await self.view_of(actor)
        return template_file(view, kind, language, self.clock.now())

    async def archive(self, review_id: int) -> list[OutFile]:
        """Every version's bytes and a manifest of versions and clearances, for archives."""
        async with self.store.read() as tx:
            review = await get_review(tx, review_id)
            if review is None:
                return []
            (view,) = await load_views(tx, [review])
            found = await review_outputs(tx, review_id, with_data=True)
        return archive_files(view, found)

    # ---------------------------------------------------------------------- writing

    async def submit(self, actor: Actor, kind: OutputKind, filename: str, data: bytes,
                     limit: int) -> OutputVersion:
        """Keep a new version of the output of ``kind`` that the person's State owns."""
        review_id = self._review_id(actor)
        media = media_type(filename, data, limit)  # refused here: nothing is stored
        now = self.clock.now()
        async with self.store.transaction() as tx:
            view = await self._open_view(tx, review_id)
            party = actor.party if actor.can_write else None
            owner = owner_of(kind, party, view.sur.code, view.reviewer_codes)
            earlier = await versions_of(tx, review_id, kind, owner)
            version_id = await insert_version(
                tx, review_id=review_id, kind=kind, party=owner, filename=filename,
                media_type=media, data=data, uploaded_by=actor.person_id, uploaded_party=party,
                now=now)
            version = await get_version(tx, version_id)
            assert version is not None
            await self.audit.record_in(tx, actor, "output.submit",
                                       f"review {review_id}", {
                "kind": kind.value, "party": owner or None, "version": version.number,
                "filename": filename, "size": version.size, "sha256": version.sha256})
            await self.posts.changed(tx, version_id)
            if earlier:  # the earlier latest is superseded: its buttons go
                await self.posts.changed(tx, earlier[-1].id)
        return await self._reread(version_id)

    async def may_clear(self, actor: Actor, version_id: int, party: str) -> bool:
        """True when the person is the State's focal point for this review; False when they
        may clear only on its behalf (the secretariat, with a reason); refused otherwise."""
        version = await self._version_here(actor, version_id)
        if await self.focal_point_for(version.review_id, party) == actor.user_id:
            return True
        if actor.is_secretariat:
            return False
        async with self.store.read() as tx:
            view = await self._view(tx, version.review_id)
        raise OutputRefused(_("Only the focal point of {state} for this review, or the "
                              "secretariat on its behalf, can clear for {state}. Nothing was "
                              "changed.", state=Verbatim(state_name(view, party))))

    async def clear(self, actor: Actor, version_id: int, party: str,
                    reason: str | None = None) -> Cleared:
        own = await self.may_clear(actor, version_id, party)
        why = " ".join((reason or "").split())
        if not own and len(why) < MIN_REASON:
            raise InputError(_("Give the reason the secretariat clears on the State's behalf "
                               "(it is kept in the audit log). Nothing was changed."))
        async with self.store.transaction() as tx:
            version = await get_version(tx, version_id)
            assert version is not None
            view = await self._open_view(tx, version.review_id)
            siblings = await versions_of(tx, version.review_id, version.kind, version.party)
            needed = clearers(version.kind, version.party, view.sur.code, view.reviewer_codes)
            check_clearance(party, needed, version.cleared_parties,
                            latest=siblings[-1].id == version.id)
            await add_clearance(tx, version_id, party, by=actor.person_id, on_behalf=not own,
                                reason=why or None, now=self.clock.now())
            await self.audit.record_in(tx, actor, "output.clear",
                                       f"review {version.review_id}", {
                "kind": version.kind.value, "party": version.party or None,
                "version": version.number, "sha256": version.sha256, "for": party,
                "on_behalf": not own, "reason": why or None})
            await self.posts.changed(tx, version_id)
            agreed = is_agreed(needed, version.cleared_parties | {party})
            stage = await self._step_done(tx, actor, view, version) if agreed else None
        return Cleared(await self._reread(version_id), agreed, stage)

    async def _step_done(self, tx: Tx, actor: Actor, view: ReviewView,
                         version: OutputVersion) -> Stage | None:
        everything = await review_outputs(tx, view.id)
        owners = {v.party for v in everything if v.kind is version.kind and is_agreed(
            clearers(v.kind, v.party, view.sur.code, view.reviewer_codes), v.cleared_parties)}
        if not step_complete(version.kind, owners, view.reviewer_codes):
            return None
        target = stage_to_reach(version.kind, view.review.stage)
        if target is None:
            return None
        because = f"{version.kind.value} agreed (version {version.number})"
        moved = await self.reviews.advance_in(tx, actor, view.id, target, because)
        return target if moved else None

    async def publish(self, actor: Actor) -> OutputVersion:
        """Mark the latest agreed summary for publication (the secretariat)."""
        review_id = self._review_id(actor)
        async with self.store.transaction() as tx:
            view = await self._view(tx, review_id)
            found = await versions_of(tx, review_id, OutputKind.SUMMARY, REVIEW_OWNED)
            needed = clearers(OutputKind.SUMMARY, REVIEW_OWNED, view.sur.code,
                              view.reviewer_codes)
            agreed = [v for v in found if is_agreed(needed, v.cleared_parties)]
            if not agreed:
                raise OutputError(_("No version of the summary is cleared by all three States "
                                    "yet; only an agreed summary can be published. Nothing "
                                    "was changed."))
            chosen = agreed[-1]
            if chosen.published_at is not None:
                raise OutputError(_("Version {number} of the summary is already marked for "
                                    "publication. Nothing was changed.", number=chosen.number))
            await set_published(tx, chosen.id, by=actor.person_id, now=self.clock.now())
            await self.audit.record_in(tx, actor, "output.publish",
                                       f"review {review_id}", {
                "kind": "summary", "version": chosen.number, "sha256": chosen.sha256})
            await self.posts.changed(tx, chosen.id)
        return await self._reread(chosen.id)

    # ---------------------------------------------------------------------- helpers

    @staticmethod
    def _review_id(actor: Actor) -> int:
        if actor.review is None:
            raise InputError(_("Run this command in the review's channel."))
        return actor.review.review_id

    async def _view(self, tx: Tx, review_id: int) -> ReviewView:
        review = await get_review(tx, review_id)
        if review is None:
            raise InputError(_("That review no longer exists."))
        (view,) = await load_views(tx, [review])
        return view

    async def _open_view(self, tx: Tx, review_id: int) -> ReviewView:
        view = await self._view(tx, review_id)
        if view.review.closed:
            raise OutputError(_("This review is closed; its outputs can no longer change. "
                                "Nothing was changed."))
        return view

    async def _version_here(self, actor: Actor, version_id: int) -> OutputVersion:
        async with self.store.read() as tx:
            version = await get_version(tx, version_id)
        if version is None or actor.review is None or version.review_id != actor.review.review_id:
            raise OutputError(_("That output version is not one of this review's. Nothing was "
                                "changed."))
        return version

    async def _reread(self, version_id: int) -> OutputVersion:
        async with self.store.read() as tx:
            version = await get_version(tx, version_id)
        assert version is not None
        return version
