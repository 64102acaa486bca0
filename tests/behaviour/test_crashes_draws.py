"""A draw's posts with the bot killed between the request and its record, or between the
commit and the request: after the restart the manifest and every message of the result are in
the draw channel exactly once."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.behaviour.draw_support import (  # noqa: F401 - the fixtures of a draw world
    LATER,
    ROUND_123,
    parties_for,
    posts,
    settings,
    simcord_env,
)
from tests.support.crash import Killed, crash_at, restart_after_kill


def published(world) -> Counter:
    me = world.bot.user.id
    return Counter((m.content[:40], tuple(e.title for e in m.embeds))
                   for m in world.draws.history() if m.author.id == me)


WINDOWS = [  # (killed while opening or at the round, which matching request, after it or before)
    pytest.param("open", 1, True, None, id="after-manifest-posted"),
    pytest.param("open", 1, False, None, id="commit-before-manifest"),
    pytest.param("round", 1, True, None, id="after-result-posted"),
    pytest.param("round", 1, False, None, id="before-result-posted"),
    pytest.param("round", 2, True, LATER, id="after-second-message-of-result"),
    pytest.param("round", 2, False, LATER, id="before-second-message-of-result"),
]


@pytest.mark.parametrize(("phase", "nth", "after", "route"), WINDOWS)
async def test_a_draw_killed_while_it_is_published_posts_each_message_once(
    world, bot_factory, phase, nth, after, route
):
    parties = await parties_for(world, route)

    async def open_draw() -> None:
        await world.chair.slash(world.draws, "draw-admin open", title="Intersessional meeting, "
                                "first group", parties=parties, cluster=1)

    if phase == "round":
        await open_draw()
    with crash_at(world.bot, "POST", f"/channels/{world.draws.id}/messages", nth=nth,
                  after=after) as window:
        try:
            if phase == "open":
                await open_draw()
            else:
                await world.env.advance_time((ROUND_123 - world.env.now()).total_seconds() + 5)
        except Killed:
            pass
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time((ROUND_123 - world.env.now()).total_seconds() + 600)
    counts = published(world)
    assert counts and set(counts.values()) == {1}, counts
    assert len(posts(world, "**Draw 2023-c1-1:")) == 1
    assert len(posts(world, "**Result of draw 2023-c1-1")) == 1
    if route is LATER:
        assert len(posts(world, "(continued)")) >= 1
