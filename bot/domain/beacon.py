"""The public randomness beacon: drand "quicknet" rounds, their times, and their checks.

A beacon value is accepted only if ``randomness == H(signature)`` and the BLS signature
verifies for that round under quicknet's public key, passed explicitly
(``draw-protocol.md`` section 4). Two independent implementations check signatures: the
pure-Python one in :mod:`bot.domain.bls12381` (the one the standalone verifier carries) and the
``drand-verify`` package. :func:`check_beacon` uses every one that can run, and a value is
verified only if all of them say so; with ``both=True`` (a live draw) it refuses a value unless
both could run.

Recorded rounds (:class:`RecordedBeacons`) serve offline operation: tests and the demo. They
are real quicknet rounds, but a record that did not come from a drand relay at draw time is a
record "made with another source" in the sense of the protocol, so the records served here
carry ``source = "drand-quicknet (recorded)"``: their signatures are checked like any other,
but they are never reported as verified. A draw that uses them must name that same source in
its manifest's (and requests') ``beacon.source``, because a beacon line must match the beacon
named before it exactly.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.bls_checks import QUICKNET_PUBLIC_KEY as QUICKNET_PUBLIC_KEY
from bot.domain.bls_checks import check_signature

QUICKNET_SOURCE = "drand-quicknet"
RECORDED_SOURCE = "drand-quicknet (recorded)"
QUICKNET_CHAIN_HASH = "52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971"
QUICKNET_GENESIS = 1692803367
QUICKNET_PERIOD = 3

_HEX = re.compile(r"(?:[0-9a-f]{2})+")


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
    ok: bool  # nothing is wrong with the value
    bls_checked: bool  # its BLS signature verifies (every checker that ran says so)
    reason: str  # what is wrong, or what could not be verified (empty when verified)
    verified: bool = False  # a live drand quicknet value whose signature verifies


def bls_available() -> bool:
    """Whether both BLS checkers (the pure-Python code and drand-verify) can run here."""
    return check_signature(1, "00" * 48).all_ran


def check_beacon(record: BeaconRecord, expected_round: int, *, both: bool = False) -> BeaconCheck:
    """Check a beacon record for the round that was named before it (section 4).

    ``ok`` requires the round to match, ``randomness == sha256(signature)`` and, on quicknet's
    chain, a BLS signature that no checker refutes, whatever the record's source. A record whose
    source is exactly ``"drand-quicknet"`` must carry quicknet's chain hash; only such a record
    can be ``verified``. ``both=True`` (a live draw) also refuses a value unless both checkers
    ran. On another chain the signature cannot be checked: ``ok`` but not ``bls_checked``.
    """
    if record.round != expected_round:
        return BeaconCheck(False, False, f"the beacon is round {record.round}, but round "
                                         f"{expected_round} was named in advance")
    if not _HEX.fullmatch(record.signature) or not re.fullmatch(r"[0-9a-f]{64}",
                                                                 record.randomness):
        return BeaconCheck(False, False, "the signature and randomness must be lower-case hex")
    if hashlib.sha256(bytes.fromhex(record.signature)).hexdigest() != record.randomness:
        return BeaconCheck(False, False, "the randomness is not the SHA-256 of the signature")
    live = record.source == QUICKNET_SOURCE
    if record.chain_hash != QUICKNET_CHAIN_HASH:
        if live:
            return BeaconCheck(False, False, "the chain hash is not drand quicknet's")
        return BeaconCheck(True, False, f"source {record.source!r} on chain "
                                        f"{record.chain_hash[:16]}…, whose public key is not "
                                        "known: the signature could not be checked")
    verdicts = check_signature(record.round, record.signature)
    if verdicts.invalid:
        return BeaconCheck(False, False, f"the BLS signature does not verify for round "
                                         f"{record.round} of drand quicknet "
                                         f"({', '.join(verdicts.invalid)})")
    if both and not verdicts.all_ran or not verdicts.verifies:
        return BeaconCheck(not both, False, "the BLS signature could not be checked: "
                                            + "; ".join(verdicts.cannot_run))
    if not live:
        return BeaconCheck(True, True, f"source {record.source!r} is not live drand quicknet: "
                                       "its signature verifies, but the value is not verified")
    return BeaconCheck(True, True, "", verified=True)


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
