"""The serving bot's regular audit checkpoint: due every DESKREVIEW_AUDIT_CHECKPOINT_HOURS,
posted once per new head, kept across restarts, never twice."""

from __future__ import annotations

import sqlite3

from bot.app import create_bot
from bot.serving import Serving
from tests.conftest import SimulatedClock

QUIET = Serving(setup_check=False, heartbeat=False, backups=False)
DAY = 24 * 3600


def checkpoints(world) -> list[str]:
    return [m.content for m in world.checkpoints.history() if "Audit checkpoint" in m.content]


def head(database) -> int:
    with sqlite3.connect(database) as raw:
        return raw.execute("SELECT max(seq) FROM audit_log").fetchone()[0]


async def test_a_regular_checkpoint_witnesses_what_no_sensitive_action_did(
        world, settings, made_bots):
    def serving():
        bot = create_bot(settings, clock=SimulatedClock(), serving=QUIET)
        made_bots.append(bot)
        return bot

    await world.env.restart_bot(serving())
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    await world.outsider.slash(world.general, "audit show")  # refused and audited, not sensitive
    await world.env.settle()
    assert checkpoints(world) == []  # nothing sensitive happened: no checkpoint yet
    unwitnessed = head(settings.database)

    await world.env.advance_time(DAY + 60)
    await world.env.settle()
    assert len(checkpoints(world)) == 1
    assert f"entry {unwitnessed}" in checkpoints(world)[0]

    # a day with nothing new publishes nothing: the same head is not posted again
    await world.env.advance_time(DAY + 60)
    await world.env.settle()
    assert len(checkpoints(world)) == 1

    # across a restart the regular checkpoint stays one row and comes on time
    await world.outsider.slash(world.general, "audit show")
    await world.env.restart_bot(serving())
    await world.env.restart_bot(serving())
    pending = await world.bot.services.store.fetchall(
        "SELECT key FROM jobs WHERE kind = 'audit.checkpoint' AND status = 'pending'")
    assert len(pending) == 1
    await world.env.advance_time(DAY + 60)
    await world.env.settle()
    assert len(checkpoints(world)) == 2
    assert f"entry {head(settings.database)}" in checkpoints(world)[1]
