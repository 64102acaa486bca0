"""The published reviewer-draw/v1 vectors reproduce byte for byte."""

from __future__ import annotations

import hashlib
import hmac
import sys
from datetime import UTC, datetime

import pytest

from bot.domain.beacon import (
    QUICKNET_CHAIN_HASH,
    RECORDED_SOURCE,
    BeaconRecord,
    RecordedBeacons,
    bls_available,
    check_beacon,
    first_round_after,
    round_at,
    time_of_round,
)
from bot.domain.bls_checks import forget_verdicts
from bot.domain.canonical import canon, sha256_hex
from bot.domain.draw import Scorer, compute_redraw, compute_result, final_assignments
from bot.domain.errors import InputError
from tests.domain.draw_support import MANIFEST_SHA256, vector

R123 = vector("example-beacon-123")["randomness"]
R657413 = vector("example-beacon-657413")["randomness"]


def test_manifest_hash_is_the_published_one() -> None:
    manifest = vector("example-manifest")
    assert sha256_hex(canon(manifest)) == MANIFEST_SHA256
    assert vector("example-result")["manifest_sha256"] == MANIFEST_SHA256
    assert vector("example-redraw-request")["manifest_sha256"] == MANIFEST_SHA256


def test_result_vector_reproduces_byte_for_byte() -> None:
    result = compute_result(vector("example-manifest"), R123)
    assert canon(result) == canon(vector("example-result"))
    assert result["order"] == ["AAA", "DDD", "JJJ", "MMM", "EEE"]
    assert list(result["assignments"]) == result["order"]


def test_first_redraw_vector_reproduces() -> None:
    redraw = compute_redraw(vector("example-manifest"), vector("example-result"), [],
                            vector("example-redraw-request"), R657413)
    assert canon(redraw) == canon(vector("example-redraw-result"))


def test_second_redraw_vector_reproduces_after_the_first() -> None:
    earlier = [(vector("example-redraw-request"), R657413)]
    redraw = compute_redraw(vector("example-manifest"), vector("example-result"), earlier,
                            vector("example-redraw-request-2"), R123)
    assert canon(redraw) == canon(vector("example-redraw-result-2"))


def test_final_state_after_both_redraws() -> None:
    final = final_assignments(
        vector("example-manifest"), vector("example-result"),
        [(vector("example-redraw-request"), R657413), (vector("example-redraw-request-2"), R123)],
    )
    assert list(final) == ["AAA", "DDD", "JJJ", "MMM", "EEE"]
    assert final["DDD"]["same_group"] == "CCC"
    assert final["JJJ"]["other_group"] == "DDD"
    assert final["JJJ"]["additional"] == [
        {"slot": "other_group", "code": "FFF", "instruments": ["TIP"], "widened": False}]
    assert final["MMM"] == {"failed": "no admissible pair"}


def test_fast_scores_equal_plain_hmac() -> None:
    key = hashlib.sha256(b"any key").digest()
    scorer = Scorer(key)
    for parts in (("order", "AAA"), ("pair", "AAA", "CCC", "FFF"), ("redraw", "Ça", "x", 2, "é")):
        plain = hmac.new(key, canon(list(parts)), hashlib.sha256).digest()
        assert scorer.score(*parts) == plain
    candidates = ["CCC", "FFF", "ÅLAND"]
    expected = min(candidates,
                   key=lambda c: hmac.new(key, canon(["x", 1, c]), hashlib.sha256).digest())
    assert scorer.argmin(("x", 1), candidates) == expected


def test_a_changed_manifest_changes_the_commitment() -> None:
    manifest = vector("example-manifest")
    manifest["meta"]["title"] = "Example draw for the specification!"
    result = compute_result(manifest, R123)
    assert result["manifest_sha256"] != MANIFEST_SHA256


@pytest.mark.parametrize("bad", ["FB8F" + R123[4:], R123[:-2], "zz" * 32, ""])
def test_randomness_must_be_lower_case_hex(bad: str) -> None:
    with pytest.raises(InputError, match="64 lower-case hexadecimal"):
        compute_result(vector("example-manifest"), bad)


def test_invalid_manifest_is_refused_with_a_reason() -> None:
    manifest = vector("example-manifest")
    manifest["under_review"].append("ZZZ")
    with pytest.raises(InputError, match="missing from the pool"):
        compute_result(manifest, R123)
    manifest = vector("example-manifest")
    manifest["pool"][0]["load"] = 0.0
    with pytest.raises(InputError, match="decimal numbers"):
        compute_result(manifest, R123)


def _utc(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).timestamp()


def test_quicknet_round_times_match_the_published_ones() -> None:
    assert time_of_round(123) == _utc("2023-08-23T15:15:33Z")
    assert time_of_round(657413) == _utc("2023-09-15T11:00:03Z")
    assert round_at(_utc("2023-09-15T11:00:03Z")) == 657413
    assert round_at(_utc("2023-09-15T11:00:05Z")) == 657413
    # The first request, made at 10:00 with one hour's notice, names round 657413.
    assert first_round_after(_utc("2023-09-15T10:00:00Z"), 3600) == 657413
    assert first_round_after(0, 0) == 1


def test_vector_beacons_verify() -> None:
    for name, round_ in (("example-beacon-123", 123), ("example-beacon-657413", 657413)):
        record = BeaconRecord.model_validate(vector(name))
        assert record.chain_hash == QUICKNET_CHAIN_HASH
        check = check_beacon(record, round_, both=True)
        assert check.ok and check.bls_checked and check.verified, check.reason


def test_forged_beacons_are_refused() -> None:
    record = BeaconRecord.model_validate(vector("example-beacon-123"))
    assert not check_beacon(record, 124).ok
    flipped = record.signature[:-1] + ("0" if record.signature[-1] != "0" else "1")
    forged = record.model_copy(update={"signature": flipped,
                                       "randomness": sha256_hex(bytes.fromhex(flipped))})
    check = check_beacon(forged, 123)
    assert not check.ok and "BLS signature does not verify" in check.reason
    wrong_value = record.model_copy(update={"randomness": R657413})
    assert "SHA-256 of the signature" in check_beacon(wrong_value, 123).reason


@pytest.fixture
def without(monkeypatch: pytest.MonkeyPatch):
    """Make a package impossible to import, as on a machine where it is missing or broken."""
    def block(module: str) -> None:
        monkeypatch.setitem(sys.modules, module, None)
        forget_verdicts()

    yield block
    monkeypatch.undo()
    forget_verdicts()


def test_without_drand_verify_the_pure_code_still_checks_but_a_live_draw_refuses(without) -> None:
    without("drand_verify")
    record = BeaconRecord.model_validate(vector("example-beacon-123"))
    check = check_beacon(record, 123)
    assert check.ok and check.verified  # the pure-Python code alone is a complete check
    live = check_beacon(record, 123, both=True)
    assert not live.ok and not live.verified and "drand-verify package cannot run" in live.reason
    assert not bls_available()


def test_without_the_pure_code_a_live_draw_refuses_too(without) -> None:
    without("bot.domain.bls12381")
    record = BeaconRecord.model_validate(vector("example-beacon-123"))
    assert check_beacon(record, 123).verified  # drand-verify alone
    live = check_beacon(record, 123, both=True)
    assert not live.ok and "pure-Python BLS12-381 code cannot run" in live.reason


def test_without_any_bls_code_nothing_is_verified(without) -> None:
    without("drand_verify")
    without("bot.domain.bls12381")
    check = check_beacon(BeaconRecord.model_validate(vector("example-beacon-123")), 123)
    assert check.ok and not check.bls_checked and not check.verified
    assert "could not be checked" in check.reason


def test_a_false_signature_fails_whatever_the_source() -> None:
    record = BeaconRecord.model_validate(vector("example-beacon-123"))
    flipped = record.signature[:-1] + ("0" if record.signature[-1] != "0" else "1")
    for source in (RECORDED_SOURCE, "made up"):
        forged = record.model_copy(update={"source": source, "signature": flipped,
                                           "randomness": sha256_hex(bytes.fromhex(flipped))})
        check = check_beacon(forged, 123)
        assert not check.ok and "BLS signature does not verify" in check.reason, source
    other_chain = record.model_copy(update={"source": "elsewhere", "chain_hash": "0" * 64})
    check = check_beacon(other_chain, 123)
    assert check.ok and not check.bls_checked and "could not be checked" in check.reason


def test_recorded_beacons_say_so_and_still_reproduce_the_vector() -> None:
    recorded = RecordedBeacons.bundled()
    assert recorded.rounds() == [123, 657413]
    record = recorded.get(123)
    assert record.source == RECORDED_SOURCE
    check = check_beacon(record, 123)
    assert check.ok and check.bls_checked and not check.verified
    assert "not live drand quicknet" in check.reason
    result = compute_result(vector("example-manifest"), record.randomness)
    assert canon(result) == canon(vector("example-result"))
    with pytest.raises(LookupError, match="not among the recorded rounds"):
        recorded.get(124)
