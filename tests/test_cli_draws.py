"""`deskreview draw compute | verify | verifier`, as a State checking a draw would run them."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.canonical import canon
from bot.domain.drawlog import append_line, join_log, standalone_verifier_source, verify_log
from tests.domain.draw_support import BEACONS, VECTORS, vector, vector_log

MANIFEST = str(VECTORS / "example-manifest.json")
BEACON_123 = str(BEACONS / "quicknet-round-123.json")
BEACON_657413 = str(BEACONS / "quicknet-round-657413.json")
REQUEST_1 = str(VECTORS / "example-redraw-request.json")
REQUEST_2 = str(VECTORS / "example-redraw-request-2.json")


def compute(capsysbinary: pytest.CaptureFixture[bytes], *extra: str) -> bytes:
    assert main(["draw", "compute", MANIFEST, "--beacon", BEACON_123, *extra]) == 0
    out, err = capsysbinary.readouterr()
    assert b"beacon round 123: BLS signature verified" in err
    return out


def test_the_result_vector_is_printed_byte_for_byte(capsysbinary):
    assert compute(capsysbinary) == canon(vector("example-result")) + b"\n"


def test_both_redraw_vectors_are_printed_byte_for_byte(capsysbinary):
    first = compute(capsysbinary, "--redraw", REQUEST_1, BEACON_657413)
    assert first == canon(vector("example-redraw-result")) + b"\n"
    # the second vector checks the computation only: its round precedes its request
    second = compute(capsysbinary, "--redraw", REQUEST_1, BEACON_657413,
                     "--redraw", REQUEST_2, BEACON_123, "--computation-only")
    assert second == canon(vector("example-redraw-result-2")) + b"\n"


def test_a_request_the_rules_refuse_is_refused_in_the_verifiers_words(capsys, tmp_path):
    argv = ["draw", "compute", MANIFEST, "--beacon", BEACON_123, "--redraw", REQUEST_1,
            BEACON_657413, "--redraw", REQUEST_2, BEACON_123]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = vector_log(closed=False)
    lines.append(append_line(lines, "redraw_request", vector("example-redraw-request-2")))
    report = verify_log(lines)
    assert report.first_bad_line == 7 and report.reason in err
    assert f"{REQUEST_2} is refused: Its beacon round 123" in err


def test_the_installed_command_prints_the_same_bytes():
    done = subprocess.run(
        [str(Path(sys.executable).with_name("deskreview")), "draw", "compute", MANIFEST,
         "--beacon", BEACON_123], capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == canon(vector("example-result")) + b"\n"


def test_a_beacon_for_another_round_is_refused(capsys):
    assert main(["draw", "compute", MANIFEST, "--beacon", BEACON_657413]) == 1
    assert ("the beacon is round 657413, but round 123 was named in advance"
            in capsys.readouterr().err)


def test_an_intact_log_verifies_and_says_everything_was_checked(tmp_path, capsys):
    log = tmp_path / "draw.jsonl"
    log.write_bytes(join_log(vector_log()))
    assert main(["draw", "verify", str(log)]) == 0
    assert capsys.readouterr().out == (
        "OK: 7 lines, draw closed; every check held, every beacon signature verified and every "
        "publication before its round evidenced.\n")


def test_what_could_not_be_verified_gives_3_and_is_listed(tmp_path, capsys):
    log = tmp_path / "draw.jsonl"
    log.write_bytes(join_log(vector_log(closed=False)[:4]))
    assert main(["draw", "verify", str(log)]) == 3
    out = capsys.readouterr().out
    assert out.startswith("NOT FULLY VERIFIED: 4 lines, draw still open")
    assert "  not verified: line 4: the publication of the redraw request on line 4" in out


@pytest.mark.parametrize(
    ("change", "line"),
    [
        ("byte", 3),  # one byte of the result changed
        ("swap", 4),  # the request and its beacon in the wrong order
        ("drop", 5),  # the request's beacon left out
    ],
)
def test_a_tampered_log_fails_naming_the_first_bad_line(tmp_path, capsys, change, line):
    lines = vector_log()
    if change == "byte":
        lines[2] = lines[2].replace(b'"CCC"', b'"CCD"', 1)
    elif change == "swap":
        lines[3], lines[4] = lines[4], lines[3]
    else:
        del lines[4]
    log = tmp_path / "draw.jsonl"
    log.write_bytes(join_log(lines))
    assert main(["draw", "verify", str(log)]) == 1
    assert capsys.readouterr().out.startswith(f"FAILED at line {line} ")


def test_a_missing_log_is_a_usage_error(tmp_path, capsys):
    assert main(["draw", "verify", str(tmp_path / "none.jsonl")]) == 2
    assert "no log file at" in capsys.readouterr().err


def test_the_standalone_verifier_is_written_and_checks_a_log_alone(tmp_path, capsys):
    target = tmp_path / "verify_draw.py"
    assert main(["draw", "verifier", "--out", str(target)]) == 0
    data = target.read_bytes()
    assert data == standalone_verifier_source()
    assert hashlib.sha256(data).hexdigest() in capsys.readouterr().out
    log = tmp_path / "draw.jsonl"
    log.write_bytes(join_log(vector_log()))
    done = subprocess.run([sys.executable, "-I", "-S", str(target), str(log)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0 and "OK: 7 lines, draw closed" in done.stdout
    # it does not overwrite another file
    other = tmp_path / "notes.py"
    other.write_text("print('mine')\n")
    assert main(["draw", "verifier", "--out", str(other)]) == 2
    assert other.read_text() == "print('mine')\n"


def test_the_manifest_of_the_vectors_is_what_the_result_names(capsysbinary):
    result = json.loads(compute(capsysbinary))
    manifest = canon(vector("example-manifest"))
    assert result["manifest_sha256"] == hashlib.sha256(manifest).hexdigest()
