"""What the capacity watch keeps: the mark last told, and the closed reviews' channels."""

from __future__ import annotations

from storage import kv
from storage.db import Tx

TOLD_KEY = "capacity.told"


async def told_level(tx: Tx) -> int:
    value = await kv.get_value(tx, TOLD_KEY)
    return int(value) if value else 0


async def set_told_level(tx: Tx, level: int) -> None:
    await kv.set_value(tx, TOLD_KEY, str(level))


async def archivable_channels(tx: Tx) -> int:
    """Closed reviews whose channel is still on the server, their complete archive kept."""
    row = await tx.fetchone(
        "SELECT COUNT(*) AS n FROM review_channels c"
        " WHERE c.archived = 1 AND c.channel_id IS NOT NULL AND c.removed_at IS NULL"
        " AND EXISTS (SELECT 1 FROM review_archives a WHERE a.review_id = c.review_id"
        " AND a.complete = 1)")
    return int(row["n"]) if row else 0
