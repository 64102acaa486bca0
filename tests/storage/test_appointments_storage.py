"""Appointments on real SQLite files: per review or State-wide, one focal point per State per
review, one State per person, and the registrations made before them migrated."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from bot.domain.actor import Actor
from bot.domain.appointments import NoteVerbale
from bot.domain.errors import InputError
from bot.services.appointments import AppointmentService
from bot.services.audit import AuditService
from bot.services.registry import RegistryService
from bot.services.timers import Timekeeper
from storage.appointments import (
    appointments_of,
    focal_point_in_review,
    people_in_review,
    review_ids_of_person,
    role_in_review,
    save_review_appointment,
)
from storage.db import Store, _statements, migrations
from storage.people import insert_person
from storage.reviews import insert_review, replace_reviewers

SECRETARY = Actor.person(9)  # who records the appointments

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
NOTE = NoteVerbale(reference="NV/2026/117", dated=date(2026, 11, 20))


class FixedClock:
    def now(self) -> datetime:
        return T0


async def _store(tmp_path) -> Store:
    store = await Store.open(tmp_path / "db.sqlite3")
    await RegistryService(store, FixedClock(), AuditService(store, FixedClock()),
                          Timekeeper(store, FixedClock()), None).seed_if_empty()
    return store


async def _review(store: Store, sur: str, reviewers: tuple[str, str]) -> int:
    async with store.transaction() as tx:
        review_id = await insert_review(tx, sur=sur, cluster=1, start=date(2026, 11, 1),
                                        draw_id=None, by="9", now=T0)
        await replace_reviewers(tx, review_id, [(reviewers[0], "same_group"),
                                                (reviewers[1], "other_group")],
                                source="secretariat", reason="test", by="9", now=T0)
    return review_id


def _service(store: Store) -> AppointmentService:
    clock = FixedClock()
    audit = AuditService(store, clock)
    timers = Timekeeper(store, clock)
    registry = RegistryService(store, clock, audit, timers, None)
    return AppointmentService(store, clock, audit, timers, registry, None)


async def test_registrations_made_before_become_state_wide_appointments(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for migration in migrations():
        if migration.number < 14:
            for statement in _statements(migration.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {migration.number}")
    conn.execute("INSERT INTO parties (code, name, tip, som, firearms, uncac, timezone, source,"
                 " as_of, updated_at) VALUES ('KEN', 'Kenya', 1, 1, 1, 1, 'Africa/Nairobi',"
                 " 'test', '2026-11-01', '2026-11-01T00:00:00Z')")
    conn.execute("INSERT INTO people VALUES (1, 'KEN', 'focal_point', '2026-11-01T00:00:00Z',"
                 " '9')")
    conn.execute("INSERT INTO people VALUES (2, 'KEN', 'expert', '2026-11-01T00:00:00Z', '9')")
    conn.execute("INSERT INTO reviews (sur, cluster, start_date, created_by, created_at,"
                 " updated_at) VALUES ('KEN', 1, '2026-11-01', '9', 'x', 'x')")
    conn.commit()
    conn.close()
    store = await Store.open(path)
    try:
        async with store.transaction() as tx:
            later = await insert_review(tx, sur="KEN", cluster=2, start=date(2026, 12, 1),
                                        draw_id=None, by="9", now=T0)
        async with store.read() as tx:
            for review_id in (1, later):  # the existing review and a new one
                assert (await focal_point_in_review(tx, review_id, "KEN")).user_id == 1
                assert (await role_in_review(tx, 2, review_id)).role == "expert"
            (kept,) = await appointments_of(tx, 1)
            assert kept.review_id is None and kept.note is None and kept.role == "focal_point"
            assert await review_ids_of_person(tx, 2) == [1, later]
    finally:
        await store.close()


async def test_a_focal_point_for_one_review_is_not_that_of_another(tmp_path):
    store = await _store(tmp_path)
    try:
        first = await _review(store, "KEN", ("UGA", "FRA"))
        second = await _review(store, "UGA", ("KEN", "DEU"))
        async with store.transaction() as tx:
            await insert_person(tx, 1, "KEN", "focal_point", at=T0, by="9")  # State-wide
            await save_review_appointment(tx, first, 2, "KEN", "focal_point", NOTE, at=T0,
                                          by="9")
        async with store.read() as tx:
            assert (await focal_point_in_review(tx, first, "KEN")).user_id == 2
            assert (await focal_point_in_review(tx, second, "KEN")).user_id == 1
            assert (await role_in_review(tx, 1, first)).role == "expert"  # there, not focal
            assert await role_in_review(tx, 2, second) is None
            assert [p.user_id for p in await people_in_review(tx, second)] == [1]
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):  # two for one review
            async with store.transaction() as tx:
                await save_review_appointment(tx, first, 3, "KEN", "focal_point", NOTE, at=T0,
                                              by="9")
        with pytest.raises(sqlite3.IntegrityError, match="one State party"):
            async with store.transaction() as tx:
                await save_review_appointment(tx, second, 2, "UGA", "expert", NOTE, at=T0,
                                              by="9")
        with pytest.raises(sqlite3.IntegrityError, match="one State party"):
            async with store.transaction() as tx:
                await insert_person(tx, 2, "FRA", "expert", at=T0, by="9")
    finally:
        await store.close()


async def test_an_appointment_without_a_note_verbale_changes_nothing(tmp_path):
    store = await _store(tmp_path)
    try:
        service = _service(store)
        for reference, dated in ((None, None), ("NV/1", None), ("  ", "2026-11-20"),
                                 ("NV/1", "20/11/2026"), ("NV/1", "2026-12-24")):
            with pytest.raises(InputError):
                await service.appoint(SECRETARY, 5, "KEN", "expert", reference, dated)
        assert await service.person(5) is None
        found = await store.fetchone("SELECT count(*) AS n FROM audit_log WHERE action LIKE"
                                     " 'expert.%' OR action LIKE 'appointment.%'")
        assert found is not None and found["n"] == 0
    finally:
        await store.close()


async def test_a_new_focal_point_for_a_review_makes_the_previous_one_an_expert_there(tmp_path):
    store = await _store(tmp_path)
    try:
        service = _service(store)
        first = await _review(store, "KEN", ("UGA", "FRA"))
        second = await _review(store, "UGA", ("KEN", "DEU"))
        await service.appoint(SECRETARY, 1, "KEN", "focal_point", "NV/1", "2026-11-01")
        done = await service.appoint(SECRETARY, 2, "KEN", "focal_point", "NV/2", "2026-11-20",
                                     first)
        assert done.replaced_focal_point == 1
        assert await service.focal_point_for(first, "KEN") == 2
        assert await service.focal_point_for(second, "KEN") == 1
        assert await service.role_in_review(1, first) == "expert"
        third = await service.appoint(SECRETARY, 3, "KEN", "focal_point", "NV/3", "2026-11-21",
                                      first)
        assert third.replaced_focal_point == 2
        assert await service.role_in_review(2, first) == "expert"
        assert await service.focal_point_for(first, "KEN") == 3
        # an expert for one review only serves in that one
        await service.appoint(SECRETARY, 4, "KEN", "expert", "NV/4", "2026-11-22", second)
        assert await service.review_ids_of(4) == [second]
        with pytest.raises(InputError):  # a State that is not in the review
            await service.appoint(SECRETARY, 5, "DEU", "expert", "NV/5", "2026-11-22", first)
        rows = await store.fetchall("SELECT action FROM audit_log WHERE action LIKE"
                                    " 'appointment.%' ORDER BY seq")
        assert [r["action"] for r in rows] == [
            "appointment.role", "appointment.add", "appointment.role", "appointment.add",
            "appointment.add"]
    finally:
        await store.close()
