"""Appointments: who serves their State in which review, in which role, on which note verbale.

A row of ``people`` is a State-wide appointment (every review of the State); a row of
``review_appointments`` appoints a person for one review, and in that review it takes the place
of their State-wide appointment. ``people_in_review`` resolves both into the people of a
review, each in the role they hold there: a State's focal point in a review is the one
appointed for that review, else its State-wide focal point (who is then an expert there).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.domain.appointments import RANK, NoteVerbale
from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx
from storage.people import Person, Role


class Appointment(BaseModel):
    """One appointment: State-wide when ``review_id`` is None."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    party: str
    role: Role
    review_id: int | None
    note: NoteVerbale | None  # None only for registrations made before appointments existed
    appointed_at: datetime
    appointed_by: str


def _note(row: Any) -> NoteVerbale | None:
    if row["note_ref"] is None or row["note_date"] is None:
        return None
    return NoteVerbale(reference=row["note_ref"], dated=date.fromisoformat(row["note_date"]))


def _state_wide(row: Any) -> Appointment:
    return Appointment(user_id=row["user_id"], party=row["party"], role=row["role"],
                       review_id=None, note=_note(row), appointed_at=parse_iso_utc(row["added_at"]),
                       appointed_by=row["added_by"])


def _for_review(row: Any) -> Appointment:
    return Appointment(user_id=row["user_id"], party=row["party"], role=row["role"],
                       review_id=row["review_id"], note=_note(row),
                       appointed_at=parse_iso_utc(row["appointed_at"]),
                       appointed_by=row["appointed_by"])


def _order(items: Iterable[Appointment]) -> list[Appointment]:
    return sorted(items, key=lambda a: (a.party, a.review_id or 0, RANK[a.role],
                                        a.appointed_at, a.user_id))


# ------------------------------------------------------------------------ reading


async def appointments_of(tx: Tx, user_id: int) -> list[Appointment]:
    """Every appointment of a person: the State-wide one (if any) first."""
    row = await tx.fetchone("SELECT * FROM people WHERE user_id = ?", (user_id,))
    rows = await tx.fetchall(
        "SELECT * FROM review_appointments WHERE user_id = ? ORDER BY review_id", (user_id,))
    return ([_state_wide(row)] if row else []) + [_for_review(r) for r in rows]


async def appointments_of_party(tx: Tx, party: str) -> list[Appointment]:
    """A State's appointments: State-wide first, then per review; focal points first."""
    wide = await tx.fetchall("SELECT * FROM people WHERE party = ?", (party,))
    per = await tx.fetchall("SELECT * FROM review_appointments WHERE party = ?", (party,))
    return _order([*map(_state_wide, wide), *map(_for_review, per)])


async def all_appointments(tx: Tx) -> list[Appointment]:
    wide = await tx.fetchall("SELECT * FROM people")
    per = await tx.fetchall("SELECT * FROM review_appointments")
    return _order([*map(_state_wide, wide), *map(_for_review, per)])


async def state_of(tx: Tx, user_id: int) -> str | None:
    """The State a person serves (one at most), however they are appointed."""
    row = await tx.fetchone(
        "SELECT party FROM people WHERE user_id = ? UNION "
        "SELECT party FROM review_appointments WHERE user_id = ? LIMIT 1", (user_id, user_id))
    return str(row["party"]) if row else None


async def review_appointment(tx: Tx, review_id: int, user_id: int) -> Appointment | None:
    row = await tx.fetchone(
        "SELECT * FROM review_appointments WHERE review_id = ? AND user_id = ?",
        (review_id, user_id))
    return _for_review(row) if row else None


async def _review_states(tx: Tx, review_id: int) -> list[str]:
    rows = await tx.fetchall(
        "SELECT sur AS party FROM reviews WHERE id = ? UNION "
        "SELECT party FROM review_reviewers WHERE review_id = ?", (review_id, review_id))
    return [str(r["party"]) for r in rows]


async def people_in_review(
    tx: Tx, review_id: int, states: Iterable[str] | None = None
) -> list[Person]:
    """The review's people (of these States, else of all its States), each in the role they
    hold in this review; by State, then focal point, experts, observers."""
    codes = list(states) if states is not None else await _review_states(tx, review_id)
    if not codes:
        return []
    marks = ", ".join("?" for _ in codes)
    per = [_for_review(r) for r in await tx.fetchall(
        f"SELECT * FROM review_appointments WHERE review_id = ? AND party IN ({marks})",
        (review_id, *codes))]
    wide = [_state_wide(r) for r in await tx.fetchall(
        f"SELECT * FROM people WHERE party IN ({marks})", tuple(codes))]
    own_focal = {a.party for a in per if a.role == "focal_point"}
    chosen = {a.user_id: a for a in per}
    for a in wide:
        if a.user_id in chosen:
            continue  # their appointment for this review takes the place of the State-wide one
        role: Role = "expert" if a.role == "focal_point" and a.party in own_focal else a.role
        chosen[a.user_id] = a.model_copy(update={"role": role})
    order = {code: n for n, code in enumerate(codes)}
    return [Person(user_id=a.user_id, party=a.party, role=a.role, added_at=a.appointed_at,
                   added_by=a.appointed_by)
            for a in sorted(chosen.values(), key=lambda a: (
                order[a.party], RANK[a.role], a.appointed_at, a.user_id))]


async def focal_point_in_review(tx: Tx, review_id: int, party: str) -> Person | None:
    """The State's focal point in this review: appointed for it, else the State-wide one."""
    return next((p for p in await people_in_review(tx, review_id, [party])
                 if p.role == "focal_point"), None)


async def role_in_review(tx: Tx, user_id: int, review_id: int) -> Person | None:
    """The person as they serve in this review (None: not appointed to it, or their State is
    not one of the review's States)."""
    party = await state_of(tx, user_id)
    if party is None or party not in await _review_states(tx, review_id):
        return None
    return next((p for p in await people_in_review(tx, review_id, [party])
                 if p.user_id == user_id), None)


async def review_ids_of_person(tx: Tx, user_id: int) -> list[int]:
    """The reviews a person serves in: all of their State's when appointed State-wide, else
    those they are appointed for (while their State takes part)."""
    rows = await tx.fetchall(
        "SELECT r.id FROM reviews r JOIN people p ON p.user_id = ? "
        " WHERE r.sur = p.party OR r.id IN (SELECT review_id FROM review_reviewers "
        "                                   WHERE party = p.party) "
        "UNION "
        "SELECT a.review_id FROM review_appointments a WHERE a.user_id = ? AND ("
        " a.party = (SELECT sur FROM reviews WHERE id = a.review_id) OR a.party IN "
        " (SELECT party FROM review_reviewers WHERE review_id = a.review_id)) "
        "ORDER BY 1", (user_id, user_id))
    return [int(r[0]) for r in rows]


async def count_review_appointments_by_party(tx: Tx) -> dict[str, int]:
    rows = await tx.fetchall(
        "SELECT party, count(*) AS n FROM review_appointments GROUP BY party")
    return {r["party"]: int(r["n"]) for r in rows}


# ------------------------------------------------------------------------ writing


async def set_state_wide_note(tx: Tx, user_id: int, note: NoteVerbale) -> None:
    await tx.execute("UPDATE people SET note_ref = ?, note_date = ? WHERE user_id = ?",
                     (note.reference, note.dated.isoformat(), user_id))


async def save_review_appointment(
    tx: Tx, review_id: int, user_id: int, party: str, role: Role, note: NoteVerbale, *,
    at: datetime, by: str,
) -> None:
    """Appoint for one review, or change the role and note of the appointment there."""
    await tx.execute(
        "INSERT INTO review_appointments (review_id, user_id, party, role, note_ref, note_date,"
        " appointed_at, appointed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (review_id, user_id) DO UPDATE SET role = excluded.role,"
        " note_ref = excluded.note_ref, note_date = excluded.note_date,"
        " appointed_at = excluded.appointed_at, appointed_by = excluded.appointed_by",
        (review_id, user_id, party, role, note.reference, note.dated.isoformat(), iso_utc(at),
         by))


async def set_review_role(tx: Tx, review_id: int, user_id: int, role: Role) -> None:
    await tx.execute("UPDATE review_appointments SET role = ? WHERE review_id = ? AND user_id = ?",
                     (role, review_id, user_id))


async def delete_review_appointment(tx: Tx, review_id: int, user_id: int) -> None:
    await tx.execute("DELETE FROM review_appointments WHERE review_id = ? AND user_id = ?",
                     (review_id, user_id))


async def delete_review_appointments_of(tx: Tx, user_id: int) -> list[int]:
    """Remove every appointment of a person for particular reviews; return those reviews."""
    rows = await tx.fetchall(
        "DELETE FROM review_appointments WHERE user_id = ? RETURNING review_id", (user_id,))
    return sorted(int(r[0]) for r in rows)
