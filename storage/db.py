"""The SQLite store: one connection, numbered migrations, explicit transactions.

The bot keeps one aiosqlite connection. Every write happens inside ``transaction()``, which
takes an asyncio lock, opens ``BEGIN IMMEDIATE`` and commits or rolls back as a whole, so writes
that belong together (a change and its audit entry, a reminder and the request it follows)
land together or not at all. Callbacks registered with ``Tx.after_commit`` run only once the
commit has succeeded.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class StoreError(Exception):
    """The database cannot be used; the message says why."""


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.number)
    numbers = [m.number for m in found]
    if len(set(numbers)) != len(numbers) or (numbers and numbers[0] < 1):
        raise StoreError(f"migration numbers must be unique and start at 1: {numbers}")
    return found


def latest_version() -> int:
    found = migrations()
    return found[-1].number if found else 0


@dataclass(frozen=True)
class Done:
    rowcount: int
    lastrowid: int | None


async def _run(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> Done:
    async with conn.execute(sql, tuple(params)) as cur:
        return Done(cur.rowcount, cur.lastrowid)


@dataclass
class Tx:
    """An open transaction: run statements, and queue work for after the commit."""

    conn: aiosqlite.Connection
    _after: list[Callable[[], Awaitable[None] | None]] = field(default_factory=list)

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> Done:
        return await _run(self.conn, sql, params)

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        await self.conn.executemany(sql, [tuple(r) for r in rows])

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self.conn.execute(sql, tuple(params)) as cur:
            return await cur.fetchone()

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self.conn.execute(sql, tuple(params)) as cur:
            return list(await cur.fetchall())

    def after_commit(self, callback: Callable[[], Awaitable[None] | None]) -> None:
        self._after.append(callback)


class Store:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, migrate: bool = True) -> Store:
        path = Path(path)
        if path.parent and not path.parent.exists():
            raise StoreError(f"the folder for the database does not exist: {path.parent}")
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        try:
            await _run(conn, f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await _run(conn, "PRAGMA journal_mode = WAL")
            await _run(conn, "PRAGMA foreign_keys = ON")
            await _run(conn, "PRAGMA synchronous = NORMAL")
            store = cls(conn, path)
            version = await store.schema_version()
            if version > latest_version():
                raise StoreError(
                    f"{path} was written by a newer version of deskreview (schema {version}; "
                    f"this version knows up to {latest_version()}). Upgrade deskreview first."
                )
            if migrate:
                await store.upgrade()
            return store
        except BaseException:
            await conn.close()
            raise

    async def close(self) -> None:
        await self._conn.close()

    async def schema_version(self) -> int:
        async with self._conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def upgrade(self) -> list[str]:
        """Apply every migration newer than the database; return the names applied."""
        applied = []
        async with self._lock:
            current = await self.schema_version()
            for migration in migrations():
                if migration.number <= current:
                    continue
                await _run(self._conn, "BEGIN IMMEDIATE")
                try:
                    for statement in _statements(migration.sql):
                        await _run(self._conn, statement)
                    await _run(self._conn, f"PRAGMA user_version = {migration.number}")
                    await _run(self._conn, "COMMIT")
                except BaseException:
                    await _run(self._conn, "ROLLBACK")
                    raise
                applied.append(migration.name)
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._lock:
            tx = Tx(self._conn)
            await _run(self._conn, "BEGIN IMMEDIATE")
            try:
                yield tx
            except BaseException:
                await _run(self._conn, "ROLLBACK")
                raise
            await _run(self._conn, "COMMIT")
        for callback in tx._after:
            result = callback()
            if result is not None:
                await result

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """A consistent read: no write of ours can interleave while it runs."""
        async with self._lock:
            yield Tx(self._conn)

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self.read() as tx:
            return await tx.fetchall(sql, params)

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self.read() as tx:
            return await tx.fetchone(sql, params)

    async def backup_to(self, target: Path) -> None:
        """An online backup, safe while the bot runs (SQLite's backup API)."""
        if target.exists():
            raise StoreError(f"{target} already exists; choose a new file name.")
        async with self._lock:
            dest = await aiosqlite.connect(target)
            try:
                await self._conn.backup(dest)
            finally:
                await dest.close()


def _statements(sql: str) -> list[str]:
    """Split a migration into statements; triggers (BEGIN … END;) stay whole."""
    out: list[str] = []
    buf: list[str] = []
    in_trigger = False
    for line in sql.splitlines():
        stripped = line.strip()
        if not buf and (not stripped or stripped.startswith("--")):
            continue
        buf.append(line)
        upper = stripped.upper()
        if upper.startswith("CREATE TRIGGER"):
            in_trigger = True
        if in_trigger:
            if upper == "END;":
                out.append("\n".join(buf))
                buf, in_trigger = [], False
        elif stripped.endswith(";"):
            out.append("\n".join(buf))
            buf = []
    if buf and "".join(buf).strip():
        out.append("\n".join(buf))
    return out
