"""Clarification requests on real SQLite files: numbering, full texts, history, holds."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.clarifications import ClarificationStatus
from bot.domain.parties_csv import parse_parties_csv
from bot.domain.reviews import Stage
from bot.services.registry import bundled_csv
from storage.clarifications import (
    UNFINISHED,
    add_entry_file,
    add_request_entry,
    entry_files,
    get_request,
    hold_request_clocks,
    insert_request,
    mark_entry_posted,
    mark_request_shown,
    next_request_number,
    record_request_notice,
    release_request_clocks,
    repost_request_entries,
    request_entries,
    requests_held_since,
    requests_of_review,
    reviews_with_held_clocks,
    reviews_with_requests_out_of_step,
    unshown_request_ids,
    update_request,
)
from storage.db import Store
from storage.parties import save_parties
from storage.reviews import insert_review, set_review_paused, set_review_stage

T0 = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


async def _store(path) -> Store:
    return await Store.open(path)


async def _seed(store: Store, reviews: int = 2) -> list[int]:
    outcome = parse_parties_csv(bundled_csv())
    ids = []
    async with store.transaction() as tx:
        await save_parties(tx, outcome.parties, at=T0)
        for sur in ("KEN", "FRA", "BRA", "JPN")[:reviews]:
            ids.append(await insert_review(tx, sur=sur, cluster=1, start=T0.date(),
                                                draw_id=None, by="test", now=T0))
    return ids


async def _ask(store: Store, review_id: int, question: str = "Is it an offence?") -> int:
    async with store.transaction() as tx:
        number = await next_request_number(tx, review_id)
        return await insert_request(tx, review_id=review_id, number=number, article="Art. 5 UNTOC",
                                 question=question, asked_by=42, asked_party="FRA",
                                 due=date(2026, 1, 31), now=T0)


async def test_numbers_count_per_review_and_are_never_given_twice(tmp_path):
    store = await _store(tmp_path / "db.sqlite3")
    try:
        first, second = await _seed(store)
        ids = [await _ask(store, first), await _ask(store, first), await _ask(store, second)]
        async with store.read() as tx:
            numbers = [(r.review_id, r.number) for r in [await get_request(tx, i) for i in ids]
                       if r is not None]
        assert numbers == [(first, 1), (first, 2), (second, 1)]
        # a withdrawn request keeps its number, and the next request gets a new one
        async with store.transaction() as tx:
            await update_request(tx, ids[1], now=T0, status=ClarificationStatus.WITHDRAWN)
        third = await _ask(store, first)
        async with store.read() as tx:
            found = await get_request(tx, third)
            listed = [r.number for r in await requests_of_review(tx, first)]
            still_open = [r.number for r in await requests_of_review(tx, first, UNFINISHED)]
        assert found is not None and found.number == 3
        assert listed == [1, 2, 3] and still_open == [1, 3]
        # the database itself refuses a second request with the same number
        with pytest.raises(sqlite3.IntegrityError):
            async with store.transaction() as tx:
                await insert_request(tx, review_id=first, number=1, article=None, question="Again?",
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
            numbers = sorted(r.number for r in await requests_of_review(tx, review))
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
            first = await add_request_entry(tx, request, "question", round=0, by_user=42,
                                         by_party="FRA", at=T0, text=long_question,
                                         needs_message=False)
            answer = await add_request_entry(tx, request, "answer", round=0, by_user=7,
                                          by_party="KEN", at=T0 + timedelta(days=3),
                                          text="Yes. " * 900)
            await add_entry_file(tx, answer, "law.pdf", b"%PDF-1.7 \x00\x01")
            await update_request(tx, request, now=T0, status=ClarificationStatus.ANSWERED,
                              answer="Yes. " * 900, answered_at=T0 + timedelta(days=3))
        async with store.read() as tx:
            found = await get_request(tx, request)
            history = await request_entries(tx, request)
            files = await entry_files(tx, answer)
        assert found is not None and found.question == long_question
        assert found.answer == "Yes. " * 900 and found.version == 2
        assert [(e.id, e.kind, e.posted) for e in history] == [(first, "question", True),
                                                              (answer, "answer", False)]
        assert files == [("law.pdf", b"%PDF-1.7 \x00\x01")]
        # once shown, an entry is not shown again, unless its thread has to be made anew
        async with store.transaction() as tx:
            await mark_entry_posted(tx, answer, 555)
            await mark_request_shown(tx, request, 2)
        async with store.read() as tx:
            assert [e.posted for e in await request_entries(tx, request)] == [True, True]
            assert await unshown_request_ids(tx) == []
        async with store.transaction() as tx:
            await repost_request_entries(tx, request)
            await record_request_notice(tx, request, overdue_sent=2, escalated=True)
        async with store.read() as tx:
            assert [e.posted for e in await request_entries(tx, request)] == [True, False]
            found = await get_request(tx, request)
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
                await update_request(tx, request, now=T0, asked_by=1)
        with pytest.raises(sqlite3.IntegrityError):
            async with store.transaction() as tx:
                await insert_request(tx, review_id=review, number=9, article=None, question="",
                                  asked_by=1, asked_party=None, due=date(2026, 2, 1), now=T0)
        async with store.read() as tx:
            found = await get_request(tx, request)
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
        await set_review_paused(tx, review, True, now=T0)
    async with store.read() as tx:  # paused, but its follow-ups are not held yet
        assert await reviews_with_requests_out_of_step(tx) == [review]
    async with store.transaction() as tx:
        await hold_request_clocks(tx, review, T0)
        await hold_request_clocks(tx, review, T0 + timedelta(days=5))  # the first pause counts
    await store.close()
    store = await Store.open(path)
    try:
        async with store.read() as tx:
            assert await requests_held_since(tx, review) == T0
            assert await requests_held_since(tx, other) is None
            assert await reviews_with_held_clocks(tx) == [review]
            assert await reviews_with_requests_out_of_step(tx) == []
        async with store.transaction() as tx:  # resumed, and the other one closed
            await set_review_paused(tx, review, False, now=T0)
            await set_review_stage(tx, other, Stage.CLOSED, answers_received=None, now=T0)
        async with store.read() as tx:
            assert await reviews_with_requests_out_of_step(tx) == [review, other]
        async with store.transaction() as tx:
            await release_request_clocks(tx, review)
        async with store.read() as tx:
            assert await reviews_with_held_clocks(tx) == []
    finally:
        await store.close()
