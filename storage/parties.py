"""The parties table: one row per State party, holding every column of the registry CSV."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.domain.mechanism import Instrument
from bot.domain.parties import INSTRUMENT_COLUMNS, Party
from bot.domain.party_values import format_group, format_legal
from bot.domain.timefmt import iso_utc
from storage.db import Tx

_COLUMNS = (
    "code", "name", "regional_group", "legal_system", "untoc", "tip", "som", "firearms",
    "uncac", "timezone", "unconfirmed", "derived", "edited", "source", "as_of", "notes",
    "updated_at",
)  # fmt: skip
_UPSERT = (
    f"INSERT INTO parties ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"
    " ON CONFLICT (code) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "code")
)


def _party(row: Any) -> Party:
    return Party.model_validate(
        {
            "code": row["code"],
            "name": row["name"],
            "group": row["regional_group"] or "",
            "legal": row["legal_system"],
            "instruments": [i for i, col in INSTRUMENT_COLUMNS.items() if row[col]],
            "uncac": bool(row["uncac"]),
            "timezone": row["timezone"],
            "provenance": {
                "source": row["source"],
                "as_of": row["as_of"],
                "unconfirmed": row["unconfirmed"],
                "derived": row["derived"],
                "edited": row["edited"],
                "notes": row["notes"],
            },
        }
    )


def _values(party: Party, at: datetime) -> tuple[Any, ...]:
    prov = party.provenance
    return (
        party.code,
        party.name,
        format_group(party.group) or None,
        format_legal(party.legal),
        *(int(i in party.instruments) for i in Instrument),
        int(party.uncac),
        party.timezone,
        " ".join(prov.unconfirmed),
        " ".join(prov.derived),
        " ".join(prov.edited),
        prov.source,
        prov.as_of.isoformat(),
        prov.notes,
        iso_utc(at),
    )


async def count_parties(tx: Tx) -> int:
    row = await tx.fetchone("SELECT count(*) AS n FROM parties")
    return int(row["n"]) if row else 0


async def all_parties(tx: Tx) -> list[Party]:
    """Every party, ordered by code."""
    return [_party(r) for r in await tx.fetchall("SELECT * FROM parties ORDER BY code")]


async def get_party(tx: Tx, code: str) -> Party | None:
    row = await tx.fetchone("SELECT * FROM parties WHERE code = ?", (code.strip().upper(),))
    return _party(row) if row else None


async def save_parties(tx: Tx, parties: Iterable[Party], *, at: datetime) -> None:
    """Insert or replace these parties (by code); others are left as they are."""
    await tx.executemany(_UPSERT, (_values(p, at) for p in parties))


async def delete_parties(tx: Tx, codes: Iterable[str]) -> None:
    """Remove parties. The database refuses while people are registered for one of them."""
    await tx.executemany("DELETE FROM parties WHERE code = ?", ((c,) for c in codes))
