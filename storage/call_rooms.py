"""The room and notes thread of each call, the stays of people in rooms, and each person's
own time zone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.domain.attendance import AttendanceRecord, Standing, Stay
from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx


class CallRoom(BaseModel):
    model_config = ConfigDict(frozen=True)

    call_id: int
    channel_id: int | None
    opened_at: datetime | None
    link_message_id: int | None
    closed_at: datetime | None
    notes_thread_id: int | None
    record: AttendanceRecord | None
    record_message_id: int | None

    @property
    def open(self) -> bool:
        return self.channel_id is not None and self.closed_at is None


def _when(text: str | None) -> datetime | None:
    return parse_iso_utc(text) if text else None


def _room(row: Any) -> CallRoom:
    record = row["record_json"]
    return CallRoom(
        call_id=row["call_id"], channel_id=row["channel_id"], opened_at=_when(row["opened_at"]),
        link_message_id=row["link_message_id"], closed_at=_when(row["closed_at"]),
        notes_thread_id=row["notes_thread_id"],
        record=AttendanceRecord.model_validate_json(record) if record else None,
        record_message_id=row["record_message_id"],
    )


async def room_of(tx: Tx, call_id: int) -> CallRoom | None:
    row = await tx.fetchone("SELECT * FROM call_rooms WHERE call_id = ?", (call_id,))
    return _room(row) if row else None


async def room_by_channel(tx: Tx, channel_id: int) -> CallRoom | None:
    row = await tx.fetchone("SELECT * FROM call_rooms WHERE channel_id = ?", (channel_id,))
    return _room(row) if row else None


async def open_rooms(tx: Tx) -> list[CallRoom]:
    rows = await tx.fetchall(
        "SELECT * FROM call_rooms WHERE channel_id IS NOT NULL AND closed_at IS NULL"
        " ORDER BY call_id"
    )
    return [_room(r) for r in rows]


async def _ensure(tx: Tx, call_id: int) -> None:
    await tx.execute("INSERT OR IGNORE INTO call_rooms (call_id) VALUES (?)", (call_id,))


async def set_room_channel(tx: Tx, call_id: int, channel_id: int, *, at: datetime) -> None:
    await _ensure(tx, call_id)
    await tx.execute("UPDATE call_rooms SET channel_id = ?, opened_at = ? WHERE call_id = ?",
                     (channel_id, iso_utc(at), call_id))


async def set_room_link_message(tx: Tx, call_id: int, message_id: int) -> None:
    await tx.execute("UPDATE call_rooms SET link_message_id = ? WHERE call_id = ?",
                     (message_id, call_id))


async def set_room_notes_thread(tx: Tx, call_id: int, thread_id: int) -> None:
    await _ensure(tx, call_id)
    await tx.execute("UPDATE call_rooms SET notes_thread_id = ? WHERE call_id = ?",
                     (thread_id, call_id))


async def set_room_record(tx: Tx, call_id: int, record: AttendanceRecord) -> None:
    await _ensure(tx, call_id)
    await tx.execute("UPDATE call_rooms SET record_json = ? WHERE call_id = ?",
                     (record.model_dump_json(), call_id))


async def mark_room_closed(tx: Tx, call_id: int, *, at: datetime) -> None:
    await tx.execute("UPDATE call_rooms SET closed_at = ? WHERE call_id = ? AND closed_at IS NULL",
                     (iso_utc(at), call_id))


async def set_room_record_message(tx: Tx, call_id: int, message_id: int) -> None:
    await tx.execute("UPDATE call_rooms SET record_message_id = ? WHERE call_id = ?",
                     (message_id, call_id))


# --------------------------------------------------------------------------- stays


def _stay(row: Any) -> Stay:
    return Stay(user_id=row["user_id"], party=row["party"], standing=row["standing"],
                joined_at=parse_iso_utc(row["joined_at"]), left_at=_when(row["left_at"]))


async def room_stays(tx: Tx, call_id: int) -> list[Stay]:
    rows = await tx.fetchall(
        "SELECT * FROM call_presence WHERE call_id = ? ORDER BY joined_at, id", (call_id,)
    )
    return [_stay(r) for r in rows]


async def present_in_room(tx: Tx, call_id: int) -> list[int]:
    """The people in the room now, as far as the bot knows."""
    rows = await tx.fetchall(
        "SELECT user_id FROM call_presence WHERE call_id = ? AND left_at IS NULL ORDER BY id",
        (call_id,),
    )
    return [int(r["user_id"]) for r in rows]


async def record_room_join(tx: Tx, call_id: int, user_id: int, *, party: str | None,
                           standing: Standing, at: datetime) -> bool:
    """A stay begins; False (and nothing written) when the person is already in the room."""
    done = await tx.execute(
        "INSERT INTO call_presence (call_id, user_id, party, standing, joined_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (call_id, user_id, party, standing, iso_utc(at)),
    )
    return bool(done.rowcount)


async def record_room_leave(tx: Tx, call_id: int, user_id: int, *, at: datetime) -> bool:
    """The person's open stay ends; False when they were not in the room."""
    done = await tx.execute(
        "UPDATE call_presence SET left_at = ? WHERE call_id = ? AND user_id = ?"
        " AND left_at IS NULL",
        (iso_utc(at), call_id, user_id),
    )
    return bool(done.rowcount)


async def record_room_emptied(tx: Tx, call_id: int, *, at: datetime) -> int:
    done = await tx.execute(
        "UPDATE call_presence SET left_at = ? WHERE call_id = ? AND left_at IS NULL",
        (iso_utc(at), call_id),
    )
    return done.rowcount


# ------------------------------------------------------------------------ own zones


async def own_zone_of(tx: Tx, user_id: int) -> str | None:
    row = await tx.fetchone("SELECT zone FROM person_zones WHERE user_id = ?", (user_id,))
    return str(row["zone"]) if row else None


async def set_own_zone(tx: Tx, user_id: int, zone: str | None, *, at: datetime) -> str | None:
    """Set (or, with None, forget) a person's zone; return the one it replaced."""
    before = await own_zone_of(tx, user_id)
    if zone is None:
        await tx.execute("DELETE FROM person_zones WHERE user_id = ?", (user_id,))
    else:
        await tx.execute(
            "INSERT INTO person_zones (user_id, zone, set_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET zone = excluded.zone, set_at = excluded.set_at",
            (user_id, zone, iso_utc(at)),
        )
    return before


async def calls_answered_by(tx: Tx, user_id: int, answers: tuple[str, ...]) -> list[int]:
    """The calls a person gave one of these answers to."""
    marks = ", ".join("?" for _ in answers)
    rows = await tx.fetchall(
        f"SELECT call_id FROM call_attendance WHERE user_id = ? AND answer IN ({marks})"
        " ORDER BY call_id", (user_id, *answers),
    )
    return [int(r["call_id"]) for r in rows]
