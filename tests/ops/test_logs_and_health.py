"""Log lines carry UTC ISO 8601 times with their zone, as text or JSON; late timers are
unhealthy."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

from bot import logs
from bot.domain.timefmt import iso_utc
from bot.services.health import check_health
from storage import kv
from storage.db import Store

SECRET = "MTIz.fake-token-for-tests.never-printed"


def emit(capfd, **options) -> str:
    logs.configure("INFO", SECRET, **options)
    try:
        logging.getLogger("deskreview.test").warning("token %s refused", SECRET)
    finally:
        logging.getLogger().handlers.clear()
    return capfd.readouterr().err.strip()


def test_text_lines_start_with_a_utc_iso_time(capfd):
    line = emit(capfd)
    stamp, level, rest = line.split(" ", 2)
    assert datetime.fromisoformat(stamp).utcoffset() == timedelta(0) and stamp.endswith("+00:00")
    assert level == "WARNING" and rest == "deskreview.test: token [redacted] refused"


def test_json_lines_hold_time_level_logger_and_message(capfd):
    entry = json.loads(emit(capfd, json_lines=True))
    assert entry["time"].endswith("+00:00") and entry["level"] == "WARNING"
    assert entry["logger"] == "deskreview.test"
    assert entry["message"] == "token [redacted] refused"


def test_discord_progress_lines_are_quiet_at_info(capfd):
    logs.configure("INFO")
    try:
        logging.getLogger("discord.client").info("logging in using static token")
        logging.getLogger("discord.gateway").warning("gateway is slow")
    finally:
        logging.getLogger().handlers.clear()
        logging.getLogger("discord").setLevel(logging.NOTSET)
    err = capfd.readouterr().err
    assert "static token" not in err and "gateway is slow" in err


async def test_a_late_timer_makes_the_bot_unhealthy(tmp_path):
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    store = await Store.open(tmp_path / "d.sqlite3")
    try:
        async with store.transaction() as tx:
            await kv.set_value(tx, "heartbeat", iso_utc(now))
        assert (await check_health(store, now)).ok
        async with store.transaction() as tx:
            await tx.execute(
                "INSERT INTO jobs (kind, key, payload, due_at, run_at, created_at)"
                " VALUES ('review.reminder', NULL, '{}', ?, ?, ?)",
                (iso_utc(now - timedelta(minutes=20)),) * 3)
        health = await check_health(store, now)
    finally:
        await store.close()
    assert not health.ok
    assert "1 timer(s) are late, the first (review.reminder" in health.message
