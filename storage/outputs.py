"""Output versions of reviews (their bytes in the database) and the clearances given to them.

The bytes live in SQLite (``output_versions.data``), so the online backup and its check carry
them like every other row; triggers keep a version and its clearances from ever changing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.domain.outputs import OutputKind
from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx


class Clearance(BaseModel):
    model_config = ConfigDict(frozen=True)

    version_id: int
    party: str
    cleared_by: int
    on_behalf: bool
    reason: str | None
    cleared_at: datetime


class OutputVersion(BaseModel):
    """One version of one output, without its bytes unless read with them."""

    model_config = ConfigDict(frozen=True)

    id: int
    review_id: int
    kind: OutputKind
    party: str
    number: int
    filename: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: int
    uploaded_party: str | None
    uploaded_at: datetime
    message_id: int | None
    shown: int
    published_at: datetime | None
    published_by: int | None
    clearances: tuple[Clearance, ...] = ()
    data: bytes | None = None

    @property
    def cleared_parties(self) -> frozenset[str]:
        return frozenset(c.party for c in self.clearances)


_COLUMNS = ("id, review_id, kind, party, number, filename, media_type, size, sha256, "
            "uploaded_by, uploaded_party, uploaded_at, message_id, shown, published_at, "
            "published_by")


def _version(row: Any, clearances: tuple[Clearance, ...], data: bytes | None) -> OutputVersion:
    return OutputVersion(
        id=row["id"], review_id=row["review_id"], kind=OutputKind(row["kind"]),
        party=row["party"], number=row["number"], filename=row["filename"],
        media_type=row["media_type"], size=row["size"], sha256=row["sha256"],
        uploaded_by=row["uploaded_by"], uploaded_party=row["uploaded_party"],
        uploaded_at=parse_iso_utc(row["uploaded_at"]), message_id=row["message_id"],
        shown=row["shown"],
        published_at=parse_iso_utc(row["published_at"]) if row["published_at"] else None,
        published_by=row["published_by"], clearances=clearances, data=data,
    )


def _clearance(row: Any) -> Clearance:
    return Clearance(version_id=row["version_id"], party=row["party"],
                     cleared_by=row["cleared_by"], on_behalf=bool(row["on_behalf"]),
                     reason=row["reason"], cleared_at=parse_iso_utc(row["cleared_at"]))


async def _clearances(tx: Tx, ids: list[int]) -> dict[int, tuple[Clearance, ...]]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = await tx.fetchall(f"SELECT * FROM output_clearances WHERE version_id IN ({marks}) "
                             "ORDER BY id", ids)
    found: dict[int, list[Clearance]] = {}
    for row in rows:
        found.setdefault(row["version_id"], []).append(_clearance(row))
    return {k: tuple(v) for k, v in found.items()}


async def _versions(tx: Tx, where: str, params: tuple[Any, ...],
                    with_data: bool) -> list[OutputVersion]:
    columns = _COLUMNS + (", data" if with_data else "")
    rows = await tx.fetchall(f"SELECT {columns} FROM output_versions WHERE {where} "
                             "ORDER BY kind = 'summary', kind = 'observations', "
                             "kind = 'feedback', party, number", params)
    cleared = await _clearances(tx, [r["id"] for r in rows])
    return [_version(r, cleared.get(r["id"], ()), bytes(r["data"]) if with_data else None)
            for r in rows]


async def insert_version(
    tx: Tx, *, review_id: int, kind: OutputKind, party: str, filename: str, media_type: str,
    data: bytes, uploaded_by: int, uploaded_party: str | None, now: datetime,
) -> int:
    """Keep a new version (numbered after the output's latest); return its id."""
    row = await tx.fetchone(
        "SELECT coalesce(max(number), 0) + 1 AS n FROM output_versions "
        "WHERE review_id = ? AND kind = ? AND party = ?", (review_id, kind.value, party))
    number = int(row["n"]) if row else 1
    done = await tx.execute(
        "INSERT INTO output_versions (review_id, kind, party, number, filename, media_type, "
        "size, sha256, data, uploaded_by, uploaded_party, uploaded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (review_id, kind.value, party, number, filename, media_type, len(data),
         hashlib.sha256(data).hexdigest(), data, uploaded_by, uploaded_party, iso_utc(now)))
    return int(done.lastrowid or 0)


async def get_version(tx: Tx, version_id: int, *, with_data: bool = False
                      ) -> OutputVersion | None:
    found = await _versions(tx, "id = ?", (version_id,), with_data)
    return found[0] if found else None


async def versions_of(tx: Tx, review_id: int, kind: OutputKind, party: str, *,
                      with_data: bool = False) -> list[OutputVersion]:
    """Every version of one output, oldest first."""
    return await _versions(tx, "review_id = ? AND kind = ? AND party = ?",
                           (review_id, kind.value, party), with_data)


async def review_outputs(tx: Tx, review_id: int, *, with_data: bool = False
                         ) -> list[OutputVersion]:
    """Every version of every output of a review, with its clearances: questionnaire answers,
    written feedback (by State), list of observations, summary; oldest version first."""
    return await _versions(tx, "review_id = ?", (review_id,), with_data)


async def add_clearance(tx: Tx, version_id: int, party: str, *, by: int, on_behalf: bool,
                        reason: str | None, now: datetime) -> None:
    await tx.execute(
        "INSERT INTO output_clearances (version_id, party, cleared_by, on_behalf, reason, "
        "cleared_at) VALUES (?, ?, ?, ?, ?, ?)",
        (version_id, party, by, int(on_behalf), reason, iso_utc(now)))


async def bump_shown(tx: Tx, version_id: int) -> int:
    """Note that the version's post must show a change; return its new count."""
    await tx.execute("UPDATE output_versions SET shown = shown + 1 WHERE id = ?", (version_id,))
    row = await tx.fetchone("SELECT shown FROM output_versions WHERE id = ?", (version_id,))
    return int(row["shown"]) if row else 0


async def set_message(tx: Tx, version_id: int, message_id: int) -> None:
    await tx.execute("UPDATE output_versions SET message_id = ? WHERE id = ?",
                     (message_id, version_id))


async def set_published(tx: Tx, version_id: int, *, by: int, now: datetime) -> None:
    await tx.execute("UPDATE output_versions SET published_at = ?, published_by = ? "
                     "WHERE id = ?", (iso_utc(now), by, version_id))
