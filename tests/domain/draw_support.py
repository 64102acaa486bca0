"""The published draw vectors and the logs built from them, shared by the draw tests."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from bot.domain.draw import replay
from bot.domain.draw_evidence import snowflake_at
from bot.domain.drawlog import append_line, close_body, join_log

VECTORS = Path(__file__).parent / "draw_vectors"
BEACONS = Path(__file__).parents[2] / "bot" / "data" / "beacons"
MANIFEST_SHA256 = "21341787068123c65a7a19260f2cfc101ca91dbfc76954dd14c977aa6991fb76"
DRAW_CHANNEL = "1140000000000000000"


def posted_at(when: str, sequence: int = 0) -> dict[str, str]:
    """A ``posted`` field naming a message of the draw channel sent at ``when`` (ISO, UTC)."""
    moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
    return {"channel_id": DRAW_CHANNEL, "message_id": str(snowflake_at(moment, sequence))}


# Messages of the vector log: the manifest before round 123 (15:15:33), the result after it, the
# request before round 657413 (2023-09-15 11:00:03), its result after it.
MANIFEST_POSTED = posted_at("2023-08-23T15:05:00Z")
RESULT_POSTED = posted_at("2023-08-23T15:15:40Z")
REQUEST_POSTED = posted_at("2023-09-15T10:00:01Z")
REDRAW_POSTED = posted_at("2023-09-15T11:00:10Z")


def vector(name: str) -> dict[str, Any]:
    """One of the published vectors, e.g. ``vector("example-result")``."""
    if name.startswith("example-beacon-"):
        path = BEACONS / f"quicknet-round-{name.removeprefix('example-beacon-')}.json"
    else:
        path = VECTORS / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def vector_log(closed: bool = True) -> list[bytes]:
    """manifest, beacon 123, result, request 1, beacon 657413, redraw result 1 (, close).

    Each line names the Discord message that published the line before it, as the bot writes
    them: a genuine log of real rounds with evidence of publication (status 0).
    """
    lines: list[bytes] = []
    steps = [
        ("manifest", vector("example-manifest"), None),
        ("beacon", vector("example-beacon-123"), MANIFEST_POSTED),
        ("result", vector("example-result"), None),
        ("redraw_request", vector("example-redraw-request"), RESULT_POSTED),
        ("beacon", vector("example-beacon-657413"), REQUEST_POSTED),
        ("redraw_result", vector("example-redraw-result"), None),
    ]
    for kind, body, post in steps:
        lines.append(append_line(lines, kind, body, post))
    if closed:
        state = replay(
            vector("example-manifest"),
            vector("example-result"),
            [(vector("example-redraw-request"), vector("example-beacon-657413")["randomness"])],
        )
        lines.append(append_line(lines, "close", close_body(state), REDRAW_POSTED))
    return lines


def rechain(lines: list[bytes]) -> list[bytes]:
    """The same lines with seq and prev recomputed, as a dishonest operator would do."""
    out: list[bytes] = []
    for raw in lines:
        line = json.loads(raw)
        out.append(append_line(out, line["type"], line["body"], line.get("posted")))
    return out


def standalone_file(folder: Path) -> Path:
    """The standalone verifier as States get it, written as ``verify_draw.py`` in ``folder``."""
    from bot.domain.standalone import standalone_verifier_source

    path = folder / "verify_draw.py"
    path.write_bytes(standalone_verifier_source())
    return path


def load_standalone(folder: Path) -> ModuleType:
    """The standalone verifier imported as a module (to call its ``verify`` directly)."""
    path = standalone_file(folder)
    spec = importlib.util.spec_from_file_location("verify_draw", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_bare(folder: Path, log: bytes | list[bytes]) -> subprocess.CompletedProcess[str]:
    """``python3 -I -S verify_draw.py LOG``: isolated, without any site-packages at all."""
    data = join_log(log) if isinstance(log, list) else log
    (folder / "draw.jsonl").write_bytes(data)
    return subprocess.run([sys.executable, "-I", "-S", str(standalone_file(folder)),
                           str(folder / "draw.jsonl")], capture_output=True, text=True,
                          timeout=120, check=False)


def real_round(round_: int) -> dict[str, Any]:
    """A real drand quicknet round: 123 and 657413 (bundled), 1000000 and 20000000 (tests)."""
    for folder in (BEACONS, VECTORS):
        path = folder / f"quicknet-round-{round_}.json"
        if path.exists():
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    raise LookupError(round_)
