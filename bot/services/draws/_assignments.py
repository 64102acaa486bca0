"""A draw's result opens its reviews: the hand-off from the draw to the reviews feature.

The transaction that writes a result (or a redraw result) to the log also writes a
``DRAW_ASSIGNMENTS`` job. The job records the assignments and marks them announced in one
transaction, with the hand-off that makes the reviews' channels (the log is the truth; its
posting in the draw channel is retried on its own). When the job fails it is retried with
back-off and reported to the secretariat like every job; a restart in between loses nothing,
because the job is a row.
"""

from __future__ import annotations

from bot.domain.actor import SYSTEM
from bot.domain.draw_log_view import LogView, read_log
from bot.domain.draw_records import NoPair, entry_of
from bot.domain.errors import InputError
from bot.domain.handoffs import (
    DRAW_ASSIGNMENTS,
    Additional,
    Assigned,
    DrawAssignments,
    DrawOutcome,
)
from bot.ports import Messenger, OutMessage
from bot.services.reviews import ReviewService
from bot.services.timers import Timekeeper
from storage.db import Store, Tx
from storage.draws import DrawRow, draw_log_lines, get_draw, set_draw_announced
from storage.jobs import Job

CHANGING = ("result", "redraw_result")


def unannounced(view: LogView, announced: int) -> list[int]:
    """The result lines whose assignments are not recorded yet."""
    return [s for s, k in enumerate(view.kinds) if k in CHANGING and s > announced]


def outcome_of(draw: DrawRow, view: LogView, changing: list[int]) -> DrawOutcome:
    """The reviewers these lines decide, for the States under review they concern."""
    state = view.state()
    if any(view.kinds[s] == "result" for s in changing):
        surs = list(state.order)
    else:
        surs = list(dict.fromkeys(view.redraw_result_at(s).sur for s in changing))
    assignments = {}
    for sur in surs:
        entry = entry_of(state.entries[sur])
        if isinstance(entry, NoPair):
            continue
        assignments[sur] = Assigned(
            same_group=entry.same_group, other_group=entry.other_group,
            additional=tuple(Additional(code=a.code, slot=a.slot) for a in entry.additional))
    return DrawOutcome(draw_id=draw.draw_id, cluster=draw.cluster, assignments=assignments)


class AssignmentHandOff:
    def __init__(self, store: Store, timers: Timekeeper, reviews: ReviewService,
                 messenger: Messenger) -> None:
        self.store = store
        self.timers = timers
        self.reviews = reviews
        self.messenger = messenger

    async def hand_off(self, tx: Tx, draw_id: str, seq: int) -> None:
        """The result at ``seq`` opens its reviews: a job written with the result itself."""
        await self.timers.hand_off(
            tx, DRAW_ASSIGNMENTS, DrawAssignments(draw_id=draw_id, seq=seq).model_dump(),
            key=f"draw:{draw_id}:assignments:{seq}")

    async def repair(self, draw: DrawRow) -> None:
        """A result logged before its hand-off job existed gets one (at start-up)."""
        async with self.store.transaction() as tx:
            changing = unannounced(read_log(await draw_log_lines(tx, draw.draw_id)),
                                   draw.announced_seq)
            if changing:
                await self.hand_off(tx, draw.draw_id, max(changing))

    async def run(self, job: Job, late: bool) -> None:
        change = DrawAssignments.model_validate(job.payload)
        try:
            async with self.store.transaction() as tx:
                draw = await get_draw(tx, change.draw_id)
                if draw is None:
                    return
                view = read_log(await draw_log_lines(tx, draw.draw_id))
                changing = unannounced(view, draw.announced_seq)
                if not changing:
                    return
                outcome = outcome_of(draw, view, changing)
                if outcome.assignments:
                    await self.reviews.record_assignments_in(tx, SYSTEM, outcome)
                await set_draw_announced(tx, draw.draw_id, max(changing))
        except InputError as problem:  # nothing was recorded; the secretariat does it by hand
            await self.messenger.post_to_secretariat(OutMessage(
                f"The reviewers of draw {change.draw_id} could not be recorded: "
                f"{problem} Nothing was changed; please record them with `/review-admin assign`."
            ))
            async with self.store.transaction() as tx:
                draw = await get_draw(tx, change.draw_id)
                if draw is not None:
                    view = read_log(await draw_log_lines(tx, draw.draw_id))
                    changing = unannounced(view, draw.announced_seq)
                    if changing:
                        await set_draw_announced(tx, draw.draw_id, max(changing))
