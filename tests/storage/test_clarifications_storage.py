"""Clarification requests on real SQLite files: numbering, full texts, history, holds."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.clarifications import ClarificationStatus
from bot.domain.parties import parse_parties_csv
from bot.domain.reviews import Stage
from bot.services.registry import bundled_csv
from storage import clarifications as rows
from storage import parties as party_rows
from storage import reviews as review_rows
from storage.db import Store

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


async def _store(path) -> Store:
    return await Store.open(path)


async def _seed(store: Store, reviews: int = 2) -> list[int]:
    outcome = parse_parties_csv(bundled_csv())
    ids = []
    async with store.transaction() as tx:
        await party_rows.save(tx, outcome.parties, at=T0)
        for sur in ("KEN", "FRA", "BRA", "JPN")[:reviews]:
            ids.append(await review_rows.insert(tx, sur=sur, cluster=1, start=T0.date(),
                                                draw_id=None, by="test", now=T0))
    return ids


async def _ask(store: Store, review_id: int, question: str = "Is it an offence?") -> int:
    async with store.transaction() as tx:
        number = await rows.next_number(tx, review_id)
        return await rows.insert(tx, review_id=review_id, number=number, article="Art. 5 UNTOC",
                                 question=question, asked_by=42, asked_party="FRA",
                                 due=date(2026, 1, 31), now=T0)


async def test_numbers_count_per_review_and_are_never_given_twice(tmp_path):
    store = await _store(tmp_path / "db.sqlite3")
    try:
        first, second = await _seed(store)
        ids = [await _ask(store, first), await _ask(store, first), await _ask(store, second)]
        async with store.read() as tx:
            numbers = [(r.review_id, r.number) for r in [await rows.get(tx, i) for i in ids]
                       if r is not None]
        assert numbers == [(first, 1), (first, 2), (second, 1)]
        # a withdrawn request keeps its number, and the next request gets a new one
        async with store.transaction() as tx:
            await rows.update(tx, ids[1], now=T0, status=ClarificationStatus.WITHDRAWN)
        third = await _ask(store, first)
        async with store.read() as tx:
            found = await rows.get(tx, third)
            listed = [r.number for r in await rows.for_review(tx, first)]
            still_open = [r.number for r in await rows.for_review(tx, first, rows.UNFINISHED)]
        assert found is not None and found.number == 3
        assert listed == [1, 2, 3] and still_open == [1, 3]
        # the database itself refuses a second request with the same number
        with pytest.raises(sqlite3.IntegrityError):
            async with store.transaction() as tx:
                await rows.insert(tx, review_id=first, number=1, article=None, question="Again?",
                                  asked_by=1, asked_party=None, due=date(2026, 2, 1), now=T0)
    finally:
        await store.close()


async def test_two_connections_asking_at_once_get_different_numbers(tmp_path):
    path = tmp_path / "db.sqlite3"
    one = await _store(path)
    two = await Store.open(path)
    try:
        (review, _) = await _seed(one)
        made = await asyncio.gather(*[_ask(s, review) for s in (one, two, one, two, one, two)])
        async with one.read() as tx:
            numbers = sorted(r.number for r in await rows.for_review(tx, review))
        assert len(set(made)) == 6 and numbers == [1, 2, 3, 4, 5, 6]
    finally:
        await one.close()
        await two.close()


async def test_texts_are_kept_whole_with_their_history(tmp_path):
    store = await _store(tmp_path / "db.sqlite3")
    try:
        (review, _) = await _seed(store)
        long_question = "Please describe the procedure in detail. " * 150  # 6,150 characters
        request = await _ask(store, review, long_question)
        async with store.transaction() as tx:
            first = await rows.add_entry(tx, request, "question", round=0, by_user=42,
                                         by_party="FRA", at=T0, text=long_question,
                                         needs_message=False)
            answer = await rows.add_entry(tx, request, "answer", round=0, by_user=7,
                                          by_party="KEN", at=T0 + timedelta(days=3),
                                          text="Yes. " * 900)
            await rows.add_file(tx, answer, "law.pdf", b"%PDF-1.7 \x00\x01")
            await rows.update(tx, request, now=T0, status=ClarificationStatus.ANSWERED,
                              answer="Yes. " * 900, answered_at=T0 + timedelta(days=3))
        async with store.read() as tx:
            found = await rows.get(tx, request)
            history = await rows.entries(tx, request)
            files = await rows.files(tx, answer)
        assert found is not None and found.question == long_question
        assert found.answer == "Yes. " * 900 and found.version == 2
        assert [(e.id, e.kind, e.posted) for e in history] == [(first, "question", True),
                                                              (answer, "answer", False)]
        assert files == [("law.pdf", b"%PDF-1.7 \x00\x01")]
        # once shown, an entry is not shown again, unless its thread has to be made anew
        async with store.transaction() as tx:
            await rows.mark_entry_posted(tx, answer, 555)
            await rows.mark_shown(tx, request, 2)
        async with store.read() as tx:
            assert [e.posted for e in await rows.entries(tx, request)] == [True, True]
            assert await rows.unshown(tx) == []
        async with store.transaction() as tx:
            await rows.repost_entries(tx, request)
            await rows.record_notice(tx, request, overdue_sent=2, escalated=True)
        async with store.read() as tx:
            assert [e.posted for e in await rows.entries(tx, request)] == [True, False]
            found = await rows.get(tx, request)
        assert found is not None and found.overdue_sent == 2 and found.escalated
        assert found.version == 2  # a notice does not change what the card shows
    finally:
        await store.close()


async def test_unknown_statuses_and_columns_are_refused(tmp_path):
    store = await _store(tmp_path / "db.sqlite3")
    try:
        (review, _) = await _seed(store)
        request = await _ask(store, review)
        with pytest.raises(sqlite3.IntegrityError):
            async with store.transaction() as tx:
                await tx.execute("UPDATE clarification_requests SET status = 'lost' WHERE id = ?",
                                 (request,))
        with pytest.raises(ValueError):
            async with store.transaction() as tx:
                await rows.update(tx, request, now=T0, asked_by=1)
        with pytest.raises(sqlite3.IntegrityError):
            async with store.transaction() as tx:
                await rows.insert(tx, review_id=review, number=9, article=None, question="",
                                  asked_by=1, asked_party=None, due=date(2026, 2, 1), now=T0)
        async with store.read() as tx:
            found = await rows.get(tx, request)
        assert found is not None and found.status is ClarificationStatus.OPEN
    finally:
        await store.close()


async def test_held_reviews_are_remembered_and_found_when_out_of_step(tmp_path):
    path = tmp_path / "db.sqlite3"
    store = await _store(path)
    (review, other) = await _seed(store)
    await _ask(store, review)
    await _ask(store, other)
    async with store.transaction() as tx:
        await review_rows.set_paused(tx, review, True, now=T0)
    async with store.read() as tx:  # paused, but its follow-ups are not held yet
        assert await rows.reviews_out_of_step(tx) == [review]
    async with store.transaction() as tx:
        await rows.hold(tx, review, T0)
        await rows.hold(tx, review, T0 + timedelta(days=5))  # the first pause counts
    await store.close()
    store = await Store.open(path)
    try:
        async with store.read() as tx:
            assert await rows.paused_since(tx, review) == T0
            assert await rows.paused_since(tx, other) is None
            assert await rows.held_reviews(tx) == [review]
            assert await rows.reviews_out_of_step(tx) == []
        async with store.transaction() as tx:  # resumed, and the other one closed
            await review_rows.set_paused(tx, review, False, now=T0)
            await review_rows.set_stage(tx, other, Stage.CLOSED, answers_received=None, now=T0)
        async with store.read() as tx:
            assert await rows.reviews_out_of_step(tx) == [review, other]
        async with store.transaction() as tx:
            await rows.release(tx, review)
        async with store.read() as tx:
            assert await rows.held_reviews(tx) == []
    finally:
        await store.close()
