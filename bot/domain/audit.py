"""The audit chain: every change, hash-linked to the one before it, witnessed outside.

Each entry's hash covers its sequence number, time, actor, action, subject, details and the
previous entry's hash, so editing, removing or reordering any entry breaks the chain from that
entry on. Two things make the chain hard to rewrite for someone who can write the database file:

- **A key.** With ``DESKREVIEW_AUDIT_KEY`` set, an entry's hash is an HMAC-SHA256 under that
  key (its ``alg`` is ``hmac-sha256``), so entries cannot be forged or recomputed without it.
  Entries written before the key was set keep their plain SHA-256 (``alg`` ``sha256``) and
  keep verifying; a plain entry after a keyed one is refused.
- **Checkpoints.** The bot publishes, in a channel every State can read, the sequence number
  and head hash of the chain at regular intervals and after sensitive actions (nothing
  confidential). Discord's timestamps witness them. Checked against them, truncation, a
  rewrite that recomputed every later hash, or an entry dated before a checkpoint that did not
  include it, shows where the chain and the checkpoints part.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

GENESIS = "0" * 64
PLAIN, KEYED = "sha256", "hmac-sha256"
_HEX64 = re.compile(r"[0-9a-f]{64}")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # ISO 8601, UTC, seconds precision, "Z"
    actor: str  # a Discord user id, or "system"
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str
    hash: str
    alg: str = PLAIN


def dump_details(details: dict[str, Any]) -> str:
    """The canonical text of an entry's details, as stored and as hashed."""
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _body(seq: int, at: str, actor: str, action: str, subject: str, details_text: str,
          prev: str) -> bytes:
    # the canonical JSON of {action, actor, at, details, prev, seq, subject}, keys sorted
    text = (f'{{"action":{encode_basestring(action)},"actor":{encode_basestring(actor)},'
            f'"at":{encode_basestring(at)},"details":{details_text},'
            f'"prev":{encode_basestring(prev)},"seq":{seq},"subject":{encode_basestring(subject)}}}')
    return text.encode("utf-8")


def _digest(body: bytes, key: bytes | None) -> str:
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.digest(key, body, "sha256").hex()


def entry_hash(
    seq: int, at: str, actor: str, action: str, subject: str, details: dict[str, Any], prev: str,
    key: bytes | None = None,
) -> str:
    """SHA-256 of the entry (HMAC-SHA256 under ``key`` when given)."""
    return _digest(_body(seq, at, actor, action, subject, dump_details(details), prev), key)


# actions after which a checkpoint is published at once: draws, registry imports,
# appointments and role changes of the registered people, reviewers set by hand
SENSITIVE_PREFIXES = ("draw.", "registry.", "expert.", "review.assign")


def is_sensitive(action: str) -> bool:
    return action.startswith(SENSITIVE_PREFIXES)


@dataclass(frozen=True)
class Checkpoint:
    """A published head of the chain: entry ``seq`` had hash ``hash`` at ``as_of``."""

    seq: int
    hash: str
    as_of: str  # the bot's clock when it read the head, ISO 8601 UTC seconds "Z"
    posted_at: str = ""  # Discord's timestamp of the message, when read back from Discord
    message_id: int | None = None

    def describe(self) -> str:
        when = self.posted_at or self.as_of
        return f"the checkpoint of {when} (entry {self.seq})"


CHECKPOINT_TITLE = "Audit checkpoint"
_CHECKPOINT_TEXT = re.compile(
    r"Audit checkpoint\W+entry (?P<seq>\d{1,18}), head hash `(?P<hash>[0-9a-f]{64})`, "
    r"as of (?P<as_of>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")


def checkpoint_text(point: Checkpoint) -> str:
    """What the bot posts: the sequence number and head hash only, nothing confidential."""
    return (f"**{CHECKPOINT_TITLE}** — entry {point.seq}, head hash `{point.hash}`, as of "
            f"{point.as_of}. Keep it: `deskreview audit verify --checkpoints` checks the "
            "audit log against such checkpoints.")


def parse_checkpoint_text(text: str) -> Checkpoint | None:
    found = _CHECKPOINT_TEXT.search(text)
    if found is None:
        return None
    return Checkpoint(int(found["seq"]), found["hash"], found["as_of"])


class CheckpointFileError(ValueError):
    """A checkpoints file that cannot be read; the message names the line."""


def checkpoint_line(point: Checkpoint) -> str:
    data: dict[str, Any] = {"seq": point.seq, "hash": point.hash, "as_of": point.as_of}
    if point.posted_at:
        data["posted_at"] = point.posted_at
    if point.message_id is not None:
        data["message_id"] = str(point.message_id)
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def parse_checkpoints(text: str) -> list[Checkpoint]:
    """Checkpoints from a JSON Lines file (one object a line, as `/audit checkpoints` gives)."""
    found: list[Checkpoint] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            seq, digest, as_of = data["seq"], data["hash"], data["as_of"]
            if not (isinstance(seq, int) and seq >= 1 and isinstance(digest, str)
                    and _HEX64.fullmatch(digest) and isinstance(as_of, str)
                    and _STAMP.fullmatch(as_of)):
                raise ValueError("seq, hash or as_of has the wrong form")
            posted = data.get("posted_at", "")
            message = data.get("message_id")
            found.append(Checkpoint(seq, digest, as_of, str(posted or ""),
                                    int(message) if message is not None else None))
        except (ValueError, KeyError, TypeError) as exc:
            raise CheckpointFileError(
                f"line {number} is not a checkpoint ({exc.__class__.__name__}: {exc})") from None
    return sorted(found, key=lambda p: p.seq)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken: int | None = None
    reason: str = ""
    checkpoints: int = 0  # how many checkpoints the chain was checked against
    keyed: int = 0  # how many entries carry a keyed MAC

    def describe(self) -> str:
        if self.ok:
            text = f"Audit chain intact: {self.checked} entries checked."
            extra = []
            if self.keyed:
                extra.append(f"{self.keyed} with the key")
            if self.checkpoints:
                extra.append(f"against {self.checkpoints} published checkpoints")
            return text[:-1] + f" ({', '.join(extra)})." if extra else text
        if self.first_broken is None:
            return f"Audit chain broken: {self.reason}"
        return f"Audit chain broken at entry {self.first_broken}: {self.reason}"


_SCAN = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner


class _Careful(Exception):
    """A row the fast path leaves to the careful one."""


# the raw columns of a row, as stored: seq, at, actor, action, subject, details, prev, hash, alg
Row = tuple[Any, Any, Any, Any, Any, Any, Any, Any, Any]


@dataclass
class ChainChecker:
    """Checks the chain one row at a time (bounded memory), never raising on a bad row."""

    key: bytes | None = None
    checkpoints: Iterable[Checkpoint] = ()
    _points: dict[int, Checkpoint] = field(default_factory=dict, init=False)
    _prev: str = field(default=GENESIS, init=False)
    _seq: int = field(default=0, init=False)
    _keyed: int = field(default=0, init=False)
    _matched: Checkpoint | None = field(default=None, init=False)
    _floor: str = field(default="", init=False)
    _floor_point: Checkpoint | None = field(default=None, init=False)
    _used: int = field(default=0, init=False)
    report: ChainReport | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        for point in self.checkpoints:
            known = self._points.get(point.seq)
            if known is not None and known.hash != point.hash:
                self.report = ChainReport(False, 0, point.seq, (
                    f"two checkpoints give entry {point.seq} different hashes; the checkpoints "
                    "file itself is not consistent"))
            self._points.setdefault(point.seq, point)

    def _fail(self, seq: int | None, reason: str) -> bool:
        self.report = ChainReport(False, self._seq, seq, reason, self._used, self._keyed)
        return False

    def _parted(self, seq: int, point: Checkpoint) -> str:
        agreed = (f"the last checkpoint that agrees is entry {self._matched.seq}"
                  if self._matched else "no earlier checkpoint agrees")
        return (f"its hash differs from {point.describe()}: the chain and the checkpoints part "
                f"after entry {self._matched.seq if self._matched else 0} ({agreed}), so an "
                "entry up to here was changed or replaced and the later hashes recomputed")

    def feed(self, row: Row) -> bool:
        """Check one row; False (with ``report`` set) at the first one that does not hold."""
        if self.report is not None:
            return False
        seq, at, actor, action, subject, details, prev, digest, alg = row
        expected = self._seq + 1
        if not isinstance(seq, int) or seq != expected:
            return self._fail(seq if isinstance(seq, int) else expected,
                              f"expected entry {expected} here, found {seq!r} (missing or "
                              "reordered entries)")
        if not all(isinstance(v, str) for v in (at, actor, action, subject, details, prev,
                                                 digest)):
            return self._fail(seq, "a column is empty or not text; the row was damaged")
        try:
            parsed = json.loads(details)
        except ValueError as exc:
            return self._fail(seq, f"its details are not JSON ({exc}); the row was edited")
        if not isinstance(parsed, dict):
            return self._fail(seq, "its details are not a JSON object; the row was edited")
        if prev != self._prev:
            return self._fail(seq, "it does not link to the entry before it")
        if alg == KEYED:
            if self.key is None:
                return self._fail(seq, "it carries a keyed MAC, and DESKREVIEW_AUDIT_KEY is not "
                                       "set here to check it")
            key: bytes | None = self.key
            self._keyed += 1
        elif alg == PLAIN or alg is None:
            if self._keyed:
                return self._fail(seq, "it has a plain hash after entries with a keyed MAC: "
                                       "it was written without the key")
            key = None
        else:
            return self._fail(seq, f"its hash kind {alg!r} is unknown")
        body = _body(seq, at, actor, action, subject, details, prev)
        if _digest(body, key) != digest:
            canonical = _body(seq, at, actor, action, subject, dump_details(parsed), prev)
            if _digest(canonical, key) != digest:
                what = "MAC (under the key)" if key else "hash"
                return self._fail(seq, f"its content does not match its {what}")
        if self._floor and at < self._floor:
            assert self._floor_point is not None
            return self._fail(seq, (
                f"it is dated {at}, before {self._floor_point.describe()}, which saw the chain "
                f"end at entry {self._floor_point.seq}: it was added afterwards"))
        point = self._points.get(seq)
        if point is not None:
            if point.hash != digest:
                return self._fail(seq, self._parted(seq, point))
            self._matched, self._used = point, self._used + 1
            if point.as_of > self._floor:
                self._floor, self._floor_point = point.as_of, point
        self._prev, self._seq = digest, seq
        return True

    def feed_many(self, rows: Iterable[Row]) -> bool:
        """``feed`` for many rows, fast: the common case is checked inline, and any row that
        is not plainly right goes through ``feed``, which names what is wrong."""
        if self.report is not None:
            return False
        scan, sha, mac, enc = _SCAN, hashlib.sha256, hmac.digest, encode_basestring
        key, points = self.key, self._points
        prev, expected, keyed, floor = self._prev, self._seq + 1, self._keyed, self._floor
        for row in rows:
            seq, at, actor, action, subject, details, prev_hash, digest, alg = row
            try:
                if seq != expected or prev_hash != prev or seq in points:
                    raise _Careful
                parsed, end = scan(details, 0)
                if end != len(details) or type(parsed) is not dict:
                    raise _Careful
                body = (f'{{"action":{enc(action)},"actor":{enc(actor)},"at":{enc(at)},'
                        f'"details":{details},"prev":{enc(prev)},"seq":{seq},'
                        f'"subject":{enc(subject)}}}').encode()
                if alg == PLAIN and not keyed:
                    right = sha(body).hexdigest() == digest
                elif alg == KEYED and key is not None:
                    right = mac(key, body, "sha256").hex() == digest
                    keyed += right
                else:
                    raise _Careful
                if not right or (floor and at < floor):
                    raise _Careful
            except (_Careful, TypeError, ValueError, StopIteration):
                self._prev, self._seq, self._keyed = prev, expected - 1, keyed
                if not self.feed(row):
                    return False
                prev, expected, keyed, floor = self._prev, self._seq + 1, self._keyed, self._floor
                continue
            prev, expected = digest, expected + 1
        self._prev, self._seq, self._keyed = prev, expected - 1, keyed
        return True

    def finish(self) -> ChainReport:
        if self.report is not None:
            return self.report
        beyond = [p for p in self._points.values() if p.seq > self._seq]
        if beyond:
            last = max(beyond, key=lambda p: p.seq)
            self._fail(self._seq + 1, (
                f"the chain ends at entry {self._seq}, but {last.describe()} witnessed entry "
                f"{last.seq}: entries after {self._seq} were removed"))
            assert self.report is not None
            return self.report
        self.report = ChainReport(True, self._seq, checkpoints=self._used, keyed=self._keyed)
        return self.report


def verify_chain(entries: Iterable[AuditEntry], *, key: bytes | None = None,
                 checkpoints: Iterable[Checkpoint] = ()) -> ChainReport:
    """Check sequence, links and hashes; name the first entry that does not hold."""
    checker = ChainChecker(key=key, checkpoints=checkpoints)
    checker.feed_many((e.seq, e.at, e.actor, e.action, e.subject, dump_details(e.details),
                       e.prev_hash, e.hash, e.alg) for e in entries)
    return checker.finish()
