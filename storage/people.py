"""The people table: who is registered for which party, in which role.

``user_id`` is the primary key, so a member serves one party at most; a partial unique index
keeps one focal point per party at most.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx

Role = Literal["focal_point", "expert", "observer"]
ROLES: tuple[Role, ...] = ("focal_point", "expert", "observer")


class Person(BaseModel):
    """A member registered for a party."""

    model_config = ConfigDict(frozen=True)

    user_id: int
    party: str
    role: Role
    added_at: datetime
    added_by: str


def _person(row: Any) -> Person:
    return Person(
        user_id=row["user_id"], party=row["party"], role=row["role"],
        added_at=parse_iso_utc(row["added_at"]), added_by=row["added_by"],
    )


_ORDER = "ORDER BY party, CASE role WHEN 'focal_point' THEN 0 WHEN 'expert' THEN 1 ELSE 2 END, "
_ORDER += "added_at, user_id"


async def get_person(tx: Tx, user_id: int) -> Person | None:
    row = await tx.fetchone("SELECT * FROM people WHERE user_id = ?", (user_id,))
    return _person(row) if row else None


async def people_of_party(tx: Tx, party: str) -> list[Person]:
    """The party's people: focal point first, then experts, then observers."""
    rows = await tx.fetchall(f"SELECT * FROM people WHERE party = ? {_ORDER}", (party,))
    return [_person(r) for r in rows]


async def all_people(tx: Tx) -> list[Person]:
    return [_person(r) for r in await tx.fetchall(f"SELECT * FROM people {_ORDER}")]


async def focal_point_of(tx: Tx, party: str) -> Person | None:
    row = await tx.fetchone(
        "SELECT * FROM people WHERE party = ? AND role = 'focal_point'", (party,)
    )
    return _person(row) if row else None


async def count_people_by_party(tx: Tx) -> dict[str, int]:
    """How many people serve each State, State-wide or for particular reviews."""
    rows = await tx.fetchall(
        "SELECT party, count(DISTINCT user_id) AS n FROM (SELECT party, user_id FROM people"
        " UNION ALL SELECT party, user_id FROM review_appointments) GROUP BY party")
    return {r["party"]: int(r["n"]) for r in rows}


async def insert_person(
    tx: Tx, user_id: int, party: str, role: Role, *, at: datetime, by: str
) -> None:
    await tx.execute(
        "INSERT INTO people (user_id, party, role, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
        (user_id, party, role, iso_utc(at), by),
    )


async def set_person_role(tx: Tx, user_id: int, role: Role) -> None:
    await tx.execute("UPDATE people SET role = ? WHERE user_id = ?", (role, user_id))


async def delete_person(tx: Tx, user_id: int) -> None:
    await tx.execute("DELETE FROM people WHERE user_id = ?", (user_id,))
