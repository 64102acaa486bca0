"""The short verifier other States run agrees with ours, on good logs and on tampered ones."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.draw import compute_result, replay
from bot.domain.drawlog import (
    append_line,
    close_body,
    join_log,
    make_redraw_request,
    standalone_verifier_source,
    verify_log,
)
from tests.domain.draw_support import rechain, vector, vector_log
from tests.domain.test_draw_properties import manifests
from tests.domain.test_drawlog import mutate

SOURCE = Path(__file__).parents[2] / "bot" / "data" / "standalone_verifier.py"


def load_standalone() -> ModuleType:
    spec = importlib.util.spec_from_file_location("standalone_verifier", SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(tmp_path: Path, lines: list[bytes], *extra_path: str) -> subprocess.CompletedProcess[str]:
    log = tmp_path / "draw.jsonl"
    log.write_bytes(join_log(lines))
    env = {"PYTHONPATH": ":".join(extra_path)} if extra_path else None
    return subprocess.run([sys.executable, str(SOURCE), str(log)], capture_output=True,
                          text=True, timeout=120, env=env, check=False)


def test_it_is_short_and_uses_only_the_standard_library() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    assert len(text.splitlines()) < 300
    assert standalone_verifier_source() == SOURCE.read_bytes()
    tree = ast.parse(text)
    optional: set[int] = set()  # statements guarded by "except ImportError"
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id == "ImportError" for h in node.handlers
        ):
            optional.update(id(inner) for inner in node.body)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if node.module == "drand_verify":
                assert id(node) in optional  # only inside try/except ImportError
                continue
        else:
            continue
        for name in names:
            assert name.split(".")[0] in sys.stdlib_module_names, name
    assert "import bot" not in text and "from bot" not in text


def test_a_good_log_passes_with_bls(tmp_path: Path) -> None:
    done = run(tmp_path, vector_log())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK: 7 lines, draw closed" in done.stdout
    assert "all verified with drand_verify" in done.stdout


def test_without_drand_verify_it_says_the_signatures_were_not_checked(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "drand_verify.py").write_text("raise ImportError('not installed here')\n")
    done = run(tmp_path, vector_log(), str(blocker))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "drand_verify is not installed" in done.stdout
    assert "NOT all verified" in done.stdout


def test_the_second_vector_request_fails_at_its_line(tmp_path: Path) -> None:
    lines = vector_log(closed=False)
    lines.append(append_line(lines, "redraw_request", vector("example-redraw-request-2")))
    done = run(tmp_path, lines)
    assert done.returncode == 1
    assert done.stdout.startswith("FAILED at line 7 (seq 6)")
    assert "requested_at" in done.stdout


def test_an_altered_result_fails_at_its_line(tmp_path: Path) -> None:
    lines = vector_log()
    line = json.loads(lines[2])
    line["body"]["assignments"]["DDD"]["other_group"] = "LLL"
    lines[2] = json.dumps(line, sort_keys=True, separators=(",", ":")).encode()
    done = run(tmp_path, rechain(lines))
    assert done.returncode == 1 and done.stdout.startswith("FAILED at line 3 (seq 2)")


def test_usage_without_a_file_is_explained() -> None:
    done = subprocess.run([sys.executable, str(SOURCE)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 2 and "usage" in done.stderr


@pytest.mark.parametrize("index", range(7))
def test_both_verifiers_name_the_same_first_bad_line(index: int) -> None:
    standalone = load_standalone()
    lines = vector_log()
    for pos in range(index % 5, len(lines[index]), 37):
        bad = list(lines)
        bad[index] = mutate(lines[index], pos)
        ours = verify_log(bad)
        theirs = standalone.verify(bad)
        assert not ours.ok and theirs[0] is not None
        assert theirs[0] == ours.first_bad_line, (index, pos, ours.reason, theirs[1])


def test_both_verifiers_agree_on_structural_tampering() -> None:
    standalone = load_standalone()
    good = vector_log()
    cases = [good[:3] + good[4:], good[:3] + [good[4], good[3]] + good[5:],
             rechain(good[:3] + good[4:]), good + [good[-1]], [good[0] + b" "] + good[1:]]
    for bad in cases:
        ours, theirs = verify_log(bad), standalone.verify(bad)
        assert not ours.ok and theirs[0] == ours.first_bad_line, (ours.reason, theirs[1])
    assert standalone.verify(good) == (None, [], True)


@settings(max_examples=80, deadline=None)
@given(manifests(), st.binary(min_size=48, max_size=48), st.binary(min_size=48, max_size=48),
       st.data())
def test_the_standalone_draw_agrees_on_random_pools(
    m: dict[str, Any], sig1: bytes, sig2: bytes, data: st.DataObject
) -> None:
    standalone = load_standalone()

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
    assert ours.ok and not ours.bls_checked, ours.reason
    assert theirs[0] is None and theirs[2] is True, theirs
