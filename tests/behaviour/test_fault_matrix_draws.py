"""The draw flows of the fault matrix: the manifest, and a result in several messages.

A draw needs a beacon round still ahead, and the recorded beacon holds two, so every case has
a world of its own (opened 15 minutes before round 123). A manifest Discord refuses until its
round is never used: the bot replaces the draw by one for a later round (its manifest, then
its result, are the expected objects then). Every case's outcome goes into one matrix, printed
by the last test of this file."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from tests.behaviour.draw_support import (  # noqa: F401 - the fixtures of a draw world
    LATER,
    MANIFEST,
    ROUND_123,
    parties_for,
    posts,
    settings,
    simcord_env,
)
from tests.behaviour.fault_support import (
    FAULTS,
    SPANS,
    Case,
    Matrix,
    Route,
    audit_intact,
    database_problems,
    recover,
    start_fault,
)
from tests.support.ratelimit import RateLimits

ROUND_657413 = datetime(2023, 9, 15, 11, 0, 3, tzinfo=UTC)
FIRST = Route("POST", "/channels/{draws}/messages", "result, first message")
CASES = [(r, f, s) for r in (MANIFEST, FIRST, LATER) for f in FAULTS for s in SPANS]
MATRIX = Matrix("draw manifest and result")

# every case and the printed matrix in one worker (pytest-xdist)
pytestmark = pytest.mark.xdist_group("draw-fault-matrix")


def once_each(messages) -> dict[str, int]:
    counts = Counter((m.content[:40], tuple(e.title for e in m.embeds)) for m in messages)
    return {f"{text} {titles[:1]}": n for (text, titles), n in counts.items()}


@pytest.mark.parametrize(("route", "fault", "span"), CASES,
                         ids=[f"{r.label}-{f.label}-{s}" for r, f, s in CASES])
async def test_a_draw_under_a_fault_is_published_once(world, route, fault, span):
    limits = RateLimits(world.env)
    limits.install()
    try:
        case = Case(0, {"draws": world.draws.id})
        parties = await parties_for(world, route)
        if route is MANIFEST:
            start_fault(world, limits, route, fault, span, case)
        opened = await world.chair.slash(world.draws, "draw-admin open", title="Intersessional "
                                         "meeting, first group", parties=parties, cluster=1)
        told = opened.followups[-1].content if opened.followups else opened.response.content
        manifest_posted = bool(posts(world, "**Draw 2023-c1-1:"))
        true = manifest_posted or "could not be posted in the draw channel yet" in told
        if route is not MANIFEST:
            start_fault(world, limits, route, fault, span, case)
            await world.env.advance_time((ROUND_123 - world.env.now()).total_seconds() + 5)
        await recover(world, limits, span)
        replaced = bool(posts(world, "Draw 2023-c1-1 will not be used"))
        if replaced:
            await world.env.advance_time((ROUND_657413 - world.env.now()).total_seconds() + 60)
        counts = once_each([m for m in world.draws.history()
                            if m.author.id == world.bot.user.id])
        results = [m for m in world.draws.history() if m.content.startswith("**Result of draw")]
        continued = [m for m in world.draws.history() if m.content == "(continued)"]
        if len(results) != 1 or (route is LATER and not continued):
            counts["the result, in several messages"] = len(results) if len(results) != 1 else 0
        MATRIX.add(route.label, f"{fault.label} {span}", counts, true,
                   await database_problems(world))
        MATRIX.early += limits.early
    finally:
        limits.uninstall()
    await audit_intact(world)


def test_the_draw_matrix_is_printed_and_holds():
    """The matrix of the cases this process ran (all of them in one process; under
    pytest-xdist those of this worker), printed, with nothing duplicated, lost or untrue."""
    assert len(MATRIX.rows) <= len(CASES)
    MATRIX.show()
