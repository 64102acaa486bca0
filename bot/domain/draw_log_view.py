"""Reading a draw's own log back: where the draw stands, and the state after its last line.

The log is the truth. Everything the draw service needs — the manifest, the result, the redraws
done, a request still waiting for its round, whether the draw is closed — is read from it here,
once, into typed records (``draw_models``, ``draw_records``). The engine is given the JSON
values exactly as they stand in the log, so what it hashes is what was logged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.domain.beacon import BeaconRecord
from bot.domain.draw import DrawState, replay
from bot.domain.draw_models import Manifest, RedrawRequest
from bot.domain.draw_records import (
    CloseBody,
    DrawResult,
    LogLine,
    RedrawResult,
    redraw_result_of,
)


@dataclass
class LogView:
    lines: list[bytes]
    entries: list[LogLine] = field(default_factory=list)
    manifest: Manifest | None = None
    result: DrawResult | None = None
    redraws: list[tuple[RedrawRequest, str]] = field(default_factory=list)
    pending: RedrawRequest | None = None
    pending_seq: int | None = None
    closed: bool = False
    _raw_redraws: list[tuple[dict[str, Any], str]] = field(default_factory=list, repr=False)

    @property
    def kinds(self) -> list[str]:
        return [line.type for line in self.entries]

    @property
    def m(self) -> Manifest:
        """The manifest (every log begins with it)."""
        if self.manifest is None:
            raise ValueError("the log has no manifest line")
        return self.manifest

    @property
    def waiting_round(self) -> int | None:
        """The beacon round the draw waits for: its own, or that of a pending redraw."""
        if self.closed:
            return None
        if self.result is None:
            return self.m.beacon.round
        if self.pending is not None:
            return self.pending.beacon.round
        return None

    @property
    def source(self) -> str:
        return self.m.beacon.source

    def state(self, redraws: int | None = None) -> DrawState:
        """The loads, pairs and assignments after the result and every redraw done (or the
        first ``redraws`` of them)."""
        if self.result is None:
            raise ValueError("the draw has no result yet")
        done = self._raw_redraws if redraws is None else self._raw_redraws[:redraws]
        return replay(self.wire_manifest, self._body_of("result"), done)

    @property
    def wire_manifest(self) -> dict[str, Any]:
        """The manifest as the engine reads and hashes it: the JSON value logged."""
        return self.entries[0].body

    @property
    def wire_pending(self) -> dict[str, Any]:
        """The waiting redraw request as logged, for the engine."""
        if self.pending_seq is None:
            raise ValueError("no redraw request is waiting")
        return self.entries[self.pending_seq].body

    def _body_of(self, kind: str) -> dict[str, Any]:
        return next(line.body for line in self.entries if line.type == kind)

    def beacon_before(self, seq: int) -> BeaconRecord:
        """The beacon line just before line ``seq`` (a result or a redraw result)."""
        if seq < 1 or self.entries[seq - 1].type != "beacon":
            raise ValueError(f"line {seq} does not follow a beacon line")
        return BeaconRecord.model_validate(self.entries[seq - 1].body)

    def request_before(self, seq: int) -> RedrawRequest:
        """The redraw request that a redraw result at ``seq`` answers."""
        return RedrawRequest.model_validate(self.entries[seq - 2].body)

    def request_at(self, seq: int) -> RedrawRequest:
        return RedrawRequest.model_validate(self.entries[seq].body)

    def redraw_result_at(self, seq: int) -> RedrawResult:
        return redraw_result_of(self.entries[seq].body)

    def close_at(self, seq: int) -> CloseBody:
        return CloseBody.model_validate(self.entries[seq].body)


def read_log(lines: list[bytes]) -> LogView:
    view = LogView(lines=list(lines))
    randomness = ""
    pending_raw: dict[str, Any] | None = None
    for seq, raw in enumerate(lines):
        line = LogLine.model_validate(json.loads(raw))
        view.entries.append(line)
        kind, body = line.type, line.body
        if kind == "manifest":
            view.manifest = Manifest.model_validate(body)
        elif kind == "beacon":
            randomness = BeaconRecord.model_validate(body).randomness
        elif kind == "result":
            view.result = DrawResult.model_validate(body)
        elif kind == "redraw_request":
            view.pending, view.pending_seq = RedrawRequest.model_validate(body), seq
            pending_raw = body
        elif kind == "redraw_result":
            assert view.pending is not None and pending_raw is not None
            view.redraws.append((view.pending, randomness))
            view._raw_redraws.append((pending_raw, randomness))
            view.pending, view.pending_seq, pending_raw = None, None, None
        elif kind == "close":
            view.closed = True
    return view
