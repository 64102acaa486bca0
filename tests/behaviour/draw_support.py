"""A world for draws: the clock at 15:00 UTC on 23 August 2023, the recorded beacon (rounds 123
at 15:15:33 and 657413 three weeks later), and the States a draw names."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
import simcord

from bot.demo.simulation import start_at
from tests.behaviour.fault_support import Route

ANCHOR = datetime(2023, 8, 23, 15, 0, tzinfo=UTC)
ROUND_123 = datetime(2023, 8, 23, 15, 15, 33, tzinfo=UTC)
MANIFEST = Route("POST", "/channels/{draws}/messages", "manifest post")
LATER = Route("POST", "/channels/{draws}/messages", "result, second message", after=1)


@pytest.fixture
async def simcord_env(simcord_bot):
    env = simcord.Env(simcord_bot, settle_timeout=120)  # a result opens its reviews at once
    start_at(env, ANCHOR)
    await env.start()
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture
def settings(settings):
    return settings.model_copy(update={"beacon": "recorded"})


async def parties_for(world, route: Route | None) -> str:
    """Three States; for the second message of a result, 24 States, every name recorded in
    full by the secretariat (``/registry import``): together long enough for several
    messages."""
    if route is not LATER:
        return "KEN, NGA, FRA"
    desk = world.secretariat_channel
    exported = await world.secretary.slash(desk, "registry export")
    rows = list(csv.reader(io.StringIO((await exported.response.attachments[0].read())
                                       .decode("utf-8-sig"), newline="")))
    header, codes = rows[0], []
    for row in rows[1:]:
        row[header.index("name")] = (row[header.index("name")]
                                     + ", in full as recorded for the Conference")[:100]
        if row[header.index("regional_group")]:
            codes.append(row[0])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    imported = await world.secretary.slash(desk, "registry import",
                                           file=("parties.csv", out.getvalue().encode()))
    assert "Nothing was changed" not in (imported.followups[-1].content if imported.followups
                                         else imported.response.content)
    return ", ".join(codes[::5][:24])


def posts(world, start: str) -> list:
    return [m for m in world.draws.history() if m.content.startswith(start)]


