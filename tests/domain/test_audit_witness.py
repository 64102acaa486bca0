"""Checked against its checkpoints (and its key), the chain cannot be rewritten quietly."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.audit import (
    GENESIS,
    KEYED,
    PLAIN,
    AuditEntry,
    ChainChecker,
    Checkpoint,
    checkpoint_line,
    checkpoint_text,
    entry_hash,
    parse_checkpoint_text,
    parse_checkpoints,
    verify_chain,
)

KEY = b"a-long-random-audit-key-0123456789"


def build(count: int, *, key: bytes | None = None, keyed_from: int = 1,
          start: list[AuditEntry] | None = None) -> list[AuditEntry]:
    out = list(start or [])
    prev = out[-1].hash if out else GENESIS
    for i in range(len(out) + 1, count + 1):
        at = f"2026-11-26T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z"
        use = key if key is not None and i >= keyed_from else None
        digest = entry_hash(i, at, "system", "test", f"s{i}", {"n": i}, prev, use)
        out.append(AuditEntry(i, at, "system", "test", f"s{i}", {"n": i}, prev, digest,
                              KEYED if use else PLAIN))
        prev = digest
    return out


def point(chain: list[AuditEntry], seq: int) -> Checkpoint:
    return Checkpoint(seq, chain[seq - 1].hash, chain[seq - 1].at)


def recompute(chain: list[AuditEntry], index: int, **change) -> list[AuditEntry]:
    """Change one entry and recompute every hash from it on, as a forger with the file can."""
    out, prev = chain[:index], chain[index - 1].hash if index else GENESIS
    for e in chain[index:]:
        e = replace(e, **change) if e.seq == index + 1 else e
        digest = entry_hash(e.seq, e.at, e.actor, e.action, e.subject, e.details, prev)
        out.append(replace(e, prev_hash=prev, hash=digest, alg=PLAIN))
        prev = digest
    return out


def test_truncation_is_named_against_the_checkpoint_that_saw_more():
    chain = build(30)
    report = verify_chain(chain[:25], checkpoints=[point(chain, 10), point(chain, 28)])
    assert not report.ok and report.first_broken == 26
    assert "ends at entry 25" in report.reason and "witnessed entry 28" in report.reason


@settings(max_examples=40, derandomize=True)
@given(st.integers(5, 40), st.data())
def test_a_recomputed_rewrite_parts_from_the_checkpoints(count, data):
    chain = build(count)
    witnessed = sorted(set(data.draw(st.lists(st.integers(1, count), min_size=1, max_size=4))))
    points = [point(chain, s) for s in witnessed]
    changed = data.draw(st.integers(0, witnessed[-1] - 1))
    forged = recompute(chain, changed, subject="rewritten")
    assert verify_chain(forged).ok  # on its own the chain still looks intact
    report = verify_chain(forged, checkpoints=points)
    first_after = min(s for s in witnessed if s > changed)
    assert not report.ok and report.first_broken == first_after
    assert "the chain and the checkpoints part after entry" in report.reason


def test_an_appended_row_dated_before_the_last_checkpoint_is_found():
    chain = build(20)
    points = [replace(point(chain, 20), as_of="2026-11-26T10:00:00Z")]
    forged = build(21, start=chain)  # the new row's date is 2026-11-26T00:00:21Z
    report = verify_chain(forged, checkpoints=points)
    assert not report.ok and report.first_broken == 21 and "added afterwards" in report.reason


def test_with_the_key_an_appended_or_recomputed_row_is_found():
    chain = build(12, key=KEY, keyed_from=6)  # the key was set after entry 5
    assert verify_chain(chain, key=KEY).ok and verify_chain(chain, key=KEY).keyed == 7
    forged = build(13, start=chain)  # appended without the key
    report = verify_chain(forged, key=KEY)
    assert not report.ok and report.first_broken == 13 and "without the key" in report.reason
    wrong_key = build(13, key=b"someone-elses-key-0123456789", start=chain)
    report = verify_chain(wrong_key, key=KEY)
    assert not report.ok and report.first_broken == 13 and "MAC" in report.reason
    assert "not set" in verify_chain(chain).reason  # keyed entries need the key to be checked


def test_a_row_whose_details_are_not_json_is_named_not_raised():
    chain = build(5)
    checker = ChainChecker()
    for e in chain[:2]:
        assert checker.feed((e.seq, e.at, e.actor, e.action, e.subject, f'{{"n":{e.seq}}}',
                             e.prev_hash, e.hash, e.alg))
    e = chain[2]
    assert not checker.feed((e.seq, e.at, e.actor, e.action, e.subject, "not json{",
                             e.prev_hash, e.hash, e.alg))
    report = checker.finish()
    assert report.first_broken == 3 and "not JSON" in report.reason
    broken = ChainChecker()
    assert not broken.feed((1, None, "x", "y", "z", "{}", GENESIS, "h", PLAIN))
    assert broken.finish().first_broken == 1


def test_checkpoints_read_back_from_their_message_and_their_file():
    chain = build(3)
    cp = point(chain, 3)
    assert parse_checkpoint_text(checkpoint_text(cp)) == cp
    assert parse_checkpoint_text("Audit checkpoint — entry 3, head hash `xyz`") is None
    lines = checkpoint_line(cp) + "\n\n" + checkpoint_line(replace(cp, seq=1, hash="0" * 64))
    assert [p.seq for p in parse_checkpoints(lines)] == [1, 3]
