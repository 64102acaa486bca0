"""Draws of reviewing States: open, wait for the round, publish, redraw, close.

The draw's JSON Lines log (``draw-protocol.md``) is the truth. Each step appends lines in one
transaction, together with its audit entry and the job that waits for the next beacon round;
only then is anything posted. Posting and announcing read the log and do what is missing
(:class:`~bot.services.draws._publisher.DrawPublisher`), so a restart at any moment between open
and result loses nothing and never draws twice: when the result line exists it is not computed
again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.clock import Clock
from bot.domain.actor import SYSTEM, Actor
from bot.domain.beacon import time_of_round
from bot.domain.canonical import canon, sha256_hex
from bot.domain.draw_log_view import LogView, read_log
from bot.domain.draw_manifest import (
    ManifestPlan,
    build_manifest,
    rules_from,
    select_parties,
)
from bot.domain.draw_models import RedrawRequest
from bot.domain.draw_rights import check_rights
from bot.domain.drawlog import (
    append_line,
    check_redraw_request,
    close_body,
    join_log,
    make_redraw_request,
    standalone_verifier_source,
)
from bot.domain.errors import InputError
from bot.domain.handoffs import DRAW_ASSIGNMENTS
from bot.domain.inputs import quote
from bot.domain.mechanism import Cluster
from bot.i18n import Verbatim, _
from bot.ports import Messenger, Textual
from bot.services.audit import AuditService
from bot.services.draws._assignments import AssignmentHandOff
from bot.services.draws._beacons import BeaconSource
from bot.services.draws._cluster import check_cluster_free, cluster_load
from bot.services.draws._publication import not_used, say_not_used, too_late
from bot.services.draws._publisher import DrawPublisher
from bot.services.draws._rounds import JOB_KIND, BeaconRounds
from bot.services.draws._status import describe_draw, list_draws
from bot.services.reviews import ReviewService
from bot.services.timers import Timekeeper
from bot.settings import Settings
from storage.db import Store, Tx
from storage.draws import (
    DrawRow,
    all_draws,
    append_draw_lines,
    count_draws,
    draw_log_lines,
    get_draw,
    insert_draw,
    save_redraw_requester,
    set_draw_status,
    set_draw_unused,
)
from storage.jobs import Job
from storage.parties import all_parties

RETRY_POST = timedelta(minutes=1)
NOT_CHANGED = "Nothing was changed."


@dataclass(frozen=True)
class Opened:
    draw_id: str
    manifest_sha256: str
    round: int
    round_time: datetime
    surs: tuple[str, ...]
    plan: ManifestPlan
    posted: bool


@dataclass(frozen=True)
class Requested:
    draw_id: str
    attempt: int
    limit: int
    round: int
    round_time: datetime
    posted: bool


def _round_time(round_: int) -> datetime:
    return datetime.fromtimestamp(time_of_round(round_), UTC)


def _words(text: str) -> str:
    return " ".join(text.split())


class DrawService:
    def __init__(
        self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
        reviews: ReviewService, messenger: Messenger, beacon_source: BeaconSource,
        settings: Settings, *, channel_of: Callable[[], int | None],
    ) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.source = beacon_source
        self.settings = settings
        self.channel_of = channel_of  # the draw channel's id, once the server is known
        self.publisher = DrawPublisher(store, clock, messenger, channel_of)
        self.assignments = AssignmentHandOff(store, timers, reviews, messenger)
        timers.register(DRAW_ASSIGNMENTS, self.assignments.run, label="opening a draw's reviews")
        self.rounds = BeaconRounds(store, clock, audit, timers, beacon_source, self.publisher,
                                   self.assignments)
        timers.register(JOB_KIND, self._on_round, label="a draw's beacon round")

    @property
    def notice_seconds(self) -> int:
        return self.settings.draw_notice_minutes * 60

    # ------------------------------------------------------------------------ reading

    async def _load(self, tx: Tx, draw_id: str) -> tuple[DrawRow, LogView]:
        draw = await get_draw(tx, draw_id.strip())
        if draw is None:
            raise InputError(_("There is no draw “{draw_id}”. `/draw status` lists the draws.",
                               draw_id=quote(draw_id)))
        return draw, read_log(await draw_log_lines(tx, draw.draw_id))

    @staticmethod
    def _in_use(draw: DrawRow) -> None:
        if draw.unused_reason is not None:
            instead = (_(" Draw {draw} replaces it.", draw=Verbatim(str(draw.replaced_by)))
                       if draw.replaced_by else "")
            raise InputError(_("Draw {draw_id} is not used: {unused_reason}.{instead} "
                               "Nothing was changed.", draw_id=draw.draw_id,
                               unused_reason=draw.unused_reason, instead=instead))

    async def draws(self) -> list[DrawRow]:
        async with self.store.read() as tx:
            return await all_draws(tx)

    async def status(self, draw_id: str | None = None) -> Textual:
        async with self.store.read() as tx:
            if draw_id is None or not draw_id.strip():
                return list_draws(await all_draws(tx))
            draw, view = await self._load(tx, draw_id)
        return describe_draw(draw, view)

    async def log_file(self, draw_id: str) -> tuple[str, str, bytes]:
        """(draw id, file name, the JSON Lines log)."""
        async with self.store.read() as tx:
            draw, view = await self._load(tx, draw_id)
        return draw.draw_id, f"draw-{draw.draw_id}.jsonl", join_log(view.lines)

    @staticmethod
    def verifier_file() -> tuple[str, bytes, str]:
        data = standalone_verifier_source()
        return "verify_draw.py", data, sha256_hex(data)

    # ------------------------------------------------------------------------ opening

    async def open(
        self, actor: Actor, title: str, parties: str, cluster: int,
        notice_minutes: int | None = None, replacing: tuple[str, str] | None = None,
    ) -> Opened:
        """Open a draw; ``replacing``: (draw id, why) of a draw never used, which this replaces."""
        title = _words(title)
        if not 3 <= len(title) <= 200:
            raise InputError(_("Give the draw a title of 3 to 200 characters. Nothing was "
                               "changed."))
        try:
            number = Cluster(cluster)
        except ValueError:
            raise InputError(_("The cluster is a number from 1 to 4 (Table 1 of resolution 8/2). "
                               "Nothing was changed.")) from None
        least = self.settings.draw_notice_minutes
        notice = least if notice_minutes is None else notice_minutes
        if notice < least:
            raise InputError(_("The notice must be at least {least} minutes, so that States can "
                               "check the manifest before the round. Nothing was changed.",
                               least=least))
        if self.channel_of() is None:
            raise InputError(_("The draw channel “{draw_channel}” was not found; ask the "
                               "secretariat to create it. Nothing was changed.",
                               draw_channel=self.settings.draw_channel))
        async with self.store.read() as tx:
            registry = await all_parties(tx)
            surs = select_parties(parties, registry)
            await check_cluster_free(tx, number.value, replacing[0] if replacing else None)
            if replacing is not None and await get_draw(tx, replacing[0]) is None:
                raise InputError(_("There is no draw {replacing} to replace.",
                                   replacing=replacing[0]))
            load = await cluster_load(tx, number.value)
            draw_id = f"{self.clock.now().year}-c{number.value}-{await count_draws(tx) + 1}"
        busy = [f"{s} ({load.busy[s]})" for s in surs if s in load.busy]
        if busy:
            raise InputError(_("These States already have reviewing States in cluster {value}: "
                               "{busy}. A redraw changes a reviewer; a new draw is for States "
                               "without any. Nothing was changed.", value=number.value,
                               busy=', '.join(busy[:20])))
        now = self.clock.now()
        round_ = self.source.choose_round(now, notice * 60)
        plan = build_manifest(
            draw_id=draw_id, title=title, cluster=number, parties=registry, under_review=surs,
            load=load, rules=rules_from(self.settings.draw_max_reviews_per_state,
                                        self.settings.draw_max_reviewers,
                                        self.settings.draw_redraws),
            beacon={"source": self.source.name, "chain_hash": self.source.chain_hash,
                    "round": round_},
            announced_at=now, opened_by=actor.audit_name, verifier_sha256=self.verifier_file()[2],
            replaces=replacing,
        )
        wire = plan.manifest.model_dump()
        sha = sha256_hex(canon(wire))
        async with self.store.transaction() as tx:
            if await get_draw(tx, draw_id) is not None:
                raise InputError(_("Another draw was opened at the same moment. Please try again. "
                                   "Nothing was changed."))
            await insert_draw(tx, draw_id=draw_id, title=title, cluster=number.value,
                              manifest_sha256=sha, beacon_source=self.source.name,
                              beacon_round=round_, opened_by=actor.audit_name, now=now)
            await append_draw_lines(tx, draw_id, 0, [("manifest", append_line([], "manifest",
                                                                          wire))])
            await self.timers.schedule(tx, JOB_KIND, _round_time(round_),
                                       {"draw_id": draw_id, "round": round_},
                                       key=f"draw:{draw_id}:round")
            await self.audit.record_in(tx, actor, "draw.open", f"draw {draw_id}", {
                "title": title, "cluster": number.value, "under_review": surs,
                "manifest_sha256": sha, "beacon": plan.manifest.beacon.model_dump(),
                **({"replaces": replacing[0]} if replacing else {}),
            })
            if replacing is not None:
                await set_draw_unused(tx, replacing[0], replacing[1], draw_id)
        posted = await self._publish(draw_id)
        return Opened(draw_id, sha, round_, _round_time(round_), tuple(surs), plan, posted)

    # ------------------------------------------------------------------------ the round

    async def _on_round(self, job: Job, late: bool) -> None:
        draw_id = str(job.payload["draw_id"])
        async with self.store.read() as tx:
            draw = await get_draw(tx, draw_id)
            if draw is None:
                return
            view = read_log(await draw_log_lines(tx, draw_id))
        round_ = view.waiting_round
        if draw.unused_reason is not None:
            await say_not_used(self.store, self.publisher, draw_id)  # until Discord takes it
            return
        if round_ is not None and round_ == job.payload.get("round"):
            seq = 0 if view.result is None else view.pending_seq
            assert seq is not None
            problem = await too_late(self.store, draw_id, seq, round_)
            if problem is not None:
                await self._not_used(draw, view, seq, problem)
                return
            record = await self.rounds.fetch(draw_id, view, round_, job)
            if record is None:
                return
            await self.rounds.apply(draw_id, view, record)
        await self.publisher.catch_up(draw_id, late=late)

    async def _not_used(self, draw: DrawRow, view: LogView, seq: int, problem: str) -> None:
        """A commitment published too late is never used with its round (section 8.5)."""
        async def open_again(why: str) -> None:
            opener = (Actor.person(int(draw.opened_by)) if draw.opened_by.isdigit()
                      else SYSTEM)
            await self.open(opener, draw.title,
                            ", ".join(view.m.under_review), draw.cluster,
                            replacing=(draw.draw_id, why))

        await not_used(self.store, self.publisher, draw, seq, problem, open_again)

    # ------------------------------------------------------------------------ redraws

    async def redraw(
        self, actor: Actor, draw_id: str, sur: str, slot: str, requested_by: str, reason: str,
        exceptional: bool = False, authorization: str | None = None,
    ) -> Requested:
        sur, by, reason = sur.strip().upper(), requested_by.strip().upper(), _words(reason)
        authorization = _words(authorization or "") or None
        if len(reason) < 3:
            raise InputError(_("Give the reason for the request; it is published. Nothing was "
                               "changed."))
        if authorization and not exceptional:
            raise InputError(_("An authorization goes with an exceptional request only; set "
                               "exceptional to True, or leave the authorization out. Nothing was "
                               "changed."))
        async with self.store.read() as tx:
            draw, view = await self._load(tx, draw_id)
        self._in_use(draw)
        if view.closed:
            raise InputError(_("Draw {draw_id} is closed; its reviewers are final.",
                               draw_id=draw.draw_id))
        if view.result is None:
            raise InputError(_("The result of draw {draw_id} is not out yet; a redraw can be "
                               "asked once it is posted. Nothing was changed.",
                               draw_id=draw.draw_id))
        state = view.state()
        limit = check_rights(actor, view, state, sur, by, exceptional, authorization)
        if view.pending is not None:
            round_ = view.pending.beacon.round
            raise InputError(_("A redraw in draw {draw_id} is already waiting for beacon round "
                               "{round} (<t:{round2}:F>). Ask again once its result is posted. "
                               "Nothing was changed.", draw_id=draw.draw_id, round=round_,
                               round2=time_of_round(round_)))
        if self.source.name != view.source:
            raise InputError(_("This draw uses the beacon “{source}”, but the bot is now set to "
                               "“{name}”. Nothing was changed.", source=view.source,
                               name=self.source.name))
        now = self.clock.now()
        request = RedrawRequest.model_validate(make_redraw_request(
            state, sur=sur, slot=slot, requested_by=by, reason=reason, requested_at=now,
            notice_seconds=self.notice_seconds, exceptional=exceptional,
            authorization=authorization))
        round_ = self.source.choose_round(now, self.notice_seconds)
        if round_ != request.beacon.round:  # a recorded beacon has only some rounds
            request = request.model_copy(
                update={"beacon": request.beacon.model_copy(update={"round": round_})})
            check_redraw_request(state, request.model_dump())
        async with self.store.transaction() as tx:
            lines = await draw_log_lines(tx, draw.draw_id)
            if lines != view.lines:
                raise InputError(_("The draw changed while you asked. Please try again. "
                                   "Nothing was changed."))
            seq = len(lines)
            posted = await self.publisher.posted_field(tx, draw.draw_id, seq - 1)
            line = append_line(lines, "redraw_request", request.model_dump(), posted)
            await append_draw_lines(tx, draw.draw_id, seq, [("redraw_request", line)])
            await save_redraw_requester(tx, draw.draw_id, seq, actor.person_id, now=now)
            await self.timers.schedule(tx, JOB_KIND, _round_time(round_),
                                       {"draw_id": draw.draw_id, "round": round_},
                                       key=f"draw:{draw.draw_id}:redraw:{seq}")
            await self.audit.record_in(tx, actor, "draw.redraw_request",
                                       f"draw {draw.draw_id}", {
                                           k: getattr(request, k) for k in (
                                               "sur", "slot", "requested_by", "attempt",
                                               "exceptional", "authorization", "reason")
                                       } | {"round": round_})
        posted_ok = await self._publish(draw.draw_id)
        return Requested(draw.draw_id, request.attempt, limit, round_, _round_time(round_),
                         posted_ok)

    # ------------------------------------------------------------------------ closing

    async def close(self, actor: Actor, draw_id: str) -> str:
        async with self.store.read() as tx:
            draw, view = await self._load(tx, draw_id)
        self._in_use(draw)
        if view.closed:
            raise InputError(_("Draw {draw_id} is already closed.", draw_id=draw.draw_id))
        if view.result is None or view.pending is not None:
            raise InputError(_("Draw {draw_id} is waiting for a beacon round; close it once its "
                               "result is posted. Nothing was changed.", draw_id=draw.draw_id))
        body = close_body(view.state())
        async with self.store.transaction() as tx:
            lines = await draw_log_lines(tx, draw.draw_id)
            if lines != view.lines:
                raise InputError(_("The draw changed meanwhile. Please try again. Nothing was "
                                   "changed."))
            posted = await self.publisher.posted_field(tx, draw.draw_id, len(lines) - 1)
            await append_draw_lines(tx, draw.draw_id, len(lines),
                              [("close", append_line(lines, "close", body, posted))])
            await set_draw_status(tx, draw.draw_id, "closed", now=self.clock.now())
            await self.audit.record_in(tx, actor, "draw.close", f"draw {draw.draw_id}",
                                       {"lines": len(lines) + 1})
        await self._publish(draw.draw_id)
        return draw.draw_id

    # ------------------------------------------------------------------------ publishing

    async def _publish(self, draw_id: str) -> bool:
        """Post what is missing now; when Discord refuses, a job tries again shortly."""
        if await self.publisher.catch_up_quietly(draw_id):
            return True
        async with self.store.transaction() as tx:
            count = len(await draw_log_lines(tx, draw_id))
            await self.timers.schedule(tx, JOB_KIND, self.clock.now() + RETRY_POST,
                                       {"draw_id": draw_id, "round": None},
                                       key=f"draw:{draw_id}:post:{count}")
        return False

    async def repair(self) -> None:
        """Post and announce whatever a stop left undone (run when the bot is ready)."""
        for draw in await self.draws():
            await self.publisher.catch_up_quietly(draw.draw_id)
            await self.assignments.repair(draw)
