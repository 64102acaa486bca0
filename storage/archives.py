"""The archives of closed reviews (ZIP bytes and SHA-256) and the reviews waiting for room."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx


class ArchiveRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    review_id: int
    made_at: datetime
    sha256: str
    size: int
    messages: int
    attachments: int
    complete: bool
    language: str


def _archive(row: Any) -> ArchiveRow:
    return ArchiveRow(
        id=row["id"], review_id=row["review_id"], made_at=parse_iso_utc(row["made_at"]),
        sha256=row["sha256"], size=row["size"], messages=row["messages"],
        attachments=row["attachments"], complete=bool(row["complete"]),
        language=row["language"],
    )


_COLUMNS = "id, review_id, made_at, sha256, size, messages, attachments, complete, language"


async def save_archive(
    tx: Tx, *, review_id: int, made_at: datetime, sha256: str, data: bytes, messages: int,
    attachments: int, complete: bool, language: str, source: str,
) -> int:
    done = await tx.execute(
        "INSERT INTO review_archives (review_id, made_at, sha256, size, messages, attachments,"
        " complete, language, source, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (review_id, iso_utc(made_at), sha256, len(data), messages, attachments, int(complete),
         language, source, data),
    )
    return int(done.lastrowid or 0)


async def latest_archive(tx: Tx, review_id: int) -> ArchiveRow | None:
    row = await tx.fetchone(
        f"SELECT {_COLUMNS} FROM review_archives WHERE review_id = ? ORDER BY id DESC LIMIT 1",
        (review_id,))
    return _archive(row) if row else None


async def archive_bytes(tx: Tx, archive_id: int) -> bytes | None:
    row = await tx.fetchone("SELECT data FROM review_archives WHERE id = ?", (archive_id,))
    return bytes(row["data"]) if row else None


async def archive_source(tx: Tx, archive_id: int) -> str | None:
    row = await tx.fetchone("SELECT source FROM review_archives WHERE id = ?", (archive_id,))
    return str(row["source"]) if row else None


async def archived_review_ids(tx: Tx) -> list[int]:
    rows = await tx.fetchall("SELECT DISTINCT review_id FROM review_archives ORDER BY review_id")
    return [int(r[0]) for r in rows]


# ------------------------------------------------------------------------------- waiting


async def start_wait(tx: Tx, review_id: int, since: datetime) -> bool:
    """Record that a review waits for room; False when it already did."""
    done = await tx.execute(
        "INSERT INTO review_waits (review_id, since) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (review_id, iso_utc(since)))
    return bool(done.rowcount)


async def end_wait(tx: Tx, review_id: int) -> datetime | None:
    """The review has its channel: the wait is over. Returns when it began (None: no wait)."""
    row = await tx.fetchone("SELECT since FROM review_waits WHERE review_id = ?", (review_id,))
    if row is None:
        return None
    await tx.execute("DELETE FROM review_waits WHERE review_id = ?", (review_id,))
    return parse_iso_utc(row["since"])


async def is_waiting(tx: Tx, review_id: int) -> bool:
    row = await tx.fetchone("SELECT 1 FROM review_waits WHERE review_id = ?", (review_id,))
    return row is not None


async def waiting_reviews(tx: Tx) -> list[int]:
    """Open reviews that have no channel yet, oldest first (the order they get room in)."""
    rows = await tx.fetchall(
        "SELECT r.id FROM reviews r LEFT JOIN review_channels c ON c.review_id = r.id"
        " WHERE r.stage <> 'closed' AND (c.channel_id IS NULL) ORDER BY r.id")
    return [int(r[0]) for r in rows]
