"""Daily checked backups on the test clock, and a restore the bot starts on."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.app import DeskReviewBot, create_bot
from bot.domain.actor import CLI
from bot.services.backups import kept_backups
from bot.services.backups.restore import restore
from bot.serving import Serving
from bot.settings import Settings
from tests.conftest import SimulatedClock

DAY = 24 * 3600
BACKUPS_ONLY = Serving(setup_check=False, heartbeat=False, backups=True)


def backup_bot(settings: Settings, made: list[DeskReviewBot], folder: Path) -> DeskReviewBot:
    bot = create_bot(settings.model_copy(update={"backup_dir": folder, "backup_keep": 2}),
                     clock=SimulatedClock(), serving=BACKUPS_ONLY)
    made.append(bot)
    return bot


def tamper_audit_log(database: Path) -> None:
    """What someone editing the database by hand would do."""
    conn = sqlite3.connect(database, timeout=5)
    try:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET details = '{\"edited\":true}' WHERE seq = 1")
        conn.commit()
    finally:
        conn.close()


async def test_daily_backups_keep_n_and_a_bad_copy_is_reported(world, settings, made_bots,
                                                                 tmp_path):
    folder = tmp_path / "backups"
    await world.env.restart_bot(backup_bot(settings, made_bots, folder))
    for _ in range(3):
        await world.env.advance_time(DAY)
    kept = kept_backups(folder)
    assert len(kept) == 2  # three made, the oldest removed once the third passed its check
    assert [p.name[11:19] for p in kept] == sorted(p.name[11:19] for p in kept)
    assert not list(folder.glob("*.partial"))

    tamper_audit_log(settings.database)
    await world.env.advance_time(DAY)
    assert kept_backups(folder) == kept  # nothing old removed for a copy that failed
    failed = list(folder.glob("*.FAILED.sqlite3"))
    assert len(failed) == 1
    told = world.secretariat_channel.history(viewer=world.secretary)[-1].content
    assert "The daily backup of the database failed its check" in told
    assert "audit chain is broken at entry 1" in told and failed[0].name in told
    # it is tried again the next day (the job is a row, rescheduled)
    rows = await world.bot.services.store.fetchall(
        "SELECT due_at FROM jobs WHERE kind = 'backup' AND status = 'pending'")
    assert len(rows) == 1


async def test_the_bot_starts_on_a_restored_backup_with_its_audit_chain_intact(
        world, settings, bot_factory, tmp_path):
    services = world.bot.services
    assert world.bot.housekeeping is not None
    outcome = await world.bot.housekeeping.backups.back_up()
    assert outcome.ok, outcome.message
    await services.audit.record(CLI, "test.after_backup", "made after the backup")
    # the bot stops (SimCord does not close bots; its database must be let go)
    await services.store.close()
    world.bot._services = None

    done = await restore(settings.database, outcome.path, world.env.now() + timedelta(hours=1))
    assert done.replaced is not None and done.replaced.exists()

    await world.env.restart_bot(bot_factory())
    answer = await world.secretary.slash(world.secretariat_channel, "audit verify")
    assert "Audit chain intact" in answer.response.content
    actions = [r["action"] for r in await world.bot.services.store.fetchall(
        "SELECT action FROM audit_log")]
    assert "test.after_backup" not in actions
    kept = sqlite3.connect(done.replaced)
    try:
        assert kept.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'test.after_backup'"
                            ).fetchone()[0] == 1
    finally:
        kept.close()
