"""When a draw's beacon round comes: fetch and check its value, then append the beacon line and
the result (or redraw result) it gives, in one transaction with the audit entry.

A live value must verify with both BLS checkers (``check_beacon(..., both=True)``); a value
that cannot be had or checked leaves the draw waiting, and the draw channel is told once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.clock import Clock
from bot.domain.actor import SYSTEM
from bot.domain.beacon import QUICKNET_SOURCE, BeaconRecord, check_beacon
from bot.domain.draw import DrawState, compute_result
from bot.domain.draw_log_view import LogView
from bot.domain.draw_records import (
    DrawResult,
    RedrawFailed,
    Redrawn,
    RedrawResult,
    redraw_result_of,
)
from bot.domain.drawlog import append_line
from bot.services.audit import AuditService
from bot.services.draws._assignments import AssignmentHandOff
from bot.services.draws._beacons import BeaconSource, BeaconUnavailable
from bot.services.draws._publisher import DrawPublisher, assignment_rows
from bot.services.timers import Timekeeper, Waiting
from storage.db import Store
from storage.draws import (
    append_draw_lines,
    draw_log_lines,
    replace_draw_assignments,
    set_draw_status,
)
from storage.jobs import Job

JOB_KIND = "draw.round"
WAIT_STEP = timedelta(seconds=30)


class BeaconRounds:
    def __init__(self, store: Store, clock: Clock, audit: AuditService, timers: Timekeeper,
                 source: BeaconSource, publisher: DrawPublisher,
                 assignments: AssignmentHandOff) -> None:
        self.store = store
        self.clock = clock
        self.audit = audit
        self.timers = timers
        self.source = source
        self.publisher = publisher
        self.assignments = assignments

    async def fetch(self, draw_id: str, view: LogView, round_: int,
                     job: Job) -> BeaconRecord | None:
        named = view.source
        if self.source.name != named:
            problem = (f"this draw uses the beacon “{named}” but the bot is set to "
                       f"“{self.source.name}” (DESKREVIEW_BEACON)")
            await self.publisher.say_once(draw_id, f"source:{round_}",
                                          self.cannot(draw_id, round_, problem))
            raise BeaconUnavailable(problem)
        try:
            record = await self.source.fetch(round_, self.clock.now())
        except BeaconUnavailable as exc:
            await self.publisher.say_once(draw_id, f"unavailable:{round_}",
                                          self.cannot(draw_id, round_, str(exc)))
            raise
        if record is None:
            await self.publisher.say_once(draw_id, f"late:{round_}", (
                f"Draw {draw_id}: beacon round {round_} is not out yet although its time has "
                "come. The bot keeps waiting for it; its value will be the same whenever it "
                "appears."))
            raise Waiting(self.clock.now() + WAIT_STEP, f"beacon round {round_} is not out yet")
        live = record.source == QUICKNET_SOURCE  # a live value must verify with both checkers
        check = check_beacon(record, round_, both=live)
        if not check.ok or (live and not check.verified) or record.source != named:
            problem = check.reason if not check.ok or live and not check.verified else (
                f"it came from “{record.source}”")
            await self.publisher.say_once(draw_id, f"refused:{round_}",
                                          self.cannot(draw_id, round_, problem))
            raise BeaconUnavailable(problem)
        return record

    @staticmethod
    def cannot(draw_id: str, round_: int, problem: str) -> str:
        return (f"Draw {draw_id}: the value of beacon round {round_} cannot be had yet: "
                f"{problem[:600]}. The bot keeps the draw waiting and tries again; nothing is "
                "drawn without it.")

    async def apply(self, draw_id: str, view: LogView, record: BeaconRecord) -> None:
        """Append the beacon and the (redraw) result it gives, unless already there."""
        outcome: DrawResult | RedrawResult
        if view.result is None:
            raw = compute_result(view.wire_manifest, record.randomness)
            state, outcome = DrawState(view.wire_manifest, raw), DrawResult.model_validate(raw)
            kind, action = "result", "draw.result"
            details: dict[str, Any] = {"surs": len(outcome.order), "failed": outcome.failed()}
        else:
            state = view.state()
            outcome = redraw_result_of(state.redraw(view.wire_pending, record.randomness))
            kind, action = "redraw_result", "draw.redraw"
            drawn = isinstance(outcome, Redrawn)
            details = {"sur": outcome.sur, "slot": outcome.slot,
                       "old": outcome.old if isinstance(outcome, Redrawn) else None,
                       "new": outcome.new if isinstance(outcome, Redrawn) else None,
                       "failed": None if drawn or not isinstance(outcome, RedrawFailed)
                       else outcome.failed}
        async with self.store.transaction() as tx:
            lines = await draw_log_lines(tx, draw_id)
            if lines != view.lines:
                return  # someone else appended meanwhile; the catch-up posts what is there
            posted = await self.publisher.posted_field(tx, draw_id, len(lines) - 1)
            beacon_line = append_line(lines, "beacon", record.body(), posted)
            result_line = append_line([*lines, beacon_line], kind, outcome.model_dump())
            await append_draw_lines(tx, draw_id, len(lines),
                              [("beacon", beacon_line), (kind, result_line)])
            await replace_draw_assignments(tx, draw_id, assignment_rows(state))
            await self.assignments.hand_off(tx, draw_id, len(lines) + 1)  # opens its reviews
            if kind == "result":
                await set_draw_status(tx, draw_id, "computed", now=self.clock.now())
            await self.audit.record_in(tx, SYSTEM, action, f"draw {draw_id}", {
                "round": record.round, "randomness": record.randomness,
                "source": record.source, **details})

