"""The draw log (``draw-protocol.md`` sections 7 and 8): hash-chained JSON lines, and their check.

One draw is one JSON Lines file. Line ``n`` is ``canon({"seq", "prev", "type", "body"})`` with
``seq = n``, ``prev = H(line n-1)`` (null on line 0) and, optionally, ``"posted": {"channel_id",
"message_id"}`` naming (as strings) the Discord message that published the previous line.

:func:`verify_log` checks everything section 8 requires, plus two things the protocol implies:
a redraw request must list in ``excluded`` exactly the States that have held the slot, and its
beacon round must come after every round already in the log (that round existed before the
request was logged, so naming it again would let the operator know the outcome).
"""

from __future__ import annotations

from datetime import UTC, datetime
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.domain.beacon import BeaconRecord, check_beacon, first_round_after, time_of_round
from bot.domain.canonical import canon, loads_canonical, sha256_hex
from bot.domain.draw import DrawState, compute_result
from bot.domain.draw_models import NamedBeacon, validate_manifest, validate_request
from bot.domain.errors import InputError

LINE_TYPES = ("manifest", "beacon", "result", "redraw_request", "redraw_result", "close")
_NEXT = {  # what may follow each kind of line
    None: ("manifest",),
    "manifest": ("beacon",),
    "beacon:manifest": ("result",),
    "result": ("redraw_request", "close"),
    "redraw_request": ("beacon",),
    "beacon:redraw_request": ("redraw_result",),
    "redraw_result": ("redraw_request", "close"),
    "close": (),
}


def make_line(
    seq: int, prev: str | None, type_: str, body: dict[str, Any],
    posted: dict[str, str] | None = None,
) -> bytes:
    """The canonical bytes of one log line (without the newline)."""
    if type_ not in LINE_TYPES:
        raise ValueError(f"unknown line type {type_!r}")
    line: dict[str, Any] = {"seq": seq, "prev": prev, "type": type_, "body": body}
    if posted is not None:
        line["posted"] = posted
    return canon(line)


def append_line(
    lines: list[bytes], type_: str, body: dict[str, Any], posted: dict[str, str] | None = None
) -> bytes:
    """The next line after ``lines`` (not added to the list: the caller stores it)."""
    prev = sha256_hex(lines[-1]) if lines else None
    return make_line(len(lines), prev, type_, body, posted)


def close_body(state: DrawState) -> dict[str, Any]:
    """The body of the ``close`` line: every SUR's assignment after all redraws."""
    return {"final": state.final()}


def split_log(data: bytes) -> list[bytes]:
    """The lines of a JSON Lines file (a final newline is optional; blank lines are kept)."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return lines


def join_log(lines: list[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def _utc(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def check_redraw_request(state: DrawState, request: dict[str, Any]) -> None:
    """Raise :class:`InputError` unless ``request`` may be logged now, given ``state``.

    ``excluded`` must list exactly the States that have held the slot for this SUR (in any
    order). For an ``additional:*`` slot that is every State placed as that side's additional
    reviewer, including those drawn when the main slot beside it was redrawn.
    """
    req = validate_request(request)
    m = state.m
    if req.draw_id != m.draw_id or req.manifest_sha256 != state.manifest_sha256:
        raise InputError("The request names another draw or another manifest.")
    entry = state.entries.get(req.sur)
    if entry is None or "failed" in entry:
        raise InputError(f"{req.sur} has no drawn reviewers in this draw to redraw.")
    allowed = [req.sur, *state.reviewers(req.sur)]
    if req.requested_by not in allowed:
        raise InputError(f"{req.requested_by} may not ask for a redraw for {req.sur}: only "
                         f"the State under review or its reviewers may ({', '.join(allowed)}).")
    made = state.requests.get((req.sur, req.requested_by), 0)
    if req.attempt != made + 1:
        raise InputError(f"This is request number {made + 1} by {req.requested_by} for "
                         f"{req.sur}, but it says attempt {req.attempt}.")
    limit = m.rules.redraws.max_per_requester
    if req.attempt > limit and not (req.exceptional and (req.authorization or "").strip()):
        raise InputError(f"{req.requested_by} has used its {limit} redraws for {req.sur}; a "
                         "further one must be exceptional and say who authorised it.")
    held = state.holders.get((req.sur, req.slot), [])
    side = req.slot.removeprefix("additional:")
    if not held or (side != req.slot and side not in [a["slot"] for a in entry["additional"]]):
        raise InputError(f"{req.sur} has no reviewer on slot {req.slot}.")
    if sorted(req.excluded) != sorted(held):
        raise InputError(f"excluded must list exactly the States that have held {req.slot} "
                         f"for {req.sur}: {', '.join(held)}.")
    if (req.beacon.source, req.beacon.chain_hash) != (m.beacon.source, m.beacon.chain_hash):
        raise InputError("The request must use the same beacon source as the manifest.")
    at, when = parse_time(req.requested_at), time_of_round(req.beacon.round)
    if when <= at.timestamp():
        raise InputError(f"Its beacon round {req.beacon.round} ({_utc(when)}) is not later "
                         f"than its requested_at ({req.requested_at}).")
    if req.beacon.round <= state.last_round:
        raise InputError(f"Its beacon round {req.beacon.round} is not after round "
                         f"{state.last_round}, which was already public when it was logged.")


def make_redraw_request(
    state: DrawState, *, sur: str, slot: str, requested_by: str, reason: str,
    requested_at: datetime, notice_seconds: int, exceptional: bool = False,
    authorization: str | None = None,
) -> dict[str, Any]:
    """A complete, checked redraw request: attempt, excluded and beacon round filled in.

    The beacon round is the first one strictly after ``requested_at + notice_seconds``.
    """
    if requested_at.tzinfo is None:
        raise InputError("The time of the request must say its time zone.")
    at = requested_at.astimezone(UTC).replace(microsecond=0)
    request = {
        "type": "redraw_request", "scheme": state.m.scheme, "draw_id": state.m.draw_id,
        "manifest_sha256": state.manifest_sha256, "sur": sur, "slot": slot,
        "requested_by": requested_by,
        "attempt": state.requests.get((sur, requested_by), 0) + 1,
        "exceptional": exceptional, "authorization": authorization,
        "excluded": list(state.holders.get((sur, slot), [])), "reason": reason,
        "requested_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "beacon": {"source": state.m.beacon.source, "chain_hash": state.m.beacon.chain_hash,
                   "round": first_round_after(at.timestamp(), notice_seconds)},
    }
    check_redraw_request(state, request)
    return request


class VerifyReport(BaseModel):
    """What :func:`verify_log` found. Line numbers count from 1; ``bad_seq`` from 0."""

    model_config = ConfigDict(frozen=True)
    ok: bool
    first_bad_line: int | None = None
    bad_seq: int | None = None
    reason: str = ""
    bls_checked: bool = False
    closed: bool = False
    lines: int = 0
    notes: list[str] = []

    def summary(self) -> str:
        if not self.ok:
            return f"FAILED at line {self.first_bad_line} (seq {self.bad_seq}): {self.reason}"
        status = "closed" if self.closed else "still open"
        bls = ("every beacon signature verified" if self.bls_checked
               else "beacon signatures NOT verified")
        return f"OK: {self.lines} lines, draw {status}, {bls}."


class _Bad(Exception):
    pass


def _is_posted(posted: Any) -> bool:
    return (isinstance(posted, dict) and set(posted) == {"channel_id", "message_id"}
            and all(isinstance(v, str) and v.isascii() and v.isdigit()
                    for v in posted.values()))


def _differs(kind: str, got: Any, want: Any) -> str:
    if isinstance(got, dict) and isinstance(want, dict):
        for key in list(want) + [k for k in got if k not in want]:
            if canon(got.get(key)) != canon(want.get(key)):
                return f"the logged {kind} differs from the recomputed one at {key!r}"
    return f"the logged {kind} differs from the recomputed one"


def verify_log(lines: list[bytes]) -> VerifyReport:
    """Check a whole draw log (section 8); name the first line that does not hold."""
    if not lines:
        return VerifyReport(ok=False, first_bad_line=1, bad_seq=0, reason="the log is empty")
    step: str | None = None
    named: NamedBeacon | None = None
    manifest: dict[str, Any] = {}
    state: DrawState | None = None
    request: dict[str, Any] = {}
    randomness = ""
    beacons, verified, notes = 0, 0, []
    for i, raw in enumerate(lines):
        try:
            try:
                line = loads_canonical(raw)
            except ValueError as exc:
                raise _Bad(f"the line is not canonical JSON: {exc}") from None
            if not isinstance(line, dict):
                raise _Bad("the line is not a JSON object")
            keys = set(line) - {"posted"}
            if keys != {"seq", "prev", "type", "body"}:
                raise _Bad("a line must hold exactly seq, prev, type, body (and maybe posted)")
            if type(line["seq"]) is not int or line["seq"] != i:
                raise _Bad(f"seq should be {i} here, the line says {line['seq']!r}")
            if line["prev"] != (sha256_hex(lines[i - 1]) if i else None):
                raise _Bad("prev is not the hash of the previous line: that line or this "
                           "one was changed, or a line was inserted or removed")
            if "posted" in line:
                posted = line["posted"]
                if i == 0 or not _is_posted(posted):
                    raise _Bad("posted must be {channel_id, message_id} as digit strings, "
                               "and not on the first line")
            kind, body = line["type"], line["body"]
            if kind not in _NEXT[step]:
                expected = " or ".join(_NEXT[step]) or "nothing (the draw is closed)"
                raise _Bad(f"a {kind!r} line cannot come here; expected {expected}")
            if not isinstance(body, dict):
                raise _Bad("the body must be a JSON object")
            if kind == "manifest":
                manifest, named = body, validate_manifest(body).beacon
                state = DrawState(manifest, {})
            elif kind == "beacon":
                assert named is not None
                record = BeaconRecord.model_validate(body)
                if (record.source, record.chain_hash) != (named.source, named.chain_hash):
                    raise _Bad(f"the beacon's source or chain differs from the one named "
                               f"before it ({named.source})")
                check = check_beacon(record, named.round)
                if not check.ok:
                    raise _Bad(check.reason)
                beacons += 1
                verified += check.bls_checked
                if not check.bls_checked:
                    notes.append(f"line {i + 1}: {check.reason}")
                randomness, step = record.randomness, "beacon:" + step  # type: ignore[operator]
                continue
            elif kind == "result":
                want = compute_result(manifest, randomness)
                if canon(body) != canon(want):
                    raise _Bad(_differs("result", body, want))
                state = DrawState(manifest, want)
            elif kind == "redraw_request":
                assert state is not None
                check_redraw_request(state, body)
                request, named = body, validate_request(body).beacon
            elif kind == "redraw_result":
                assert state is not None
                want = state.redraw(request, randomness)
                if canon(body) != canon(want):
                    raise _Bad(_differs("redraw result", body, want))
            elif kind == "close":
                assert state is not None
                if canon(body) != canon(close_body(state)):
                    raise _Bad(_differs("close line", body.get("final"), state.final()))
            step = kind
        except (_Bad, InputError, ValidationError, ValueError) as exc:
            reason = str(exc) if not isinstance(exc, ValidationError) else (
                "the beacon line is malformed: " + exc.errors()[0]["msg"])
            return VerifyReport(ok=False, first_bad_line=i + 1, bad_seq=i, reason=reason,
                                lines=len(lines), notes=notes)
    return VerifyReport(ok=True, bls_checked=beacons > 0 and verified == beacons,
                        closed=step == "close", lines=len(lines), notes=notes)


def standalone_verifier_source() -> bytes:
    """The short, stdlib-only verifier that anyone can run: ``python FILE LOG.jsonl``."""
    return resources.files("bot").joinpath("data", "standalone_verifier.py").read_bytes()
