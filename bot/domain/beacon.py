"""The public randomness beacon: drand "quicknet" rounds, their times, and their checks.

A beacon value is accepted only if ``randomness == H(signature)`` and, for a live quicknet
record, the BLS signature verifies for that round (with the ``drand-verify`` package when it
is installed; without it, the report says the signature was not checked).

Recorded rounds (:class:`RecordedBeacons`) serve offline operation: tests and the demo. They
are real quicknet rounds, but a record that did not come from a drand relay at draw time is a
record "made with another source" in the sense of the protocol, so the records served here
carry ``source = "drand-quicknet (recorded)"`` and are never reported as verified. A draw that
uses them must name that same source in its manifest's (and requests') ``beacon.source``,
because a beacon line must match the beacon named before it exactly. The published vectors are
unaffected: their result depends only on the manifest (which names ``"drand-quicknet"``) and
the randomness value, and their beacon files — genuine quicknet records — still verify with
BLS as they stand.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

QUICKNET_SOURCE = "drand-quicknet"
RECORDED_SOURCE = "drand-quicknet (recorded)"
QUICKNET_CHAIN_HASH = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"
QUICKNET_GENESIS = 1692803367
QUICKNET_PERIOD = 3
QUICKNET_PUBLIC_KEY = (
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c"
    "8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb"
    "5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a"
)

try:  # the BLS check is optional: without the package the signature is reported unchecked
    from drand_verify import verify_quicknet as _verify_quicknet
except ImportError:  # pragma: no cover - the package is a declared dependency
    _verify_quicknet = None

_HEX = re.compile(r"(?:[0-9a-f]{2})+")


def bls_available() -> bool:
    """Whether BLS signatures can be checked here (the ``drand-verify`` package is present)."""
    return _verify_quicknet is not None


def time_of_round(round_: int) -> int:
    """Unix time at which quicknet round ``round_`` is produced."""
    if round_ < 1:
        raise ValueError("drand rounds start at 1")
    return QUICKNET_GENESIS + (round_ - 1) * QUICKNET_PERIOD


def round_at(t_unix: int | float) -> int:
    """The latest round produced at or before ``t_unix`` (0 before genesis)."""
    return max(0, int((t_unix - QUICKNET_GENESIS) // QUICKNET_PERIOD) + 1)


def first_round_after(t_unix: int | float, notice_seconds: int = 0) -> int:
    """The first round produced strictly after ``t_unix + notice_seconds``."""
    return round_at(t_unix + notice_seconds) + 1


class BeaconRecord(BaseModel):
    """One beacon round as it is written on a ``beacon`` line of the draw log."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    source: str = Field(min_length=1)
    chain_hash: str
    round: int = Field(ge=1)
    signature: str
    randomness: str

    def body(self) -> dict[str, str | int]:
        return self.model_dump()


class BeaconCheck(NamedTuple):
    ok: bool
    bls_checked: bool
    reason: str


def check_beacon(record: BeaconRecord, expected_round: int) -> BeaconCheck:
    """Check a beacon record for the round that was named before it.

    ``ok`` requires the round to match and ``randomness == sha256(signature)``. A record whose
    source is exactly ``"drand-quicknet"`` must also carry quicknet's chain hash and, when BLS
    checking is available, a signature that verifies; ``bls_checked`` says whether that
    happened. Records from any other source are never verified (``bls_checked`` is False).
    """
    if record.round != expected_round:
        return BeaconCheck(False, False, f"the beacon is round {record.round}, but round "
                                         f"{expected_round} was named in advance")
    if not _HEX.fullmatch(record.signature) or not re.fullmatch(r"[0-9a-f]{64}",
                                                                 record.randomness):
        return BeaconCheck(False, False, "the signature and randomness must be lower-case hex")
    if hashlib.sha256(bytes.fromhex(record.signature)).hexdigest() != record.randomness:
        return BeaconCheck(False, False, "the randomness is not the SHA-256 of the signature")
    if record.source != QUICKNET_SOURCE:
        return BeaconCheck(True, False, f"source {record.source!r} is not live drand quicknet: "
                                        "the value was not verified")
    if record.chain_hash != QUICKNET_CHAIN_HASH:
        return BeaconCheck(False, False, "the chain hash is not drand quicknet's")
    if _verify_quicknet is None:
        return BeaconCheck(True, False, "the drand-verify package is not installed: the BLS "
                                        "signature was not checked")
    try:
        _verify_quicknet(record.round, record.signature)
    except ValueError:
        return BeaconCheck(False, False, f"the BLS signature does not verify for round "
                                         f"{record.round} of drand quicknet")
    return BeaconCheck(True, True, "the BLS signature verifies")


class RecordedBeacons:
    """Real quicknet rounds recorded earlier, served by round for offline use.

    Every record served says ``source = "drand-quicknet (recorded)"`` (see the module
    docstring), so it is accepted on ``randomness == H(signature)`` but never reported verified.
    """

    def __init__(self, records: list[BeaconRecord]) -> None:
        self._by_round = {r.round: r.model_copy(update={"source": RECORDED_SOURCE})
                          for r in records}

    @classmethod
    def bundled(cls) -> RecordedBeacons:
        """The rounds shipped with the bot in ``bot/data/beacons/``."""
        folder = resources.files("bot").joinpath("data", "beacons")
        records = [BeaconRecord.model_validate(json.loads(f.read_text(encoding="utf-8")))
                   for f in sorted(folder.iterdir(), key=lambda f: f.name)
                   if f.name.endswith(".json")]
        return cls(records)

    def rounds(self) -> list[int]:
        return sorted(self._by_round)

    def get(self, round_: int) -> BeaconRecord:
        try:
            return self._by_round[round_]
        except KeyError:
            raise LookupError(f"round {round_} is not among the recorded rounds "
                              f"{self.rounds()}") from None
