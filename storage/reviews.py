"""Reviews, their reviewing States, their channels and the categories that hold them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.reviews import Stage
from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx

Source = Literal["draw", "secretariat"]
ARCHIVE = 0  # the "cluster" number of the archive categories


class Review(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    sur: str
    cluster: int
    start: date
    stage: Stage
    answers_received: date | None
    paused: bool
    draw_id: str | None
    created_by: str
    created_at: datetime
    closed_at: datetime | None

    @property
    def closed(self) -> bool:
        return self.stage is Stage.CLOSED


class Reviewer(BaseModel):
    model_config = ConfigDict(frozen=True)

    review_id: int
    party: str
    slot: str
    source: Source
    reason: str
    assigned_by: str
    assigned_at: datetime


class ChannelRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    review_id: int
    channel_id: int | None
    category_id: int | None
    card_message_id: int | None
    card_digest: str | None
    archived: bool
    transcript_sent: bool
    removed_at: datetime | None = None  # the channel left the server, its archive kept


def _review(row: Any) -> Review:
    return Review(
        id=row["id"], sur=row["sur"], cluster=row["cluster"],
        start=date.fromisoformat(row["start_date"]), stage=Stage(row["stage"]),
        answers_received=(date.fromisoformat(row["answers_received"])
                          if row["answers_received"] else None),
        paused=bool(row["paused"]), draw_id=row["draw_id"], created_by=row["created_by"],
        created_at=parse_iso_utc(row["created_at"]),
        closed_at=parse_iso_utc(row["closed_at"]) if row["closed_at"] else None,
    )


def _reviewer(row: Any) -> Reviewer:
    return Reviewer(
        review_id=row["review_id"], party=row["party"], slot=row["slot"], source=row["source"],
        reason=row["reason"], assigned_by=row["assigned_by"],
        assigned_at=parse_iso_utc(row["assigned_at"]),
    )


def _channel(row: Any) -> ChannelRow:
    return ChannelRow(
        review_id=row["review_id"], channel_id=row["channel_id"], category_id=row["category_id"],
        card_message_id=row["card_message_id"], card_digest=row["card_digest"],
        archived=bool(row["archived"]), transcript_sent=bool(row["transcript_sent"]),
        removed_at=parse_iso_utc(row["removed_at"]) if row["removed_at"] else None,
    )


# ------------------------------------------------------------------------------ reviews

_BY_SUR = "ORDER BY sur, cluster, id"


async def insert_review(
    tx: Tx, *, sur: str, cluster: int, start: date, draw_id: str | None, by: str, now: datetime
) -> int:
    done = await tx.execute(
        "INSERT INTO reviews (sur, cluster, start_date, draw_id, created_by, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (sur, cluster, start.isoformat(), draw_id, by, iso_utc(now), iso_utc(now)),
    )
    return int(done.lastrowid or 0)


async def get_review(tx: Tx, review_id: int) -> Review | None:
    row = await tx.fetchone("SELECT * FROM reviews WHERE id = ?", (review_id,))
    return _review(row) if row else None


async def open_review_of(tx: Tx, sur: str, cluster: int) -> Review | None:
    row = await tx.fetchone(
        "SELECT * FROM reviews WHERE sur = ? AND cluster = ? AND stage <> 'closed'", (sur, cluster)
    )
    return _review(row) if row else None


async def latest_review_of(tx: Tx, sur: str, cluster: int) -> Review | None:
    """The open review of this State in this cluster, else its most recent closed one."""
    row = await tx.fetchone(
        "SELECT * FROM reviews WHERE sur = ? AND cluster = ?"
        " ORDER BY stage = 'closed', id DESC LIMIT 1", (sur, cluster),
    )
    return _review(row) if row else None


async def all_reviews(tx: Tx) -> list[Review]:
    """Every review, ordered by State code, then cluster, then id."""
    return [_review(r) for r in await tx.fetchall(f"SELECT * FROM reviews {_BY_SUR}")]


async def reviews_by_ids(tx: Tx, ids: Iterable[int]) -> list[Review]:
    wanted = sorted(set(ids))
    if not wanted:
        return []
    marks = ", ".join("?" for _ in wanted)
    rows = await tx.fetchall(f"SELECT * FROM reviews WHERE id IN ({marks}) {_BY_SUR}", wanted)
    return [_review(r) for r in rows]


async def review_ids_involving(tx: Tx, parties: Iterable[str]) -> list[int]:
    """Reviews in which any of these parties is the State under review or a reviewer."""
    codes = sorted(set(parties))
    if not codes:
        return []
    marks = ", ".join("?" for _ in codes)
    rows = await tx.fetchall(
        f"SELECT id FROM reviews WHERE sur IN ({marks}) UNION "
        f"SELECT review_id FROM review_reviewers WHERE party IN ({marks}) ORDER BY 1",
        [*codes, *codes],
    )
    return [int(r[0]) for r in rows]


async def set_review_stage(
    tx: Tx, review_id: int, stage: Stage, *, answers_received: date | None, now: datetime
) -> None:
    closed_at = iso_utc(now) if stage is Stage.CLOSED else None
    await tx.execute(
        "UPDATE reviews SET stage = ?, answers_received = ?, closed_at = ?, updated_at = ?"
        " WHERE id = ?",
        (stage.value, answers_received.isoformat() if answers_received else None, closed_at,
         iso_utc(now), review_id),
    )


async def set_review_paused(tx: Tx, review_id: int, paused: bool, *, now: datetime) -> None:
    await tx.execute(
        "UPDATE reviews SET paused = ?, updated_at = ? WHERE id = ?",
        (int(paused), iso_utc(now), review_id),
    )


async def set_review_draw(tx: Tx, review_id: int, draw_id: str, *, now: datetime) -> None:
    await tx.execute(
        "UPDATE reviews SET draw_id = ?, updated_at = ? WHERE id = ?",
        (draw_id, iso_utc(now), review_id),
    )


# ---------------------------------------------------------------------------- reviewers

_SLOT_ORDER = (
    "CASE slot WHEN 'same_group' THEN 0 WHEN 'other_group' THEN 1 ELSE 2 END, assigned_at, party"
)


async def reviewers_of(tx: Tx, review_id: int) -> list[Reviewer]:
    """The reviewing States: the same-group slot, the other-group slot, then additional ones."""
    rows = await tx.fetchall(
        f"SELECT * FROM review_reviewers WHERE review_id = ? ORDER BY {_SLOT_ORDER}", (review_id,)
    )
    return [_reviewer(r) for r in rows]


async def replace_reviewers(
    tx: Tx, review_id: int, assignments: Sequence[tuple[str, str]], *, source: Source,
    reason: str, by: str, now: datetime,
) -> None:
    """Set the review's reviewing States to exactly `assignments` (party, slot)."""
    await tx.execute("DELETE FROM review_reviewers WHERE review_id = ?", (review_id,))
    await tx.executemany(
        "INSERT INTO review_reviewers (review_id, party, slot, source, reason, assigned_by,"
        " assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((review_id, party, slot, source, reason, by, iso_utc(now))
         for party, slot in assignments),
    )


# ----------------------------------------------------------------------------- channels


async def review_channel(tx: Tx, review_id: int) -> ChannelRow | None:
    row = await tx.fetchone("SELECT * FROM review_channels WHERE review_id = ?", (review_id,))
    return _channel(row) if row else None


async def channel_row_by_id(tx: Tx, channel_id: int) -> ChannelRow | None:
    row = await tx.fetchone("SELECT * FROM review_channels WHERE channel_id = ?", (channel_id,))
    return _channel(row) if row else None


async def forget_card(tx: Tx, channel_id: int, message_id: int, *, now: datetime) -> int | None:
    """The card ``message_id`` of this channel is gone: forget it so that the next reconcile
    posts a new one. Returns the review's id, or None when it was not a live card."""
    row = await channel_row_by_id(tx, channel_id)
    if row is None or row.archived or row.card_message_id != message_id:
        return None
    await tx.execute(
        "UPDATE review_channels SET card_message_id = NULL, card_digest = NULL, updated_at = ?"
        " WHERE review_id = ?", (iso_utc(now), row.review_id))
    return row.review_id


async def review_channel_ids(tx: Tx) -> list[int]:
    rows = await tx.fetchall("SELECT channel_id FROM review_channels WHERE channel_id IS NOT NULL")
    return [int(r[0]) for r in rows]


async def save_review_channel(tx: Tx, row: ChannelRow, *, now: datetime) -> None:
    await tx.execute(
        "INSERT INTO review_channels (review_id, channel_id, category_id, card_message_id,"
        " card_digest, archived, transcript_sent, removed_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (review_id) DO UPDATE SET channel_id = excluded.channel_id,"
        " category_id = excluded.category_id, card_message_id = excluded.card_message_id,"
        " card_digest = excluded.card_digest, archived = excluded.archived,"
        " transcript_sent = excluded.transcript_sent, removed_at = excluded.removed_at,"
        " updated_at = excluded.updated_at",
        (row.review_id, row.channel_id, row.category_id, row.card_message_id, row.card_digest,
         int(row.archived), int(row.transcript_sent),
         iso_utc(row.removed_at) if row.removed_at else None, iso_utc(now)),
    )


# --------------------------------------------------------------------------- categories


async def review_categories(tx: Tx, cluster: int) -> list[tuple[int, int]]:
    """(index, category id) of a cluster's categories (0 = the archive), by index."""
    rows = await tx.fetchall(
        "SELECT idx, category_id FROM review_categories WHERE cluster = ? ORDER BY idx",
        (cluster,),
    )
    return [(int(r["idx"]), int(r["category_id"])) for r in rows]


async def save_review_category(tx: Tx, cluster: int, index: int, category_id: int) -> None:
    await tx.execute(
        "INSERT INTO review_categories (cluster, idx, category_id) VALUES (?, ?, ?)"
        " ON CONFLICT (cluster, idx) DO UPDATE SET category_id = excluded.category_id",
        (cluster, index, category_id),
    )
