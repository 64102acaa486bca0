"""The published draw vectors and the logs built from them, shared by the draw tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.domain.draw import replay
from bot.domain.drawlog import append_line, close_body

VECTORS = Path(__file__).parent / "draw_vectors"
BEACONS = Path(__file__).parents[2] / "bot" / "data" / "beacons"
MANIFEST_SHA256 = "21341787068123c65a7a19260f2cfc101ca91dbfc76954dd14c977aa6991fb76"


def vector(name: str) -> dict[str, Any]:
    """One of the published vectors, e.g. ``vector("example-result")``."""
    if name.startswith("example-beacon-"):
        path = BEACONS / f"quicknet-round-{name.removeprefix('example-beacon-')}.json"
    else:
        path = VECTORS / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def vector_log(closed: bool = True) -> list[bytes]:
    """manifest, beacon 123, result, request 1, beacon 657413, redraw result 1 (, close)."""
    lines: list[bytes] = []
    posted = {"channel_id": "1180000000000000000", "message_id": "1180000000000000001"}
    steps = [
        ("manifest", vector("example-manifest"), None),
        ("beacon", vector("example-beacon-123"), posted),
        ("result", vector("example-result"), None),
        ("redraw_request", vector("example-redraw-request"), posted),
        ("beacon", vector("example-beacon-657413"), None),
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
        lines.append(append_line(lines, "close", close_body(state)))
    return lines


def rechain(lines: list[bytes]) -> list[bytes]:
    """The same lines with seq and prev recomputed, as a dishonest operator would do."""
    out: list[bytes] = []
    for raw in lines:
        line = json.loads(raw)
        out.append(append_line(out, line["type"], line["body"], line.get("posted")))
    return out
