"""The journal of Discord effects in flight (see migration 0010)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx


@dataclass(frozen=True)
class Effect:
    key: str
    scope: str
    channel_id: int
    object_id: int | None
    started_at: datetime
    sent_digest: str | None = None


async def get_effect(tx: Tx, key: str) -> Effect | None:
    row = await tx.fetchone("SELECT * FROM discord_effects WHERE key = ?", (key,))
    if row is None:
        return None
    return Effect(row["key"], row["scope"], row["channel_id"], row["object_id"],
                  parse_iso_utc(row["started_at"]), row["sent_digest"])


async def start_effect(tx: Tx, key: str, scope: str, channel_id: int, now: datetime,
                       sent_digest: str | None = None) -> None:
    """The request is about to go out (``sent_digest``: what it sends)."""
    await tx.execute(
        "INSERT OR IGNORE INTO discord_effects (key, scope, channel_id, started_at, sent_digest)"
        " VALUES (?, ?, ?, ?, ?)", (key, scope, channel_id, iso_utc(now), sent_digest))


async def record_effect(tx: Tx, key: str, scope: str, channel_id: int, object_id: int,
               now: datetime) -> None:
    """Discord answered: this is what it made."""
    await tx.execute(
        "INSERT INTO discord_effects (key, scope, channel_id, object_id, started_at, done_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET object_id = excluded.object_id,"
        " done_at = excluded.done_at", (key, scope, channel_id, object_id, iso_utc(now),
                                        iso_utc(now)))


async def forget_effect(tx: Tx, key: str) -> None:
    """Discord refused the request outright: nothing was made."""
    await tx.execute("DELETE FROM discord_effects WHERE key = ? AND object_id IS NULL", (key,))


async def clear_effects(tx: Tx, scope: str) -> None:
    """The scope's own records are written: its entries are no longer needed."""
    await tx.execute("DELETE FROM discord_effects WHERE scope = ?", (scope,))


async def clear_effects_under(tx: Tx, prefix: str) -> None:
    """Every scope named ``prefix…`` is finished for good (its owner will never retry it)."""
    await tx.execute("DELETE FROM discord_effects WHERE substr(scope, 1, ?) = ?",
                     (len(prefix), prefix))


async def count_effects(tx: Tx) -> int:
    row = await tx.fetchone("SELECT COUNT(*) AS n FROM discord_effects")
    return int(row["n"]) if row else 0
