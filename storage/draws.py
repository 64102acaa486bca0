"""Draws: their rows, their log lines (the truth), their messages and derived assignments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx
from storage.effects import clear_effects_under

Status = Literal["open", "computed", "closed"]


class DrawRow(BaseModel):
    model_config = ConfigDict(frozen=True)

    draw_id: str
    title: str
    cluster: int
    status: Status
    manifest_sha256: str
    beacon_source: str
    beacon_round: int
    announced_seq: int
    opened_by: str
    opened_at: datetime
    computed_at: datetime | None
    closed_at: datetime | None
    unused_reason: str | None = None  # why the draw is never used (manifest published too late)
    replaced_by: str | None = None  # the draw announced in its place


class Posted(BaseModel):
    """The Discord message that published one log line."""

    model_config = ConfigDict(frozen=True)

    seq: int
    channel_id: int
    message_id: int


def _when(text: str | None) -> datetime | None:
    return parse_iso_utc(text) if text else None


def _draw(row: Any) -> DrawRow:
    return DrawRow(
        draw_id=row["draw_id"], title=row["title"], cluster=row["cluster"],
        status=row["status"], manifest_sha256=row["manifest_sha256"],
        beacon_source=row["beacon_source"], beacon_round=row["beacon_round"],
        announced_seq=row["announced_seq"], opened_by=row["opened_by"],
        opened_at=parse_iso_utc(row["opened_at"]), computed_at=_when(row["computed_at"]),
        closed_at=_when(row["closed_at"]), unused_reason=row["unused_reason"],
        replaced_by=row["replaced_by"],
    )


async def insert_draw(
    tx: Tx, *, draw_id: str, title: str, cluster: int, manifest_sha256: str,
    beacon_source: str, beacon_round: int, opened_by: str, now: datetime,
) -> None:
    await tx.execute(
        "INSERT INTO draws (draw_id, title, cluster, manifest_sha256, beacon_source,"
        " beacon_round, opened_by, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (draw_id, title, cluster, manifest_sha256, beacon_source, beacon_round, opened_by,
         iso_utc(now)),
    )


async def get_draw(tx: Tx, draw_id: str) -> DrawRow | None:
    row = await tx.fetchone("SELECT * FROM draws WHERE draw_id = ?", (draw_id,))
    return _draw(row) if row else None


async def all_draws(tx: Tx) -> list[DrawRow]:
    """Every draw, the most recently opened first."""
    rows = await tx.fetchall("SELECT * FROM draws ORDER BY opened_at DESC, draw_id DESC")
    return [_draw(r) for r in rows]


async def draws_in_cluster(tx: Tx, cluster: int) -> list[DrawRow]:
    rows = await tx.fetchall("SELECT * FROM draws WHERE cluster = ? ORDER BY opened_at, draw_id",
                             (cluster,))
    return [_draw(r) for r in rows]


async def count_draws(tx: Tx) -> int:
    row = await tx.fetchone("SELECT count(*) AS n FROM draws")
    return int(row["n"]) if row else 0


async def set_draw_status(tx: Tx, draw_id: str, status: Status, *, now: datetime) -> None:
    column = {"open": None, "computed": "computed_at", "closed": "closed_at"}[status]
    if column is None:
        await tx.execute("UPDATE draws SET status = ? WHERE draw_id = ?", (status, draw_id))
        return
    await tx.execute(
        f"UPDATE draws SET status = ?, {column} = ? WHERE draw_id = ?",
        (status, iso_utc(now), draw_id),
    )


async def set_draw_unused(tx: Tx, draw_id: str, reason: str, replaced_by: str | None) -> None:
    """Mark a draw as never used, and name the draw announced in its place. It is published no
    further, so the journal entries of its posts in flight are done with."""
    await tx.execute("UPDATE draws SET unused_reason = ?, replaced_by = ? WHERE draw_id = ?",
                     (reason, replaced_by, draw_id))
    await clear_effects_under(tx, f"draw:{draw_id}:")


async def set_draw_announced(tx: Tx, draw_id: str, seq: int) -> None:
    await tx.execute("UPDATE draws SET announced_seq = max(announced_seq, ?) WHERE draw_id = ?",
                     (seq, draw_id))


# ---------------------------------------------------------------------------- the log


async def draw_log_lines(tx: Tx, draw_id: str) -> list[bytes]:
    """The log's lines in order (each without its newline)."""
    rows = await tx.fetchall(
        "SELECT seq, line FROM draw_log_lines WHERE draw_id = ? ORDER BY seq", (draw_id,)
    )
    out = [bytes(r["line"]) for r in rows]
    if [r["seq"] for r in rows] != list(range(len(rows))):
        raise RuntimeError(f"the log of draw {draw_id} has a gap in its line numbers")
    return out


async def append_draw_lines(
    tx: Tx, draw_id: str, start: int, new: Iterable[tuple[str, bytes]]
) -> None:
    """Add lines after the ``start`` lines already stored (a clash aborts the transaction)."""
    await tx.executemany(
        "INSERT INTO draw_log_lines (draw_id, seq, type, line) VALUES (?, ?, ?, ?)",
        ((draw_id, start + i, kind, line) for i, (kind, line) in enumerate(new)),
    )


# ---------------------------------------------------------------------------- messages


async def draw_messages(tx: Tx, draw_id: str) -> dict[int, Posted]:
    rows = await tx.fetchall("SELECT * FROM draw_messages WHERE draw_id = ?", (draw_id,))
    return {r["seq"]: Posted(seq=r["seq"], channel_id=r["channel_id"],
                             message_id=r["message_id"]) for r in rows}


async def save_draw_message(
    tx: Tx, draw_id: str, seq: int, channel_id: int, message_id: int, *, now: datetime
) -> None:
    await tx.execute(
        "INSERT OR IGNORE INTO draw_messages (draw_id, seq, channel_id, message_id, posted_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (draw_id, seq, channel_id, message_id, iso_utc(now)),
    )


async def add_draw_notice(tx: Tx, draw_id: str, notice: str, *, now: datetime) -> bool:
    """Remember a notice; False when it was already said."""
    done = await tx.execute(
        "INSERT OR IGNORE INTO draw_notices (draw_id, notice, said_at) VALUES (?, ?, ?)",
        (draw_id, notice, iso_utc(now)),
    )
    return done.rowcount == 1


async def forget_draw_notice(tx: Tx, draw_id: str, notice: str) -> None:
    """Forget a notice that could not be said after all (it is said on the next try)."""
    await tx.execute("DELETE FROM draw_notices WHERE draw_id = ? AND notice = ?",
                     (draw_id, notice))


# ---------------------------------------------------------------------------- assignments


async def replace_draw_assignments(
    tx: Tx, draw_id: str, rows: Iterable[tuple[str, str, str]]
) -> None:
    """Set the draw's current (sur, party, slot) rows, as derived from its log."""
    await tx.execute("DELETE FROM draw_assignments WHERE draw_id = ?", (draw_id,))
    await tx.executemany(
        "INSERT INTO draw_assignments (draw_id, sur, party, slot) VALUES (?, ?, ?, ?)",
        ((draw_id, sur, party, slot) for sur, party, slot in rows),
    )


async def draw_assignments(tx: Tx, draw_id: str) -> list[tuple[str, str, str]]:
    rows = await tx.fetchall(
        "SELECT sur, party, slot FROM draw_assignments WHERE draw_id = ? ORDER BY sur, slot",
        (draw_id,),
    )
    return [(r["sur"], r["party"], r["slot"]) for r in rows]


async def cluster_assignments(tx: Tx, cluster: int) -> list[tuple[str, str, str]]:
    """(draw_id, sur, party) of every draw of this cluster."""
    rows = await tx.fetchall(
        "SELECT a.draw_id, a.sur, a.party FROM draw_assignments a"
        " JOIN draws d ON d.draw_id = a.draw_id WHERE d.cluster = ?"
        " ORDER BY a.draw_id, a.sur, a.party",
        (cluster,),
    )
    return [(r["draw_id"], r["sur"], r["party"]) for r in rows]


async def last_line_type(tx: Tx, draw_id: str) -> str | None:
    """The type of the log's last line (None for an empty log)."""
    row = await tx.fetchone(
        "SELECT type FROM draw_log_lines WHERE draw_id = ? ORDER BY seq DESC LIMIT 1", (draw_id,)
    )
    return str(row["type"]) if row else None


async def save_redraw_requester(
    tx: Tx, draw_id: str, seq: int, user_id: int, *, now: datetime
) -> None:
    await tx.execute(
        "INSERT INTO draw_requests (draw_id, seq, user_id, requested_at) VALUES (?, ?, ?, ?)",
        (draw_id, seq, user_id, iso_utc(now)),
    )


async def redraw_requesters(tx: Tx, draw_id: str) -> dict[int, int]:
    """The Discord user who asked for each redraw request, by the request's line number."""
    rows = await tx.fetchall("SELECT seq, user_id FROM draw_requests WHERE draw_id = ?",
                             (draw_id,))
    return {r["seq"]: r["user_id"] for r in rows}
