"""Conference calls, the answers to them, and availability polls with their votes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx

Answer = Literal["accept", "tentative", "decline"]
ANSWERS: tuple[Answer, ...] = ("accept", "tentative", "decline")
CallStatus = Literal["scheduled", "cancelled"]
PollStatus = Literal["open", "confirmed"]
LONGEST_CALL = timedelta(hours=8)


class Call(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    review_id: int
    title: str
    start_utc: datetime
    duration_minutes: int
    link: str | None
    zone: str
    sequence: int
    status: CallStatus
    cancel_reason: str | None
    poll_id: int | None
    channel_id: int | None
    message_id: int | None
    created_by: str
    created_at: datetime
    updated_at: datetime

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def end_utc(self) -> datetime:
        return self.start_utc + self.duration

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


class Attendance(BaseModel):
    model_config = ConfigDict(frozen=True)

    call_id: int
    user_id: int
    party: str | None
    answer: Answer
    at: datetime


class Poll(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    review_id: int
    title: str
    duration_minutes: int
    zone: str
    status: PollStatus
    chosen_slot: int | None
    call_id: int | None
    channel_id: int | None
    message_id: int | None
    created_by: str
    created_at: datetime

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class PollSlot(BaseModel):
    model_config = ConfigDict(frozen=True)

    poll_id: int
    slot: int
    start_utc: datetime


class PollVote(BaseModel):
    model_config = ConfigDict(frozen=True)

    poll_id: int
    slot: int
    user_id: int
    party: str | None
    at: datetime


def _call(row: Any) -> Call:
    return Call(
        id=row["id"], review_id=row["review_id"], title=row["title"],
        start_utc=parse_iso_utc(row["start_utc"]), duration_minutes=row["duration_minutes"],
        link=row["link"], zone=row["zone"], sequence=row["sequence"], status=row["status"],
        cancel_reason=row["cancel_reason"], poll_id=row["poll_id"],
        channel_id=row["channel_id"], message_id=row["message_id"],
        created_by=row["created_by"], created_at=parse_iso_utc(row["created_at"]),
        updated_at=parse_iso_utc(row["updated_at"]),
    )


def _poll(row: Any) -> Poll:
    return Poll(
        id=row["id"], review_id=row["review_id"], title=row["title"],
        duration_minutes=row["duration_minutes"], zone=row["zone"], status=row["status"],
        chosen_slot=row["chosen_slot"], call_id=row["call_id"], channel_id=row["channel_id"],
        message_id=row["message_id"],
        created_by=row["created_by"], created_at=parse_iso_utc(row["created_at"]),
    )


# ------------------------------------------------------------------------------- calls


async def insert_call(
    tx: Tx, *, review_id: int, title: str, start: datetime, duration_minutes: int,
    link: str | None, zone: str, by: str, now: datetime, poll_id: int | None = None,
) -> int:
    done = await tx.execute(
        "INSERT INTO calls (review_id, title, start_utc, duration_minutes, link, zone, poll_id,"
        " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (review_id, title, iso_utc(start), duration_minutes, link, zone, poll_id, by,
         iso_utc(now), iso_utc(now)),
    )
    return int(done.lastrowid or 0)


async def get_call(tx: Tx, call_id: int) -> Call | None:
    row = await tx.fetchone("SELECT * FROM calls WHERE id = ?", (call_id,))
    return _call(row) if row else None


async def calls_of_review(tx: Tx, review_id: int, *, ending_after: datetime) -> list[Call]:
    """The review's scheduled calls that have not ended by `ending_after`, earliest first."""
    rows = await tx.fetchall(
        "SELECT * FROM calls WHERE review_id = ? AND status = 'scheduled' AND start_utc >= ?"
        " ORDER BY start_utc, id",
        (review_id, iso_utc(ending_after - LONGEST_CALL)),
    )
    return [c for c in map(_call, rows) if c.end_utc > ending_after]


async def unannounced_calls(tx: Tx, *, ending_after: datetime) -> list[Call]:
    """Scheduled calls still ahead whose announcement was never posted."""
    rows = await tx.fetchall(
        "SELECT * FROM calls WHERE status = 'scheduled' AND message_id IS NULL"
        " AND start_utc >= ? ORDER BY id",
        (iso_utc(ending_after - LONGEST_CALL),),
    )
    return [c for c in map(_call, rows) if c.end_utc > ending_after]


async def move_call(tx: Tx, call_id: int, *, start: datetime, zone: str, now: datetime) -> None:
    """A new start: the calendar SEQUENCE goes up so calendars update the entry."""
    await tx.execute(
        "UPDATE calls SET start_utc = ?, zone = ?, sequence = sequence + 1, updated_at = ?"
        " WHERE id = ?",
        (iso_utc(start), zone, iso_utc(now), call_id),
    )


async def cancel_call(tx: Tx, call_id: int, *, reason: str, now: datetime) -> None:
    await tx.execute(
        "UPDATE calls SET status = 'cancelled', cancel_reason = ?, sequence = sequence + 1,"
        " updated_at = ? WHERE id = ?",
        (reason, iso_utc(now), call_id),
    )


async def set_call_message(tx: Tx, call_id: int, channel_id: int, message_id: int) -> None:
    await tx.execute(
        "UPDATE calls SET channel_id = ?, message_id = ? WHERE id = ?",
        (channel_id, message_id, call_id),
    )


# -------------------------------------------------------------------------- attendance


async def call_attendance(tx: Tx, call_id: int) -> list[Attendance]:
    rows = await tx.fetchall(
        "SELECT * FROM call_attendance WHERE call_id = ? ORDER BY at, user_id", (call_id,)
    )
    return [
        Attendance(call_id=r["call_id"], user_id=r["user_id"], party=r["party"],
                   answer=r["answer"], at=parse_iso_utc(r["at"]))
        for r in rows
    ]


async def set_call_answer(
    tx: Tx, call_id: int, user_id: int, *, party: str | None, answer: Answer, at: datetime
) -> Answer | None:
    """Record a person's answer; return the answer it replaced (None when the first).
    Giving the same answer again changes nothing."""
    row = await tx.fetchone(
        "SELECT answer FROM call_attendance WHERE call_id = ? AND user_id = ?", (call_id, user_id)
    )
    await tx.execute(
        "INSERT INTO call_attendance (call_id, user_id, party, answer, at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (call_id, user_id) DO UPDATE SET party = excluded.party,"
        " answer = excluded.answer, at = excluded.at WHERE answer <> excluded.answer",
        (call_id, user_id, party, answer, iso_utc(at)),
    )
    return row["answer"] if row else None


# ------------------------------------------------------------------------------- polls


async def insert_poll(
    tx: Tx, *, review_id: int, title: str, duration_minutes: int, zone: str,
    starts: list[datetime], by: str, now: datetime,
) -> int:
    done = await tx.execute(
        "INSERT INTO call_polls (review_id, title, duration_minutes, zone, created_by,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (review_id, title, duration_minutes, zone, by, iso_utc(now), iso_utc(now)),
    )
    poll_id = int(done.lastrowid or 0)
    await tx.executemany(
        "INSERT INTO call_poll_slots (poll_id, slot, start_utc) VALUES (?, ?, ?)",
        ((poll_id, n, iso_utc(start)) for n, start in enumerate(starts, start=1)),
    )
    return poll_id


async def get_poll(tx: Tx, poll_id: int) -> Poll | None:
    row = await tx.fetchone("SELECT * FROM call_polls WHERE id = ?", (poll_id,))
    return _poll(row) if row else None


async def open_polls(tx: Tx, review_id: int) -> list[Poll]:
    rows = await tx.fetchall(
        "SELECT * FROM call_polls WHERE review_id = ? AND status = 'open' ORDER BY id",
        (review_id,),
    )
    return [_poll(r) for r in rows]


async def unposted_polls(tx: Tx) -> list[Poll]:
    rows = await tx.fetchall(
        "SELECT * FROM call_polls WHERE status = 'open' AND message_id IS NULL ORDER BY id"
    )
    return [_poll(r) for r in rows]


async def poll_slots(tx: Tx, poll_id: int) -> list[PollSlot]:
    rows = await tx.fetchall(
        "SELECT * FROM call_poll_slots WHERE poll_id = ? ORDER BY slot", (poll_id,)
    )
    return [PollSlot(poll_id=r["poll_id"], slot=r["slot"], start_utc=parse_iso_utc(r["start_utc"]))
            for r in rows]


async def poll_votes(tx: Tx, poll_id: int) -> list[PollVote]:
    rows = await tx.fetchall(
        "SELECT * FROM call_poll_votes WHERE poll_id = ? ORDER BY slot, at, user_id", (poll_id,)
    )
    return [PollVote(poll_id=r["poll_id"], slot=r["slot"], user_id=r["user_id"],
                     party=r["party"], at=parse_iso_utc(r["at"])) for r in rows]


async def toggle_poll_vote(
    tx: Tx, poll_id: int, slot: int, user_id: int, *, party: str | None, at: datetime
) -> bool:
    """Mark the person available for the slot, or take it back; True when now available."""
    done = await tx.execute(
        "DELETE FROM call_poll_votes WHERE poll_id = ? AND slot = ? AND user_id = ?",
        (poll_id, slot, user_id),
    )
    if done.rowcount:
        return False
    await tx.execute(
        "INSERT INTO call_poll_votes (poll_id, slot, user_id, party, at) VALUES (?, ?, ?, ?, ?)",
        (poll_id, slot, user_id, party, iso_utc(at)),
    )
    return True


async def confirm_poll(
    tx: Tx, poll_id: int, *, slot: int, call_id: int, now: datetime
) -> None:
    await tx.execute(
        "UPDATE call_polls SET status = 'confirmed', chosen_slot = ?, call_id = ?, updated_at = ?"
        " WHERE id = ?",
        (slot, call_id, iso_utc(now), poll_id),
    )


async def set_poll_message(tx: Tx, poll_id: int, channel_id: int, message_id: int) -> None:
    await tx.execute(
        "UPDATE call_polls SET channel_id = ?, message_id = ? WHERE id = ?",
        (channel_id, message_id, poll_id),
    )
