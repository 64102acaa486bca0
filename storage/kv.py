"""Small named values the bot keeps about itself (the `settings_kv` table): the hash of the
commands last synced, the heartbeat."""

from __future__ import annotations

from storage.db import Tx


async def get_value(tx: Tx, name: str) -> str | None:
    row = await tx.fetchone("SELECT value FROM settings_kv WHERE name = ?", (name,))
    return str(row["value"]) if row else None


async def set_value(tx: Tx, name: str, value: str) -> None:
    await tx.execute(
        "INSERT INTO settings_kv (name, value) VALUES (?, ?)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (name, value),
    )
