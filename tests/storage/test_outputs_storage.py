"""Output versions on real SQLite files: numbering, bytes kept whole, nothing rewritten."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime

import pytest

from bot.domain.outputs import OutputKind
from bot.domain.parties_csv import parse_parties_csv
from bot.services.registry import bundled_csv
from storage.db import Store
from storage.outputs import (
    add_clearance,
    get_version,
    insert_version,
    review_outputs,
    versions_of,
)
from storage.parties import save_parties
from storage.reviews import insert_review

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
DATA = bytes(range(256)) * 1000


async def _seeded(path) -> tuple[Store, int]:
    store = await Store.open(path)
    async with store.transaction() as tx:
        await save_parties(tx, parse_parties_csv(bundled_csv()).parties, at=T0)
        review = await insert_review(tx, sur="KEN", cluster=1, start=T0.date(), draw_id=None,
                                     by="test", now=T0)
    return store, review


async def _submit(store: Store, review: int, kind: OutputKind, party: str, data: bytes) -> int:
    async with store.transaction() as tx:
        return await insert_version(tx, review_id=review, kind=kind, party=party,
                                    filename="a.pdf", media_type="application/pdf", data=data,
                                    uploaded_by=7, uploaded_party=party or "GHA", now=T0)


async def test_versions_count_per_output_and_keep_their_bytes_and_digest(tmp_path):
    store, review = await _seeded(tmp_path / "db.sqlite3")
    try:
        first = await _submit(store, review, OutputKind.QUESTIONNAIRE, "KEN", DATA)
        second = await _submit(store, review, OutputKind.QUESTIONNAIRE, "KEN", b"v2")
        gha = await _submit(store, review, OutputKind.FEEDBACK, "GHA", b"feedback")
        summary = await _submit(store, review, OutputKind.SUMMARY, "", b"summary")
        async with store.read() as tx:
            kept = await get_version(tx, first, with_data=True)
            numbers = [v.number for v in await versions_of(tx, review, OutputKind.QUESTIONNAIRE,
                                                           "KEN")]
            order = [v.id for v in await review_outputs(tx, review)]
        assert kept is not None and kept.data == DATA and kept.size == len(DATA)
        assert kept.sha256 == hashlib.sha256(DATA).hexdigest()
        assert numbers == [1, 2]
        assert order == [first, second, gha, summary]  # step by step
    finally:
        await store.close()


async def test_a_version_and_its_clearance_can_be_neither_changed_nor_deleted(tmp_path):
    store, review = await _seeded(tmp_path / "db.sqlite3")
    try:
        version = await _submit(store, review, OutputKind.QUESTIONNAIRE, "KEN", DATA)
        async with store.transaction() as tx:
            await add_clearance(tx, version, "KEN", by=5, on_behalf=False, reason=None, now=T0)
        for statement in ("UPDATE output_versions SET data = x'00' WHERE id = ?",
                          "UPDATE output_versions SET sha256 = 'x' WHERE id = ?",
                          "DELETE FROM output_versions WHERE id = ?",
                          "UPDATE output_clearances SET party = 'GHA' WHERE version_id = ?",
                          "DELETE FROM output_clearances WHERE version_id = ?"):
            with pytest.raises(sqlite3.IntegrityError):
                async with store.transaction() as tx:
                    await tx.execute(statement, (version,))
        async with store.transaction() as tx:  # one clearance per State and version
            with pytest.raises(sqlite3.IntegrityError):
                await add_clearance(tx, version, "KEN", by=5, on_behalf=False, reason=None,
                                    now=T0)
        async with store.read() as tx:
            kept = await get_version(tx, version, with_data=True)
        assert kept is not None and kept.data == DATA and kept.cleared_parties == {"KEN"}
    finally:
        await store.close()
