"""Clarification requests, their history (entries) and the reviews whose follow-ups are held."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.domain.clarifications import ClarificationStatus
from bot.domain.timefmt import iso_utc, parse_iso_utc
from storage.db import Tx

ENTRY_KINDS = ("question", "edit", "answer", "follow_up", "accept", "withdraw", "due_moved")
UNFINISHED = (ClarificationStatus.OPEN.value, ClarificationStatus.ANSWERED.value)


class Request(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    review_id: int
    number: int
    article: str | None
    question: str
    asked_by: int
    asked_party: str | None  # None: the secretariat asked
    asked_at: datetime
    due: date
    due_set_at: datetime
    status: ClarificationStatus
    round: int
    thread_id: int | None
    message_id: int | None
    answer: str | None
    answered_by: int | None
    answered_party: str | None
    answered_at: datetime | None
    remind_askers_at: datetime | None
    before_sent: bool
    on_due_sent: bool
    overdue_sent: int
    escalated: bool
    askers_reminded: bool
    version: int
    shown_version: int
    closed_at: datetime | None
    closed_by: int | None
    created_at: datetime
    updated_at: datetime


class Entry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    request_id: int
    kind: str
    round: int
    text: str
    previous: str | None
    due: date | None
    by_user: str
    by_party: str | None
    at: datetime
    posted: bool
    message_id: int | None


def _at(value: str) -> datetime:
    """An instant written by `iso_utc` (fromisoformat reads it many times faster than
    strptime, which matters when thousands of requests are read at once)."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else parse_iso_utc(value)


def _when(value: str | None) -> datetime | None:
    return _at(value) if value else None


def _request(row: Any) -> Request:
    return Request(
        id=row["id"], review_id=row["review_id"], number=row["number"], article=row["article"],
        question=row["question"], asked_by=row["asked_by"], asked_party=row["asked_party"],
        asked_at=_at(row["asked_at"]), due=date.fromisoformat(row["due_date"]),
        due_set_at=_at(row["due_set_at"]), status=ClarificationStatus(row["status"]),
        round=row["round"], thread_id=row["thread_id"], message_id=row["message_id"],
        answer=row["answer"], answered_by=row["answered_by"],
        answered_party=row["answered_party"], answered_at=_when(row["answered_at"]),
        remind_askers_at=_when(row["remind_askers_at"]), before_sent=bool(row["before_sent"]),
        on_due_sent=bool(row["on_due_sent"]), overdue_sent=row["overdue_sent"],
        escalated=bool(row["escalated"]), askers_reminded=bool(row["askers_reminded"]),
        version=row["version"], shown_version=row["shown_version"],
        closed_at=_when(row["closed_at"]), closed_by=row["closed_by"],
        created_at=_at(row["created_at"]), updated_at=_at(row["updated_at"]),
    )


def _entry(row: Any) -> Entry:
    return Entry(
        id=row["id"], request_id=row["request_id"], kind=row["kind"], round=row["round"],
        text=row["text"], previous=row["previous"],
        due=date.fromisoformat(row["due_date"]) if row["due_date"] else None,
        by_user=row["by_user"], by_party=row["by_party"], at=_at(row["at"]),
        posted=bool(row["posted"]), message_id=row["message_id"],
    )


# ------------------------------------------------------------------------------ requests


async def next_request_number(tx: Tx, review_id: int) -> int:
    """The next request number of a review; a number once given is never given again."""
    await tx.execute(
        "INSERT INTO clarification_numbers (review_id, last_number) VALUES (?, 1)"
        " ON CONFLICT (review_id) DO UPDATE SET last_number = last_number + 1",
        (review_id,),
    )
    row = await tx.fetchone(
        "SELECT last_number FROM clarification_numbers WHERE review_id = ?", (review_id,)
    )
    assert row is not None
    return int(row["last_number"])


async def insert_request(
    tx: Tx, *, review_id: int, number: int, article: str | None, question: str, asked_by: int,
    asked_party: str | None, due: date, now: datetime,
) -> int:
    stamp = iso_utc(now)
    done = await tx.execute(
        "INSERT INTO clarification_requests (review_id, number, article, question, asked_by,"
        " asked_party, asked_at, due_date, due_set_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (review_id, number, article, question, asked_by, asked_party, stamp, due.isoformat(),
         stamp, stamp, stamp),
    )
    return int(done.lastrowid or 0)


async def get_request(tx: Tx, request_id: int) -> Request | None:
    row = await tx.fetchone("SELECT * FROM clarification_requests WHERE id = ?", (request_id,))
    return _request(row) if row else None


async def request_by_number(tx: Tx, review_id: int, number: int) -> Request | None:
    row = await tx.fetchone(
        "SELECT * FROM clarification_requests WHERE review_id = ? AND number = ?",
        (review_id, number),
    )
    return _request(row) if row else None


async def request_by_thread(tx: Tx, thread_id: int) -> Request | None:
    row = await tx.fetchone(
        "SELECT * FROM clarification_requests WHERE thread_id = ?", (thread_id,)
    )
    return _request(row) if row else None


async def requests_of_review(
    tx: Tx, review_id: int, statuses: Iterable[str] | None = None
) -> list[Request]:
    """The review's requests by number, optionally only those with these statuses."""
    sql = "SELECT * FROM clarification_requests WHERE review_id = ?"
    params: list[Any] = [review_id]
    wanted = sorted(set(statuses)) if statuses is not None else None
    if wanted is not None:
        sql += f" AND status IN ({', '.join('?' for _ in wanted)})"
        params += wanted
    rows = await tx.fetchall(sql + " ORDER BY number", params)
    return [_request(r) for r in rows]


async def unshown_request_ids(tx: Tx, limit: int = 500) -> list[int]:
    """Requests whose thread does not show their latest version yet."""
    rows = await tx.fetchall(
        "SELECT id FROM clarification_requests WHERE shown_version < version ORDER BY id LIMIT ?",
        (limit,),
    )
    return [int(r["id"]) for r in rows]


async def unfinished_request_ids(tx: Tx, review_id: int) -> list[int]:
    rows = await tx.fetchall(
        "SELECT id FROM clarification_requests WHERE review_id = ? AND status IN (?, ?)"
        " ORDER BY number", (review_id, *UNFINISHED),
    )
    return [int(r["id"]) for r in rows]


async def reviews_with_requests_out_of_step(tx: Tx) -> list[int]:
    """Reviews whose follow-ups may not match their state: closed ones with unfinished
    requests, paused ones not yet held, held ones no longer paused."""
    rows = await tx.fetchall(
        "SELECT r.id FROM reviews r LEFT JOIN clarification_pauses p ON p.review_id = r.id"
        " WHERE (p.review_id IS NOT NULL OR EXISTS (SELECT 1 FROM clarification_requests c"
        " WHERE c.review_id = r.id AND c.status IN (?, ?)))"
        " AND (r.stage = 'closed' OR r.paused <> (p.review_id IS NOT NULL)) ORDER BY r.id",
        UNFINISHED,
    )
    return [int(r[0]) for r in rows]


_COLUMNS = frozenset({
    "article", "question", "due_date", "due_set_at", "status", "round", "answer",
    "answered_by", "answered_party", "answered_at", "remind_askers_at", "before_sent",
    "on_due_sent", "overdue_sent", "escalated", "askers_reminded", "closed_at", "closed_by",
})


def _column_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, ClarificationStatus):
        return value.value
    return value


async def update_request(tx: Tx, request_id: int, *, now: datetime, **changes: Any) -> None:
    """Change these columns and bump the version (the thread then shows the change)."""
    unknown = set(changes) - _COLUMNS
    if unknown:
        raise ValueError(f"not columns of a request: {sorted(unknown)}")
    sets = "".join(f"{name} = ?, " for name in changes)
    await tx.execute(
        f"UPDATE clarification_requests SET {sets}version = version + 1, updated_at = ?"
        " WHERE id = ?",
        (*(_column_value(v) for v in changes.values()), iso_utc(now), request_id),
    )


async def record_request_notice(tx: Tx, request_id: int, **flags: Any) -> None:
    """Note that a follow-up notice went out, or move the askers' reminder (the thread's
    card does not change, so the version stays)."""
    allowed = {"before_sent", "on_due_sent", "overdue_sent", "escalated", "askers_reminded",
               "remind_askers_at"}
    if not flags or set(flags) - allowed:
        raise ValueError("record_notice takes follow-up flags only")
    sets = ", ".join(f"{name} = ?" for name in flags)
    await tx.execute(
        f"UPDATE clarification_requests SET {sets} WHERE id = ?",
        (*(_column_value(v) for v in flags.values()), request_id),
    )


async def set_request_thread(
    tx: Tx, request_id: int, *, thread_id: int | None, message_id: int | None
) -> None:
    await tx.execute(
        "UPDATE clarification_requests SET thread_id = ?, message_id = ? WHERE id = ?",
        (thread_id, message_id, request_id),
    )


async def mark_request_shown(tx: Tx, request_id: int, version: int) -> None:
    await tx.execute(
        "UPDATE clarification_requests SET shown_version = max(shown_version, ?) WHERE id = ?",
        (version, request_id),
    )


# ------------------------------------------------------------------------------- entries


async def add_request_entry(
    tx: Tx, request_id: int, kind: str, *, round: int, by_user: int | str,
    by_party: str | None, at: datetime, text: str = "", previous: str | None = None,
    due: date | None = None, needs_message: bool = True,
) -> int:
    if kind not in ENTRY_KINDS:
        raise ValueError(f"unknown entry kind {kind!r}")
    done = await tx.execute(
        "INSERT INTO clarification_entries (request_id, kind, round, text, previous, due_date,"
        " by_user, by_party, at, posted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (request_id, kind, round, text, previous, due.isoformat() if due else None,
         str(by_user), by_party, iso_utc(at), int(not needs_message)),
    )
    return int(done.lastrowid or 0)


async def request_entries(tx: Tx, request_id: int) -> list[Entry]:
    rows = await tx.fetchall(
        "SELECT * FROM clarification_entries WHERE request_id = ? ORDER BY id", (request_id,)
    )
    return [_entry(r) for r in rows]


async def review_request_entries(tx: Tx, review_id: int) -> list[Entry]:
    rows = await tx.fetchall(
        "SELECT e.* FROM clarification_entries e JOIN clarification_requests r"
        " ON r.id = e.request_id WHERE r.review_id = ? ORDER BY r.number, e.id", (review_id,),
    )
    return [_entry(r) for r in rows]


async def set_entry_text(tx: Tx, entry_id: int, text: str) -> None:
    await tx.execute("UPDATE clarification_entries SET text = ? WHERE id = ?", (text, entry_id))


async def mark_entry_posted(tx: Tx, entry_id: int, message_id: int | None) -> None:
    await tx.execute(
        "UPDATE clarification_entries SET posted = 1, message_id = ? WHERE id = ?",
        (message_id, entry_id),
    )


async def repost_request_entries(tx: Tx, request_id: int) -> None:
    """The thread is gone: every entry that was shown must be shown again in the new one."""
    await tx.execute(
        "UPDATE clarification_entries SET posted = 0, message_id = NULL"
        " WHERE request_id = ? AND message_id IS NOT NULL", (request_id,),
    )


# -------------------------------------------------------------------------------- pauses


async def requests_held_since(tx: Tx, review_id: int) -> datetime | None:
    row = await tx.fetchone(
        "SELECT paused_at FROM clarification_pauses WHERE review_id = ?", (review_id,)
    )
    return parse_iso_utc(row["paused_at"]) if row else None


async def hold_request_clocks(tx: Tx, review_id: int, at: datetime) -> None:
    await tx.execute(
        "INSERT OR IGNORE INTO clarification_pauses (review_id, paused_at) VALUES (?, ?)",
        (review_id, iso_utc(at)),
    )


async def release_request_clocks(tx: Tx, review_id: int) -> None:
    await tx.execute("DELETE FROM clarification_pauses WHERE review_id = ?", (review_id,))


async def reviews_with_held_clocks(tx: Tx) -> list[int]:
    rows = await tx.fetchall("SELECT review_id FROM clarification_pauses ORDER BY review_id")
    return [int(r[0]) for r in rows]


# --------------------------------------------------------------------------------- files


async def add_entry_file(tx: Tx, entry_id: int, name: str, data: bytes) -> None:
    await tx.execute(
        "INSERT INTO clarification_files (entry_id, name, data) VALUES (?, ?, ?)",
        (entry_id, name, data),
    )


async def entry_files(tx: Tx, entry_id: int) -> list[tuple[str, bytes]]:
    rows = await tx.fetchall(
        "SELECT name, data FROM clarification_files WHERE entry_id = ? ORDER BY id", (entry_id,)
    )
    return [(str(r["name"]), bytes(r["data"])) for r in rows]


async def request_file_names(tx: Tx, request_id: int) -> dict[int, list[str]]:
    """Names of the files attached to each entry of a request, by entry id."""
    rows = await tx.fetchall(
        "SELECT f.entry_id, f.name FROM clarification_files f JOIN clarification_entries e"
        " ON e.id = f.entry_id WHERE e.request_id = ? ORDER BY f.id", (request_id,),
    )
    out: dict[int, list[str]] = {}
    for r in rows:
        out.setdefault(int(r["entry_id"]), []).append(str(r["name"]))
    return out
