"""The one-file verifier other States run agrees with ours, on good logs and on tampered ones.

It runs here as a State's officer would run it: ``python3 -I`` and, to be sure that nothing but
the standard library can be imported, ``-S`` (no site-packages at all).
"""

from __future__ import annotations

import ast
import hashlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.draw import compute_result, replay
from bot.domain.drawlog import (
    append_line,
    close_body,
    make_redraw_request,
    verify_log,
)
from bot.domain.standalone import standalone_verifier_source
from tests.domain.draw_support import load_standalone, rechain, run_bare, vector, vector_log
from tests.domain.test_draw_properties import manifests
from tests.domain.test_drawlog import mutate

ROOT = Path(__file__).parents[2]
TEMPLATE = ROOT / "bot" / "data" / "standalone_verifier.py"
BLS = ROOT / "bot" / "domain" / "bls12381.py"


@pytest.fixture(scope="module")
def standalone(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_standalone(tmp_path_factory.mktemp("standalone"))


def test_it_is_one_readable_file_of_the_standard_library_with_the_bls_code_once() -> None:
    source = standalone_verifier_source()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] in sys.stdlib_module_names, name
    text = source.decode("utf-8")
    assert "import bot" not in text and "from bot" not in text and "drand_verify" not in text
    # the verifier part stays short; the BLS part is bot/domain/bls12381.py, kept only there
    assert len(TEMPLATE.read_text(encoding="utf-8").splitlines()) < 400
    bls = [line for line in BLS.read_bytes().splitlines(keepends=True)
           if not line.startswith(b"from __future__")]
    assert b"".join(bls).rstrip(b"\n") in source
    assert b"def verify_quicknet" not in TEMPLATE.read_bytes()
    assert standalone_verifier_source() == source  # deterministic: the pinned hash holds


def test_a_genuine_log_of_real_rounds_gives_0(tmp_path: Path) -> None:
    done = run_bare(tmp_path, vector_log())
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("OK: 7 lines, draw closed; every check held")


def test_a_pending_request_gives_3_and_says_why(tmp_path: Path) -> None:
    done = run_bare(tmp_path, vector_log(closed=False)[:4])
    assert done.returncode == 3, done.stdout + done.stderr
    assert done.stdout.startswith("NOT FULLY VERIFIED") and "\nOK" not in done.stdout
    assert "not verified: line 4: the publication of the redraw request" in done.stdout


def test_the_second_vector_request_fails_at_its_line(tmp_path: Path) -> None:
    lines = vector_log(closed=False)
    lines.append(append_line(lines, "redraw_request", vector("example-redraw-request-2")))
    done = run_bare(tmp_path, lines)
    assert done.returncode == 1
    assert done.stdout.startswith("FAILED at line 7 (seq 6)")
    assert "requested_at" in done.stdout


def test_an_altered_result_fails_at_its_line(tmp_path: Path) -> None:
    lines = vector_log()
    lines[2] = lines[2].replace(b'"CCC"', b'"CCD"', 1)
    done = run_bare(tmp_path, rechain(lines))
    assert done.returncode == 1 and done.stdout.startswith("FAILED at line 3 (seq 2)")


def test_usage_and_unreadable_files_give_2(tmp_path: Path) -> None:
    import subprocess

    verifier = tmp_path / "v.py"
    verifier.write_bytes(standalone_verifier_source())
    done = subprocess.run([sys.executable, "-I", "-S", str(verifier)], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 2 and "usage" in done.stderr
    for path in (tmp_path / "none.jsonl", tmp_path):
        done = subprocess.run([sys.executable, "-I", "-S", str(verifier), str(path)],
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 2 and "cannot read" in done.stderr


@pytest.mark.parametrize("index", range(7))
def test_both_verifiers_name_the_same_first_bad_line(index: int, standalone: Any) -> None:
    lines = vector_log()
    free = range(lines[index].find(b'"posted"'), lines[index].find(b'"prev"')) if (
        index == len(lines) - 1) else range(0)  # the last posted: nothing depends on it
    for pos in range(index % 5, len(lines[index]), 37):
        if pos in free:
            continue
        bad = list(lines)
        bad[index] = mutate(lines[index], pos)
        ours = verify_log(bad)
        theirs = standalone.verify(bad)
        assert not ours.ok and theirs[0] is not None
        assert theirs[0] == ours.first_bad_line, (index, pos, ours.reason, theirs[1])


def test_both_verifiers_agree_on_structural_tampering(standalone: Any) -> None:
    good = vector_log()
    cases = [good[:3] + good[4:], good[:3] + [good[4], good[3]] + good[5:],
             rechain(good[:3] + good[4:]), good + [good[-1]], [good[0] + b" "] + good[1:]]
    for bad in cases:
        ours, theirs = verify_log(bad), standalone.verify(bad)
        assert not ours.ok and theirs[0] == ours.first_bad_line, (ours.reason, theirs[1])
    assert standalone.verify(good) == (None, [], True)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(manifests(), st.binary(min_size=48, max_size=48), st.binary(min_size=48, max_size=48),
       st.data())
def test_the_standalone_draw_agrees_on_random_pools(
    standalone: Any, m: dict[str, Any], sig1: bytes, sig2: bytes, data: st.DataObject
) -> None:

    def beacon(round_: int, sig: bytes) -> dict[str, Any]:
        return {"source": "test", "chain_hash": "0" * 64, "round": round_,
                "signature": sig.hex(), "randomness": hashlib.sha256(sig).hexdigest()}

    result = compute_result(m, beacon(1, sig1)["randomness"])
    lines: list[bytes] = []
    for kind, body in (("manifest", m), ("beacon", beacon(1, sig1)), ("result", result)):
        lines.append(append_line(lines, kind, body))
    state = replay(m, result, [])
    drawn = [s for s in result["order"] if "failed" not in result["assignments"][s]]
    if drawn:
        s = data.draw(st.sampled_from(drawn))
        slots = ["same_group", "other_group"] + [
            "additional:" + a["slot"] for a in result["assignments"][s]["additional"]]
        request = make_redraw_request(
            state, sur=s, slot=data.draw(st.sampled_from(slots)), requested_by=s, reason="t",
            requested_at=datetime(2030, 1, 1, tzinfo=UTC), notice_seconds=600)
        b2 = beacon(request["beacon"]["round"], sig2)
        lines.append(append_line(lines, "redraw_request", request))
        lines.append(append_line(lines, "beacon", b2))
        lines.append(append_line(lines, "redraw_result", state.redraw(request, b2["randomness"])))
    lines.append(append_line(lines, "close", close_body(state)))
    ours, theirs = verify_log(lines), standalone.verify(lines)
    # beacons of an unknown chain: everything recomputes, but nothing is verified (status 3)
    assert ours.ok and ours.status == 3, ours.reason
    assert theirs[0] is None and theirs[2] is True and len(theirs[1]) == len(ours.unverified)
