"""The draw log: built from the vectors it verifies, and every kind of tampering is caught."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.domain.beacon import RECORDED_SOURCE, RecordedBeacons
from bot.domain.canonical import canon, loads_canonical, sha256_hex
from bot.domain.draw import DrawState, compute_result, replay
from bot.domain.drawlog import (
    append_line,
    check_redraw_request,
    close_body,
    join_log,
    make_line,
    make_redraw_request,
    split_log,
    verify_log,
)
from bot.domain.errors import InputError
from tests.domain.draw_support import rechain, vector, vector_log

R657413 = vector("example-beacon-657413")["randomness"]
RECOMPUTED = {"result", "redraw_result", "close"}


def mutate(data: bytes, pos: int) -> bytes:
    """Change one byte, to one of the same kind where possible, so the JSON often stays valid."""
    ch = chr(data[pos])
    if ch.isdigit():
        new = str((int(ch) + 1) % 10)
    elif "a" <= ch <= "z":
        new = chr((ord(ch) - 97 + 1) % 26 + 97)
    elif "A" <= ch <= "Z":
        new = chr((ord(ch) - 65 + 1) % 26 + 65)
    else:
        new = "x"
    return data[:pos] + new.encode() + data[pos + 1:]


def test_the_vector_log_verifies_with_bls_and_publication_evidence() -> None:
    report = verify_log(vector_log())
    assert report.ok, report.reason
    assert report.status == 0 and report.closed and report.lines == 7
    assert report.summary().startswith("OK: 7 lines, draw closed")


def test_a_log_may_stop_after_a_result_or_a_pending_request_only() -> None:
    lines = vector_log(closed=False)
    statuses = {n: verify_log(lines[:n]) for n in range(1, 7)}
    assert [n for n, r in statuses.items() if r.ok] == [3, 4, 6]
    assert statuses[3].status == 0 and statuses[6].status == 0 and not statuses[6].closed
    # a pending request: its publication is evidenced only by the next line, still to come
    assert statuses[4].status == 3
    assert "line 4" in statuses[4].unverified[0] and "not evidenced" in statuses[4].unverified[0]
    for n in (2, 5):  # after a beacon whose result is missing
        assert statuses[n].first_bad_line == n and "result is missing" in statuses[n].reason
    assert statuses[1].first_bad_line == 1 and "ends after the manifest" in statuses[1].reason


def test_the_second_vector_request_fails_because_its_round_precedes_it() -> None:
    lines = vector_log(closed=False)
    lines.append(append_line(lines, "redraw_request", vector("example-redraw-request-2")))
    report = verify_log(lines)
    assert not report.ok
    assert (report.first_bad_line, report.bad_seq) == (7, 6)
    assert "requested_at" in report.reason and "123" in report.reason


def test_the_jsonl_file_round_trips() -> None:
    lines = vector_log()
    data = join_log(lines)
    assert data.endswith(b"\n") and data.count(b"\n") == 7
    assert split_log(data) == lines


@pytest.mark.parametrize("index", range(7))
def test_changing_any_single_byte_is_caught_at_that_line_or_the_next(index: int) -> None:
    lines = vector_log()
    line_type = json.loads(lines[index])["type"]
    posted = b'"posted"' in lines[index]
    # the last line's posted names the message of the line before it; no later line hashes it
    # and nothing in the log depends on it, so a change there cannot be seen
    free = range(lines[index].find(b'"posted"'), lines[index].find(b'"prev"')) if (
        index == len(lines) - 1 and posted) else range(0)
    for pos in range(index % 7, len(lines[index]), 29):
        if pos in free:
            continue
        bad = list(lines)
        bad[index] = mutate(lines[index], pos)
        report = verify_log(bad)
        where = f"line {index + 1}, byte {pos}: {bad[index][max(0, pos - 20):pos + 20]!r}"
        assert not report.ok, where
        if line_type in RECOMPUTED and not posted or index == len(lines) - 1:
            assert report.first_bad_line == index + 1, (where, report.reason)
        else:
            assert report.first_bad_line in (index + 1, index + 2), (where, report.reason)
            if report.first_bad_line == index + 2:
                assert "prev" in report.reason


def test_non_canonical_spacing_is_caught_at_that_line() -> None:
    lines = vector_log()
    lines[2] = lines[2].replace(b'{"body":', b'{"body": ', 1)
    report = verify_log(lines)
    assert report.first_bad_line == 3 and "canonical" in report.reason


def test_reordering_lines_is_caught() -> None:
    lines = vector_log()
    lines[3], lines[4] = lines[4], lines[3]
    report = verify_log(lines)
    assert report.first_bad_line == 4 and "seq" in report.reason


def test_reordering_and_rechaining_is_still_caught() -> None:
    lines = vector_log()
    lines[3], lines[4] = lines[4], lines[3]
    report = verify_log(rechain(lines))
    assert report.first_bad_line == 4 and "cannot come here" in report.reason


@pytest.mark.parametrize("dropped", [0, 1, 2, 3, 4, 5])
def test_dropping_a_line_is_caught(dropped: int) -> None:
    lines = vector_log()
    del lines[dropped]
    report = verify_log(lines)
    assert not report.ok
    assert report.first_bad_line == dropped + 1


def test_dropping_a_line_and_rechaining_is_still_caught() -> None:
    lines = vector_log()
    del lines[4]  # the beacon of the redraw
    report = verify_log(rechain(lines))
    assert report.first_bad_line == 5 and "cannot come here" in report.reason


def _edit(lines: list[bytes], index: int, change: object) -> list[bytes]:
    line = json.loads(lines[index])
    change(line["body"])  # type: ignore[operator]
    lines[index] = canon(line)
    return rechain(lines)


def test_an_altered_result_is_caught_even_when_rechained() -> None:
    lines = _edit(vector_log(), 2,
                  lambda body: body["assignments"]["DDD"].update(other_group="LLL"))
    report = verify_log(lines)
    assert report.first_bad_line == 3 and "assignments" in report.reason


def test_an_altered_redraw_result_or_close_is_caught() -> None:
    report = verify_log(_edit(vector_log(), 5, lambda body: body.update(new="BBB")))
    assert report.first_bad_line == 6 and "'new'" in report.reason
    report = verify_log(_edit(vector_log(), 6,
                              lambda body: body["final"]["DDD"].update(same_group="AAA")))
    assert report.first_bad_line == 7 and "close" in report.reason


def test_an_invented_beacon_value_is_caught() -> None:
    report = verify_log(_edit(vector_log(), 1, lambda body: body.update(randomness="0" * 64)))
    assert report.first_bad_line == 2 and "SHA-256" in report.reason


def test_a_beacon_for_another_round_is_caught() -> None:
    report = verify_log(_edit(vector_log(), 1, lambda body: body.update(
        vector("example-beacon-657413"))))
    assert report.first_bad_line == 2 and "round 123 was named" in report.reason


def test_a_request_by_a_state_outside_the_review_is_refused() -> None:
    report = verify_log(_edit(vector_log(), 3, lambda body: body.update(requested_by="BBB")))
    assert report.first_bad_line == 4 and "may not ask" in report.reason


def test_a_request_that_hides_a_former_holder_is_refused() -> None:
    report = verify_log(_edit(vector_log(), 3, lambda body: body.update(excluded=[])))
    assert report.first_bad_line == 4 and "excluded" in report.reason


def test_a_request_with_a_wrong_attempt_number_is_refused() -> None:
    report = verify_log(_edit(vector_log(), 3, lambda body: body.update(attempt=2)))
    assert report.first_bad_line == 4 and "attempt" in report.reason


def test_nothing_may_follow_the_close_line() -> None:
    lines = vector_log()
    lines.append(append_line(lines, "redraw_request", vector("example-redraw-request-2")))
    report = verify_log(lines)
    assert report.first_bad_line == 8 and "closed" in report.reason


def test_floats_are_refused_everywhere() -> None:
    with pytest.raises(ValueError, match="decimal numbers"):
        canon({"a": [1, {"b": 0.5}]})
    with pytest.raises(ValueError, match="decimal numbers"):
        canon(float("nan"))
    with pytest.raises(ValueError, match="decimal numbers"):
        make_line(0, None, "manifest", {"load": 1.0})
    with pytest.raises(ValueError, match="decimal numbers"):
        loads_canonical(b'{"a":1.5}')
    with pytest.raises(ValueError, match="NaN"):
        loads_canonical(b'{"a":NaN}')
    lines = vector_log()
    lines[2] = lines[2].replace(b'"legal_match":true', b'"legal_match":1.0', 1)
    report = verify_log(rechain_raw(lines))
    assert report.first_bad_line == 3 and "decimal" in report.reason


def rechain_raw(lines: list[bytes]) -> list[bytes]:
    """Fix the prev hashes without parsing the lines (for lines our code would refuse)."""
    out = [lines[0]]
    for raw in lines[1:]:
        prev = json.loads(raw)["prev"]
        out.append(raw.replace(prev.encode(), sha256_hex(out[-1]).encode(), 1))
    return out


def test_canonical_json_refuses_what_other_implementations_would_read_differently() -> None:
    with pytest.raises(ValueError, match="too large"):
        canon({"id": 2**60})
    with pytest.raises(ValueError, match="Basic Multilingual Plane"):
        canon({"\U0001f600": 1})
    with pytest.raises(ValueError, match="twice"):
        loads_canonical(b'{"a":1,"a":1}')
    assert canon({"b": "é", "a": [True, None]}) == '{"a":[true,null],"b":"é"}'.encode()


def _state() -> DrawState:
    return replay(vector("example-manifest"), vector("example-result"), [])


def test_a_third_request_needs_an_exceptional_authorization() -> None:
    state = _state()
    state.requests[("DDD", "DDD")] = 2
    at = datetime(2023, 9, 15, 10, 0, tzinfo=UTC)
    with pytest.raises(InputError, match="used its 2 redraws"):
        make_redraw_request(state, sur="DDD", slot="same_group", requested_by="DDD",
                            reason="conflict", requested_at=at, notice_seconds=3600)
    with pytest.raises(InputError, match="used its 2 redraws"):
        make_redraw_request(state, sur="DDD", slot="same_group", requested_by="DDD",
                            reason="conflict", requested_at=at, notice_seconds=3600,
                            exceptional=True, authorization="  ")
    request = make_redraw_request(
        state, sur="DDD", slot="same_group", requested_by="DDD", reason="conflict",
        requested_at=at, notice_seconds=3600, exceptional=True,
        authorization="The Chair, after consulting the bureau")
    assert request["attempt"] == 3 and request["beacon"]["round"] == 657413


def test_a_built_request_matches_the_vector() -> None:
    request = make_redraw_request(
        _state(), sur="DDD", slot="same_group", requested_by="DDD", reason="Example request",
        requested_at=datetime(2023, 9, 15, 10, 0, tzinfo=UTC), notice_seconds=3600)
    assert canon(request) == canon(vector("example-redraw-request"))


def test_requests_for_a_failed_or_unknown_review_are_refused() -> None:
    request = vector("example-redraw-request") | {"sur": "MMM", "requested_by": "MMM"}
    with pytest.raises(InputError, match="no drawn reviewers"):
        check_redraw_request(_state(), request)
    request = vector("example-redraw-request") | {"slot": "additional:same_group"}
    with pytest.raises(InputError, match="no reviewer on slot"):
        check_redraw_request(_state(), request)


def test_a_draw_on_recorded_rounds_verifies_but_is_not_called_verified() -> None:
    recorded = RecordedBeacons.bundled()
    manifest = vector("example-manifest")
    manifest["beacon"]["source"] = RECORDED_SOURCE
    record = recorded.get(123)
    lines: list[bytes] = []
    for kind, body in (("manifest", manifest), ("beacon", record.body()),
                       ("result", compute_result(manifest, record.randomness))):
        lines.append(append_line(lines, kind, body))
    lines.append(append_line(lines, "close", close_body(replay(
        manifest, json.loads(lines[2])["body"], []))))
    report = verify_log(lines)
    assert report.ok and report.closed and report.status == 3
    assert report.summary().startswith("NOT FULLY VERIFIED") and "OK" not in report.summary()
    assert any("recorded" in item for item in report.unverified)


def test_a_recorded_beacon_cannot_stand_in_for_a_live_one() -> None:
    lines = vector_log(closed=False)[:1]
    lines.append(append_line(lines, "beacon", RecordedBeacons.bundled().get(123).body()))
    report = verify_log(lines)
    assert report.first_bad_line == 2 and "source" in report.reason


def test_an_empty_log_fails() -> None:
    report = verify_log([])
    assert not report.ok and report.first_bad_line == 1
