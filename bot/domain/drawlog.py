"""The draw log (``draw-protocol.md`` sections 7 and 8): hash-chained JSON lines, and their check.

One draw is one JSON Lines file. Line ``n`` is ``canon({"seq", "prev", "type", "body"})`` with
``seq = n``, ``prev = H(line n-1)`` (null on line 0) and, optionally, ``"posted": {"channel_id",
"message_id"}`` naming (as strings) the Discord message that published the previous line.

:func:`verify_log` makes every check of section 8 and sorts the outcome into the three answers
a verifier gives: it holds (status 0), everything that could be checked held but something
could not be verified (status 3, each thing listed), or a check failed (status 1, naming the
first line that does not hold).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.domain.beacon import BeaconRecord, check_beacon, time_of_round
from bot.domain.canonical import canon, loads_canonical, sha256_hex
from bot.domain.draw import DrawState, compute_result
from bot.domain.draw_evidence import is_posted, late_announcement, late_message, message_time_ms
from bot.domain.draw_models import NamedBeacon, validate_manifest, validate_request
from bot.domain.draw_requests import check_redraw_request as check_redraw_request
from bot.domain.draw_requests import make_redraw_request as make_redraw_request
from bot.domain.errors import InputError
from bot.domain.standalone import standalone_verifier_source as standalone_verifier_source

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
_ENDS = ("result", "redraw_request", "redraw_result", "close")


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


class VerifyReport(BaseModel):
    """What :func:`verify_log` found. Line numbers count from 1; ``bad_seq`` from 0."""

    model_config = ConfigDict(frozen=True)
    ok: bool  # no check failed
    first_bad_line: int | None = None
    bad_seq: int | None = None
    reason: str = ""
    closed: bool = False
    lines: int = 0
    unverified: list[str] = []  # what could not be verified, one entry each

    @property
    def status(self) -> int:
        """The exit status of section 8: 0 holds, 3 holds but not all verified, 1 failed."""
        return 1 if not self.ok else 3 if self.unverified else 0

    @property
    def bls_checked(self) -> bool:
        return self.ok and not self.unverified

    def summary(self) -> str:
        if not self.ok:
            return f"FAILED at line {self.first_bad_line} (seq {self.bad_seq}): {self.reason}"
        state = "closed" if self.closed else "still open"
        if not self.unverified:
            return (f"OK: {self.lines} lines, draw {state}; every check held, every beacon "
                    "signature verified and every publication before its round evidenced.")
        return (f"NOT FULLY VERIFIED: {self.lines} lines, draw {state}; every check that could "
                f"be made held, but {len(self.unverified)} thing(s) could not be verified.")

    def text(self) -> str:
        """The whole answer: the summary line, then each thing not verified."""
        return "\n".join([self.summary(), *(f"  not verified: {u}" for u in self.unverified)])


class _Bad(Exception):
    pass


def _differs(kind: str, got: Any, want: Any) -> str:
    if isinstance(got, dict) and isinstance(want, dict):
        for key in list(want) + [k for k in got if k not in want]:
            if canon(got.get(key)) != canon(want.get(key)):
                return f"the logged {kind} differs from the recomputed one at {key!r}"
    return f"the logged {kind} differs from the recomputed one"


def _framing(raw: bytes, i: int) -> None:
    if raw == b"":
        raise _Bad("an empty line (lines are separated by a single newline)")
    if b"\r" in raw:
        raise _Bad("the line holds a carriage return (lines end with a newline alone)")
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _Bad("the line starts with a byte-order mark")


class _Commitment:
    """A line (manifest or request) that must be published before its round."""

    def __init__(self, what: str, line: int, round_: int) -> None:
        self.what, self.line, self.round = what, line, round_


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
    pending: _Commitment | None = None  # the line whose publication the next line evidences
    latest_round_s = 0  # time of the latest round already in the log
    unverified: list[str] = []
    for i, raw in enumerate(lines):
        try:
            _framing(raw, i)
            try:
                line = loads_canonical(raw)
            except ValueError as exc:
                raise _Bad(f"the line is not canonical JSON: {exc}") from None
            if not isinstance(line, dict):
                raise _Bad("the line is not a JSON object")
            if set(line) - {"posted"} != {"seq", "prev", "type", "body"}:
                raise _Bad("a line must hold exactly seq, prev, type, body (and maybe posted)")
            if type(line["seq"]) is not int or line["seq"] != i:
                raise _Bad(f"seq should be {i} here, the line says {line['seq']!r}")
            if line["prev"] != (sha256_hex(lines[i - 1]) if i else None):
                raise _Bad("prev is not the hash of the previous line: that line or this "
                           "one was changed, or a line was inserted or removed")
            posted = line.get("posted")
            if "posted" in line and (i == 0 or not is_posted(posted)):
                raise _Bad("posted must be {channel_id, message_id}, Discord snowflakes as "
                           "digit strings, and not on the first line")
            kind, body = line["type"], line["body"]
            if kind not in _NEXT[step]:
                expected = " or ".join(_NEXT[step]) or "nothing (the draw is closed)"
                raise _Bad(f"a {kind!r} line cannot come here; expected {expected}")
            if not isinstance(body, dict):
                raise _Bad("the body must be a JSON object")
            if pending is not None:
                _evidence(pending, posted, latest_round_s, unverified)
                pending = None
            if kind == "manifest":
                manifest, named = body, validate_manifest(body).beacon
                state = DrawState(manifest, {})
                late = late_announcement(body["meta"], time_of_round(named.round))
                if late:
                    raise _Bad(late)
                pending = _Commitment("the manifest (line 1)", 1, named.round)
            elif kind == "beacon":
                assert named is not None
                record = BeaconRecord.model_validate(body)
                if (record.source, record.chain_hash) != (named.source, named.chain_hash):
                    raise _Bad(f"the beacon's source or chain differs from the one named "
                               f"before it ({named.source})")
                check = check_beacon(record, named.round)
                if not check.ok:
                    raise _Bad(check.reason)
                if not check.verified:
                    unverified.append(f"line {i + 1}, beacon round {record.round}: "
                                      f"{check.reason}")
                latest_round_s = max(latest_round_s, time_of_round(record.round))
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
                pending = _Commitment(f"the redraw request on line {i + 1}", i + 1, named.round)
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
                                lines=len(lines), unverified=unverified)
    if step not in _ENDS:
        n = len(lines)
        what = "a beacon line whose result is missing" if step and step.startswith(
            "beacon") else f"the {step} line"
        return VerifyReport(ok=False, first_bad_line=n, bad_seq=n - 1, lines=n,
                            unverified=unverified,
                            reason=f"the log ends after {what}; a log ends after a result, a "
                                   "redraw request, a redraw result or the close line")
    if pending is not None:
        unverified.append(f"line {pending.line}: the publication of {pending.what} before "
                          f"beacon round {pending.round} is not evidenced (no posted message "
                          "on the next line: the request is still pending)")
    return VerifyReport(ok=True, closed=step == "close", lines=len(lines), unverified=unverified)


def _evidence(c: _Commitment, posted: Any, latest_round_s: int, unverified: list[str]) -> None:
    """Check the ``posted`` field that names the message publishing ``c`` (section 8.5)."""
    if posted is None:
        unverified.append(f"line {c.line}: the publication of {c.what} before beacon round "
                          f"{c.round} is not evidenced (the next line names no posted message)")
        return
    late = late_message(c.what, posted, c.round, time_of_round(c.round))
    if late:
        raise _Bad(late)
    if message_time_ms(posted["message_id"]) < latest_round_s * 1000:
        raise _Bad(f"{c.what} was published in Discord message {posted['message_id']}, which "
                   "is older than a beacon round already in the log: that message cannot have "
                   "published it")
