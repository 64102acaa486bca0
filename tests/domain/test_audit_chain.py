"""The audit chain finds any edit, removal or reordering."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.audit import GENESIS, AuditEntry, entry_hash, verify_chain


def build(subjects: list[str]) -> list[AuditEntry]:
    out, prev = [], GENESIS
    for i, subject in enumerate(subjects, start=1):
        at = f"2026-11-26T10:{i % 60:02d}:00Z"
        digest = entry_hash(i, at, "system", "test", subject, {"n": i}, prev)
        out.append(AuditEntry(i, at, "system", "test", subject, {"n": i}, prev, digest))
        prev = digest
    return out


@given(st.lists(st.text(max_size=20), min_size=1, max_size=30), st.data())
def test_any_single_edit_is_found_at_that_entry(subjects, data):
    chain = build(subjects)
    assert verify_chain(chain).ok
    index = data.draw(st.integers(0, len(chain) - 1))
    field = data.draw(st.sampled_from(["subject", "actor", "details", "at"]))
    value = {"subject": chain[index].subject + "x", "actor": "12345",
             "details": {"n": -1}, "at": "2020-01-01T00:00:00Z"}[field]
    tampered = list(chain)
    tampered[index] = replace(chain[index], **{field: value})
    report = verify_chain(tampered)
    assert not report.ok and report.first_broken == index + 1


@given(st.lists(st.text(max_size=5), min_size=3, max_size=20), st.data())
def test_removing_or_swapping_entries_is_found(subjects, data):
    chain = build(subjects)
    index = data.draw(st.integers(1, len(chain) - 2))
    dropped = chain[:index] + chain[index + 1:]
    assert verify_chain(dropped).first_broken == index + 2
    swapped = list(chain)
    swapped[index], swapped[index + 1] = swapped[index + 1], swapped[index]
    assert verify_chain(swapped).first_broken == index + 2
