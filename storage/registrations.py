"""Requests to be registered (`/register`), waiting for the secretariat or decided by it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.appointments import NoteVerbale
from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx
from storage.people import Role

Status = Literal["pending", "approved", "declined"]


class RegistrationRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    user_id: int
    party: str
    role: Role
    note: NoteVerbale
    status: Status
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    message_id: int | None  # the post in the secretariat's channel, once made


def _request(row: Any) -> RegistrationRequest:
    return RegistrationRequest(
        id=row["id"], user_id=row["user_id"], party=row["party"], role=row["role"],
        note=NoteVerbale(reference=row["note_ref"], dated=date.fromisoformat(row["note_date"])),
        status=row["status"], requested_at=parse_iso_utc(row["requested_at"]),
        decided_by=row["decided_by"],
        decided_at=parse_iso_utc(row["decided_at"]) if row["decided_at"] else None,
        message_id=row["message_id"])


async def insert_request(tx: Tx, user_id: int, party: str, role: Role, note: NoteVerbale, *,
                         at: datetime) -> int:
    done = await tx.execute(
        "INSERT INTO registration_requests (user_id, party, role, note_ref, note_date,"
        " requested_at) VALUES (?, ?, ?, ?, ?, ?)",
        (user_id, party, role, note.reference, note.dated.isoformat(), iso_utc(at)))
    return int(done.lastrowid or 0)


async def get_request(tx: Tx, request_id: int) -> RegistrationRequest | None:
    row = await tx.fetchone("SELECT * FROM registration_requests WHERE id = ?", (request_id,))
    return _request(row) if row else None


async def pending_request_of(tx: Tx, user_id: int) -> RegistrationRequest | None:
    row = await tx.fetchone(
        "SELECT * FROM registration_requests WHERE user_id = ? AND status = 'pending'",
        (user_id,))
    return _request(row) if row else None


async def decide_request(tx: Tx, request_id: int, status: Status, *, by: str,
                         at: datetime) -> bool:
    """Record the decision; False when the request was no longer waiting."""
    done = await tx.execute(
        "UPDATE registration_requests SET status = ?, decided_by = ?, decided_at = ?"
        " WHERE id = ? AND status = 'pending'", (status, by, iso_utc(at), request_id))
    return done.rowcount == 1


async def set_request_message(tx: Tx, request_id: int, message_id: int) -> None:
    await tx.execute("UPDATE registration_requests SET message_id = ? WHERE id = ?",
                     (message_id, request_id))
