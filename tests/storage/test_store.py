"""The store on real SQLite files: migrations, transactions, the audit chain, two connections."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.audit import verify_chain
from storage.audit import all_entries, append_entry
from storage.db import Store, StoreError, latest_version
from storage.jobs import count_pending_jobs, job_by_key, schedule_job

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


async def test_migrations_apply_from_empty_and_set_the_version(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        assert await store.schema_version() == latest_version()
        assert await store.upgrade() == []  # a second upgrade has nothing to do
        mode = await store.fetchone("PRAGMA journal_mode")
        assert mode[0] == "wal"
        fk = await store.fetchone("PRAGMA foreign_keys")
        assert fk[0] == 1
    finally:
        await store.close()


async def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute(f"PRAGMA user_version = {latest_version() + 1}")
    with pytest.raises(StoreError, match="newer version of deskreview"):
        await Store.open(path)


async def test_a_failed_transaction_leaves_nothing_behind(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        with pytest.raises(RuntimeError):
            async with store.transaction() as tx:
                await append_entry(tx, at=T0, actor="1", action="x", subject="y")
                await schedule_job(tx, kind="k", due_at=T0, payload={}, key="a", now=T0)
                raise RuntimeError("crash between two steps")
        assert (await store.fetchone("SELECT COUNT(*) FROM audit_log"))[0] == 0
        assert (await store.fetchone("SELECT COUNT(*) FROM jobs"))[0] == 0
    finally:
        await store.close()


async def test_the_audit_log_refuses_updates_and_deletes(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        async with store.transaction() as tx:
            await append_entry(tx, at=T0, actor="1", action="x", subject="y")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            async with store.transaction() as tx:
                await tx.execute("UPDATE audit_log SET actor = '2'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            async with store.transaction() as tx:
                await tx.execute("DELETE FROM audit_log")
    finally:
        await store.close()


async def test_two_connections_writing_keep_one_unbroken_chain(tmp_path):
    path = tmp_path / "db.sqlite3"
    first, second = await Store.open(path), await Store.open(path)
    try:
        for i in range(20):
            writer = first if i % 2 else second
            async with writer.transaction() as tx:
                await append_entry(tx, at=T0 + timedelta(seconds=i), actor=str(i),
                                        action="test", subject=f"s{i}")
        async with first.read() as tx:
            report = verify_chain(await all_entries(tx))
        assert report.ok and report.checked == 20
    finally:
        await first.close()
        await second.close()


async def test_jobs_with_the_same_key_are_moved_not_doubled(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        async with store.transaction() as tx:
            await schedule_job(tx, kind="k", due_at=T0, payload={"a": 1}, key="r:1", now=T0)
            await schedule_job(tx, kind="k", due_at=T0 + timedelta(days=1), payload={"a": 2},
                                    key="r:1", now=T0)
        async with store.read() as tx:
            assert await count_pending_jobs(tx) == 1
            job = await job_by_key(tx, "r:1")
        assert job is not None and job.due_at == T0 + timedelta(days=1) and job.payload == {"a": 2}
    finally:
        await store.close()


async def test_backup_is_a_complete_copy(tmp_path):
    store = await Store.open(tmp_path / "db.sqlite3")
    try:
        async with store.transaction() as tx:
            await append_entry(tx, at=T0, actor="1", action="x", subject="y")
        await store.backup_to(tmp_path / "copy.sqlite3")
        with pytest.raises(StoreError, match="already exists"):
            await store.backup_to(tmp_path / "copy.sqlite3")
    finally:
        await store.close()
    copy = await Store.open(tmp_path / "copy.sqlite3")
    try:
        assert (await copy.fetchone("SELECT COUNT(*) FROM audit_log"))[0] == 1
    finally:
        await copy.close()
