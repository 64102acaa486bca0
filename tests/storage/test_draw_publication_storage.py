"""A commitment's message, as stored, is judged by the time its Discord id carries."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain.draw_evidence import snowflake_at
from bot.services.draws import too_late
from storage.db import Store
from storage.draws import insert_draw, save_draw_message

ROUND_123 = datetime(2023, 8, 23, 15, 15, 33, tzinfo=UTC)


async def test_the_message_must_carry_a_time_before_the_round(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        async with store.transaction() as tx:
            await insert_draw(tx, draw_id="d1", title="A draw", cluster=1,
                              manifest_sha256="0" * 64, beacon_source="drand-quicknet",
                              beacon_round=123, opened_by="1", now=ROUND_123)
        assert "could not be posted in the draw channel before beacon round 123" in (
            await too_late(store, "d1", 0, 123))
        for seq, when, late in ((0, datetime(2023, 8, 23, 15, 15, 32, tzinfo=UTC), False),
                                (3, ROUND_123, True)):
            async with store.transaction() as tx:
                await save_draw_message(tx, "d1", seq, 1, snowflake_at(when), now=when)
            problem = await too_late(store, "d1", seq, 123)
            assert (problem is not None) is late, problem
        assert "its redraw request (log line 4) was posted only at" in (
            await too_late(store, "d1", 3, 123))
    finally:
        await store.close()
