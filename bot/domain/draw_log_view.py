"""Reading a draw's own log back: where the draw stands, and the state after its last line.

The log is the truth. Everything the draw service needs — the manifest, the result, the redraws
done, a request still waiting for its round, whether the draw is closed — is read from it here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.domain.draw import DrawState, replay


@dataclass
class LogView:
    lines: list[bytes]
    kinds: list[str] = field(default_factory=list)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] | None = None
    redraws: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    pending: dict[str, Any] | None = None
    pending_seq: int | None = None
    closed: bool = False

    @property
    def waiting_round(self) -> int | None:
        """The beacon round the draw waits for: its own, or that of a pending redraw."""
        if self.closed:
            return None
        if self.result is None:
            return int(self.manifest["beacon"]["round"])
        if self.pending is not None:
            return int(self.pending["beacon"]["round"])
        return None

    @property
    def source(self) -> str:
        return str(self.manifest["beacon"]["source"])

    def state(self) -> DrawState:
        """The loads, pairs and assignments after the result and every redraw done."""
        if self.result is None:
            raise ValueError("the draw has no result yet")
        return replay(self.manifest, self.result, self.redraws)

    def beacon_before(self, seq: int) -> dict[str, Any]:
        """The beacon line just before line ``seq`` (a result or a redraw result)."""
        if seq < 1 or self.kinds[seq - 1] != "beacon":
            raise ValueError(f"line {seq} does not follow a beacon line")
        return self.bodies[seq - 1]

    def request_before(self, seq: int) -> dict[str, Any]:
        """The redraw request that a redraw result at ``seq`` answers."""
        return self.bodies[seq - 2]


def read_log(lines: list[bytes]) -> LogView:
    view = LogView(lines=list(lines))
    randomness = ""
    for seq, raw in enumerate(lines):
        line = json.loads(raw)
        kind, body = line["type"], line["body"]
        view.kinds.append(kind)
        view.bodies.append(body)
        if kind == "manifest":
            view.manifest = body
        elif kind == "beacon":
            randomness = body["randomness"]
        elif kind == "result":
            view.result = body
        elif kind == "redraw_request":
            view.pending, view.pending_seq = body, seq
        elif kind == "redraw_result":
            assert view.pending is not None
            view.redraws.append((view.pending, randomness))
            view.pending, view.pending_seq = None, None
        elif kind == "close":
            view.closed = True
    return view
