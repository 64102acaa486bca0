"""The amendments of 2026-12-01 (draw-protocol.md section 9): each with a genuine and a forged log.

Every log here is checked by both verifiers: the bot's (``verify_log``) and the standalone file,
run as a State's officer runs it (``python3 -I``, here also ``-S``: no site-packages at all).
Genuine logs use real quicknet rounds and carry the Discord message ids, consistent with the
rounds' times, that the bot records; they verify with status 0.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.domain.beacon import RECORDED_SOURCE, time_of_round
from bot.domain.canonical import canon, sha256_hex
from bot.domain.draw import DrawState, compute_result
from bot.domain.drawlog import append_line, close_body, make_redraw_request, verify_log
from bot.domain.errors import InputError
from tests.domain.draw_support import (
    MANIFEST_POSTED,
    posted_at,
    real_round,
    rechain,
    run_bare,
    vector,
    vector_log,
)


def iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build(manifest: dict[str, Any], requests: list[dict[str, Any]], *, close: bool = True,
          manifest_posted: dict[str, str] | None = MANIFEST_POSTED) -> list[bytes]:
    """A log as the bot writes it: each line names the message that published the line before.

    ``requests``: keyword arguments of ``make_redraw_request`` with ``round`` (a real round) and
    ``requested_at`` (an ISO time); the request's message is posted a second after it.
    """
    named = manifest["beacon"]["round"]
    beacon = real_round(named) | {"source": manifest["beacon"]["source"]}
    lines: list[bytes] = []
    result = compute_result(manifest, beacon["randomness"])
    state = DrawState(manifest, result)
    lines.append(append_line(lines, "manifest", manifest))
    lines.append(append_line(lines, "beacon", beacon, manifest_posted))
    lines.append(append_line(lines, "result", result))
    last_post = iso(time_of_round(named) + 10)
    for spec in requests:
        spec = dict(spec)
        round_, at = spec.pop("round"), spec.pop("requested_at")
        request = make_redraw_request(
            state, requested_at=datetime.fromisoformat(at.replace("Z", "+00:00")),
            notice_seconds=0, reason="A conflict of interest", **spec)
        request["beacon"]["round"] = round_
        record = real_round(round_) | {"source": manifest["beacon"]["source"]}
        lines.append(append_line(lines, "redraw_request", request, posted_at(last_post)))
        at_s = datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp()
        lines.append(append_line(lines, "beacon", record, posted_at(iso(at_s + 1))))
        lines.append(append_line(lines, "redraw_result", state.redraw(request,
                                                                      record["randomness"])))
        last_post = iso(time_of_round(round_) + 10)
    if close:
        lines.append(append_line(lines, "close", close_body(state), posted_at(last_post)))
    return lines


def edit(lines: list[bytes], index: int, change: Any, *, posted: Any = "keep") -> list[bytes]:
    """Change line ``index`` (its body, or its posted field) and re-chain, as a forger would."""
    lines = list(lines)
    line = json.loads(lines[index])
    if change is not None:
        change(line["body"])
    if posted != "keep":
        if posted is None:
            line.pop("posted", None)
        else:
            line["posted"] = posted
    lines[index] = canon(line)
    return rechain(lines)


def both(tmp_path: Path, lines: list[bytes]) -> tuple[int, int | None, str]:
    """(status, first bad line, reason) from both verifiers, which must agree."""
    ours = verify_log(lines)
    done = run_bare(tmp_path, lines)
    assert done.returncode == ours.status, (ours.text(), done.stdout, done.stderr)
    if ours.status == 1:
        assert done.stdout.startswith(f"FAILED at line {ours.first_bad_line} "), (
            ours.reason, done.stdout)
    else:
        assert done.stdout.count("not verified:") == len(ours.unverified), done.stdout
    return ours.status, ours.first_bad_line, ours.reason + "\n" + done.stdout


def with_meta(**meta: Any) -> dict[str, Any]:
    manifest = vector("example-manifest")
    manifest["meta"].update(meta)
    return manifest


DDD_SAME = {"sur": "DDD", "slot": "same_group", "requested_by": "DDD", "round": 657413,
            "requested_at": "2023-09-15T10:00:00Z"}


# -- commitment before randomness (section 8.5) ---------------------------------------------

def test_a_manifest_announced_and_posted_before_its_round_verifies(tmp_path: Path) -> None:
    lines = build(with_meta(announced_at="2023-08-23T15:00:00Z"), [DDD_SAME])
    assert both(tmp_path, lines)[0] == 0


def test_a_manifest_announced_after_its_round_fails_at_line_1(tmp_path: Path) -> None:
    for late in ("2023-08-23T15:15:33Z", "2023-08-23T16:00:00Z", "2023-08-23T17:15:34+02:00"):
        lines = build(with_meta(announced_at=late), [DDD_SAME])
        status, line, why = both(tmp_path, lines)
        assert (status, line) == (1, 1) and "announced_at" in why, late


def test_a_manifest_posted_at_or_after_its_round_fails(tmp_path: Path) -> None:
    for when in ("2023-08-23T15:15:33Z", "2023-08-23T15:16:00Z", "2023-08-24T00:00:00Z"):
        lines = build(vector("example-manifest"), [DDD_SAME], manifest_posted=posted_at(when))
        status, line, why = both(tmp_path, lines)
        assert (status, line) == (1, 2) and "not before beacon round 123" in why, when


def test_a_manifest_without_posted_evidence_is_not_fully_verified(tmp_path: Path) -> None:
    lines = build(vector("example-manifest"), [DDD_SAME], manifest_posted=None)
    status, _, why = both(tmp_path, lines)
    assert status == 3 and "the manifest (line 1) before beacon round 123 is not evidenced" in why


def test_a_request_posted_after_its_round_fails(tmp_path: Path) -> None:
    late = edit(vector_log(), 4, None, posted=posted_at("2023-09-15T11:00:03Z"))
    status, line, why = both(tmp_path, late)
    assert (status, line) == (1, 5) and "not before beacon round 657413" in why


def test_a_request_posted_in_a_message_older_than_a_logged_round_fails(tmp_path: Path) -> None:
    reused = edit(vector_log(), 4, None, posted=MANIFEST_POSTED)  # the manifest's own message
    status, line, why = both(tmp_path, reused)
    assert (status, line) == (1, 5) and "older than a beacon round already in the log" in why


def test_a_request_backdated_before_a_round_in_the_log_fails(tmp_path: Path) -> None:
    genuine = vector_log()
    forged = edit(genuine, 3, lambda body: body.update(requested_at="2023-08-23T15:10:00Z"))
    # the redraw result recomputes (it depends on the request), so that is fixed up too
    request = json.loads(forged[3])["body"]
    state = DrawState(vector("example-manifest"), vector("example-result"))
    forged = edit(forged, 5, lambda body: body.update(
        state.redraw(request, real_round(657413)["randomness"])))
    status, line, why = both(tmp_path, forged[:6])
    assert (status, line) == (1, 4) and "earlier than round 123" in why


def test_a_request_for_a_round_already_in_the_log_fails(tmp_path: Path) -> None:
    lines = vector_log(closed=False)
    lines.append(append_line(lines, "redraw_request", vector("example-redraw-request-2")))
    status, line, _ = both(tmp_path, lines)
    assert (status, line) == (1, 7)


def test_a_pending_request_is_listed_as_not_evidenced(tmp_path: Path) -> None:
    status, _, why = both(tmp_path, vector_log(closed=False)[:4])
    assert status == 3 and "line 4: the publication of the redraw request" in why


# -- the log's ends, framing and beacons (sections 7, 8.1, 8.2) ----------------------------

def test_a_log_ending_after_a_beacon_fails(tmp_path: Path) -> None:
    for n in (2, 5):
        status, line, why = both(tmp_path, vector_log()[:n])
        assert (status, line) == (1, n) and "result is missing" in why


@pytest.mark.parametrize("damage", ["crlf", "bom", "blank", "two newlines"])
def test_carriage_returns_byte_order_marks_and_empty_lines_fail(tmp_path: Path,
                                                                damage: str) -> None:
    data = b"".join(line + b"\n" for line in vector_log())
    bad = {"crlf": data.replace(b"\n", b"\r\n"), "bom": b"\xef\xbb\xbf" + data,
           "blank": data.replace(b"\n", b"\n\n", 1), "two newlines": data + b"\n"}[damage]
    from bot.domain.drawlog import split_log

    ours = verify_log(split_log(bad))
    done = run_bare(tmp_path, bad)
    assert ours.status == done.returncode == 1, (ours.reason, done.stdout)
    assert done.stdout.startswith(f"FAILED at line {ours.first_bad_line} ")


def test_made_up_values_fail_whatever_the_source(tmp_path: Path) -> None:
    manifest = vector("example-manifest")
    manifest["beacon"]["source"] = RECORDED_SOURCE
    signature = "a" * 96
    made_up = {"source": RECORDED_SOURCE, "chain_hash": manifest["beacon"]["chain_hash"],
               "round": 123, "signature": signature,
               "randomness": sha256_hex(bytes.fromhex(signature))}
    lines: list[bytes] = []
    for kind, body, post in (("manifest", manifest, None), ("beacon", made_up, MANIFEST_POSTED),
                             ("result", compute_result(manifest, made_up["randomness"]), None)):
        lines.append(append_line(lines, kind, body, post))
    status, line, why = both(tmp_path, lines)
    assert (status, line) == (1, 2) and "BLS signature does not verify" in why


def test_recorded_real_values_verify_with_status_3_for_the_recording_only(tmp_path: Path) -> None:
    manifest = vector("example-manifest")
    manifest["beacon"]["source"] = RECORDED_SOURCE
    lines = build(manifest, [])
    status, _, why = both(tmp_path, lines)
    assert status == 3 and "not live drand quicknet" in why
    assert verify_log(lines).unverified == [
        "line 2, beacon round 123: source 'drand-quicknet (recorded)' is not live drand "
        "quicknet: its signature verifies, but the value is not verified"]


# -- redraw requests (section 8.4) ---------------------------------------------------------

def test_excluded_lists_each_holder_once_in_first_held_order(tmp_path: Path) -> None:
    second = {"sur": "DDD", "slot": "same_group", "requested_by": "DDD", "round": 1000000,
              "requested_at": "2023-09-20T00:00:00Z"}
    genuine = build(vector("example-manifest"), [DDD_SAME, second])
    assert json.loads(genuine[6])["body"]["excluded"] == ["AAA", "CCC"]
    assert both(tmp_path, genuine)[0] == 0
    for wrong in (["CCC", "AAA"], ["AAA", "CCC", "AAA"], ["AAA"]):
        forged = edit(genuine, 6, lambda body, w=wrong: body.update(excluded=w))
        status, line, why = both(tmp_path, forged)
        assert (status, line) == (1, 7) and "each once, in the order" in why, wrong


def test_a_request_for_another_draw_or_manifest_fails(tmp_path: Path) -> None:
    for change in ({"draw_id": "another"}, {"manifest_sha256": "0" * 64}):
        forged = edit(vector_log(), 3, lambda body, c=change: body.update(c))
        status, line, why = both(tmp_path, forged)
        assert (status, line) == (1, 4) and "another draw or another manifest" in why


# -- the amended redraw rules (section 6) --------------------------------------------------

def comeback_manifest() -> dict[str, Any]:
    """SUR S1's same-group reviewer A1 covers TIP; the only other one, B1, does not.

    Redrawing S1's same-group slot must give B1, whose missing TIP needs an additional
    reviewer. A1, just released, would be the only one on the same side: the amended rule bars
    it, so the additional reviewer comes from the other group (widened).
    """
    party = {"legal": ["civil"], "load": 0}
    pool = [
        {"code": "S1", "group": "G1", "instruments": ["TIP", "UNTOC"], **party},
        {"code": "A1", "group": "G1", "instruments": ["TIP", "UNTOC"], **party},
        {"code": "B1", "group": "G1", "instruments": ["UNTOC"], **party},
        {"code": "C2", "group": "G2", "instruments": ["TIP", "UNTOC"], **party},
        {"code": "D2", "group": "G2", "instruments": ["TIP", "UNTOC"], **party},
    ]
    manifest = vector("example-manifest")
    manifest.update(draw_id="comeback-1", instruments=["UNTOC", "TIP"], pool=pool,
                    under_review=["S1"], existing=[])
    manifest["meta"] = {"title": "A released State does not come back"}
    return manifest


S1_SAME = {"sur": "S1", "slot": "same_group", "requested_by": "S1", "round": 657413,
           "requested_at": "2023-09-15T10:00:00Z"}


def test_a_state_redrawn_away_cannot_come_back_as_that_slots_additional(tmp_path: Path) -> None:
    genuine = build(comeback_manifest(), [S1_SAME])
    assert json.loads(genuine[2])["body"]["assignments"]["S1"]["same_group"] == "A1"
    redraw = json.loads(genuine[5])["body"]
    assert (redraw["old"], redraw["new"]) == ("A1", "B1")
    (added,) = redraw["additional"]
    assert added["code"] != "A1" and added["widened"] is True and added["instruments"] == ["TIP"]
    assert both(tmp_path, genuine)[0] == 0
    # the reading before the amendment drew A1 back, on the slot's own side
    forged = edit(genuine, 5, lambda body: body.update(additional=[
        {"slot": "same_group", "code": "A1", "instruments": ["TIP"], "widened": False}]))
    forged = edit(forged, 6, lambda body: body["final"]["S1"].update(
        additional=json.loads(forged[5])["body"]["additional"]))
    status, line, why = both(tmp_path, forged)
    assert (status, line) == (1, 6) and "redraw" in why


def test_a_redraw_lists_only_its_own_additional_reviewers(tmp_path: Path) -> None:
    genuine = build(comeback_manifest(), [S1_SAME])
    final = json.loads(genuine[6])["body"]["final"]["S1"]
    assert json.loads(genuine[5])["body"]["additional"] == final["additional"]
    # a second SUR-wide entry (the other slot's) must not be repeated in a redraw result
    other = {"slot": "other_group", "code": "D2", "instruments": ["TIP"], "widened": False}
    forged = edit(genuine, 5, lambda body: body.update(
        additional=[*body["additional"], other]))
    status, line, _ = both(tmp_path, forged)
    assert (status, line) == (1, 6)


def test_the_engine_and_compute_refuse_what_the_verifier_refuses() -> None:
    state = DrawState(vector("example-manifest"), vector("example-result"))
    at = datetime(2023, 8, 23, 15, 10, tzinfo=UTC)  # before round 123, already in the log
    with pytest.raises(InputError, match="earlier than round 123"):
        make_redraw_request(state, sur="DDD", slot="same_group", requested_by="DDD",
                            reason="conflict", requested_at=at, notice_seconds=3600)
    request = make_redraw_request(state, sur="DDD", slot="same_group", requested_by="DDD",
                                  reason="conflict", requested_at=at + timedelta(minutes=10),
                                  notice_seconds=600)
    assert request["beacon"]["round"] > 123


@pytest.mark.parametrize("bit", range(3, 384, 29))
def test_a_signature_with_any_bit_changed_fails_in_both_verifiers(bit: int,
                                                                   tmp_path: Path) -> None:
    """Randomness and result recomputed from the changed signature: only BLS can tell."""
    manifest = vector("example-manifest")
    genuine = real_round(123)
    raw = bytearray(bytes.fromhex(genuine["signature"]))
    raw[bit // 8] ^= 0x80 >> (bit % 8)
    forged = genuine | {"signature": raw.hex(), "randomness": sha256_hex(bytes(raw))}
    lines: list[bytes] = []
    for kind, body, post in (("manifest", manifest, None), ("beacon", forged, MANIFEST_POSTED),
                             ("result", compute_result(manifest, forged["randomness"]), None)):
        lines.append(append_line(lines, kind, body, post))
    status, line, why = both(tmp_path, lines)
    assert (status, line) == (1, 2) and "BLS signature does not verify" in why
