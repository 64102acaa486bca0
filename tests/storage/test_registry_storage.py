"""The registry tables on real SQLite files: seeding, round trip, one focal point per party."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import pytest

from bot.domain.handoffs import PARTIES_CHANGED
from bot.domain.parties import apply_field
from bot.domain.parties_csv import parse_parties_csv, write_parties_csv
from bot.services.audit import AuditService
from bot.services.registry import RegistryService, bundled_csv
from bot.services.timers import Timekeeper
from storage.db import Store
from storage.parties import all_parties, count_parties, delete_parties, get_party, save_parties
from storage.people import (
    Person,
    count_people_by_party,
    focal_point_of,
    get_person,
    insert_person,
    people_of_party,
    set_person_role,
)

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


class FixedClock:
    def now(self) -> datetime:
        return T0


def _service(store: Store) -> RegistryService:
    clock = FixedClock()
    return RegistryService(store, clock, AuditService(store, clock), Timekeeper(store, clock), None)


def _bundled():
    outcome = parse_parties_csv(bundled_csv())
    assert outcome.ok
    return outcome.parties


async def test_first_start_seeds_the_bundled_registry_once_and_audits_it(tmp_path):
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    try:
        assert await _service(store).seed_if_empty() == 192
        # the review channels follow through a hand-off written with the seed
        async with store.read() as tx:
            seen = [json.loads(r["payload"]) for r in await tx.fetchall(
                "SELECT payload FROM jobs WHERE kind = ? AND status = 'pending'",
                (PARTIES_CHANGED,))]
        assert len(seen) == 1 and len(seen[0]["parties"]) == 192
    finally:
        await store.close()
    store = await Store.open(path)  # a restart: the registry is already there
    try:
        service = _service(store)
        assert await service.seed_if_empty() == 0
        assert len(await service.parties()) == 192
        seeds = await store.fetchall("SELECT actor, action FROM audit_log")
        assert [(r["actor"], r["action"]) for r in seeds] == [("system", "registry.seed")]
        assert (await service.find("Kenya")).code == "KEN"
        assert (await service.find("ken")).name == "Kenya"
    finally:
        await store.close()


async def test_every_party_round_trips_through_the_table(tmp_path):
    bundled = _bundled()
    path = tmp_path / "db.sqlite3"
    store = await Store.open(path)
    try:
        async with store.transaction() as tx:
            await save_parties(tx, bundled, at=T0)
    finally:
        await store.close()
    store = await Store.open(path)
    try:
        async with store.read() as tx:
            back = await all_parties(tx)
        assert back == sorted(bundled, key=lambda p: p.code)
        assert write_parties_csv(back) == write_parties_csv(bundled)
        # an edit replaces the row in place, provenance included
        kenya = next(p for p in back if p.code == "KEN")
        edited = apply_field(kenya, "timezone", "Africa/Nairobi")
        async with store.transaction() as tx:
            await save_parties(tx, [edited], at=T0)
        async with store.read() as tx:
            again = await get_party(tx, "ken")
            assert await count_parties(tx) == 192
        assert again == edited and "timezone" in again.provenance.edited
    finally:
        await store.close()


async def _store_with_parties(tmp_path) -> Store:
    store = await Store.open(tmp_path / "db.sqlite3")
    async with store.transaction() as tx:
        await save_parties(tx, _bundled(), at=T0)
    return store


async def test_the_database_allows_one_focal_point_per_party(tmp_path):
    store = await _store_with_parties(tmp_path)
    try:
        async with store.transaction() as tx:
            await insert_person(tx, 1, "KEN", "focal_point", at=T0, by="9")
            await insert_person(tx, 2, "KEN", "expert", at=T0, by="9")
            await insert_person(tx, 3, "FRA", "focal_point", at=T0, by="9")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            async with store.transaction() as tx:
                await set_person_role(tx, 2, "focal_point")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            async with store.transaction() as tx:
                await insert_person(tx, 4, "KEN", "focal_point", at=T0, by="9")
        async with store.read() as tx:
            assert (await focal_point_of(tx, "KEN")).user_id == 1
            assert [p.role for p in await people_of_party(tx, "KEN")] == [
                "focal_point", "expert",
            ]
    finally:
        await store.close()


async def test_the_database_keeps_a_member_to_one_known_party(tmp_path):
    store = await _store_with_parties(tmp_path)
    try:
        async with store.transaction() as tx:
            await insert_person(tx, 1, "KEN", "expert", at=T0, by="9")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):  # a second party
            async with store.transaction() as tx:
                await insert_person(tx, 1, "FRA", "observer", at=T0, by="9")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):  # an unknown party
            async with store.transaction() as tx:
                await insert_person(tx, 2, "ZZZ", "expert", at=T0, by="9")
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):  # a staffed party
            async with store.transaction() as tx:
                await delete_parties(tx, ["KEN"])
        with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # an unknown role
            async with store.transaction() as tx:
                await insert_person(tx, 3, "FRA", "chair", at=T0, by="9")  # type: ignore[arg-type]
        async with store.read() as tx:
            assert await get_person(tx, 1) == Person(
                user_id=1, party="KEN", role="expert", added_at=T0, added_by="9"
            )
            assert await count_people_by_party(tx) == {"KEN": 1}
    finally:
        await store.close()
