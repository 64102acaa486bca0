"""Where beacon values come from: drand quicknet relays, or recorded rounds for offline use.

A source names itself (the manifest's ``beacon.source``), chooses the round a draw will use,
and fetches that round once it exists. ``fetch`` returns None while the round is still in the
future (the caller waits and tries again), a checked ``BeaconRecord`` when it is out, and raises
``BeaconUnavailable`` when no relay can give a value that passes the checks.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

import aiohttp

from bot.domain.beacon import (
    QUICKNET_CHAIN_HASH,
    QUICKNET_SOURCE,
    RECORDED_SOURCE,
    BeaconRecord,
    RecordedBeacons,
    check_beacon,
    first_round_after,
    time_of_round,
)

log = logging.getLogger(__name__)

DEFAULT_RELAYS = (
    "https://api.drand.sh",
    "https://api2.drand.sh",
    "https://api3.drand.sh",
    "https://drand.cloudflare.com",
)


class BeaconUnavailable(Exception):
    """No acceptable value could be had for the round (the job stays and is retried)."""


class BeaconSource(Protocol):
    name: str
    chain_hash: str

    def choose_round(self, now: datetime, notice_seconds: int) -> int: ...

    async def fetch(self, round_: int, now: datetime) -> BeaconRecord | None: ...


class DrandRelays:
    """Live drand quicknet over HTTPS, trying several relays; every value is checked.

    A value is returned only when its BLS signature verifies with both checkers (the
    pure-Python code and drand-verify); when either cannot run, no value is ever returned.
    """

    name = QUICKNET_SOURCE
    chain_hash = QUICKNET_CHAIN_HASH

    def __init__(self, relays: Sequence[str] = DEFAULT_RELAYS, timeout: float = 10.0) -> None:
        self.relays = [r.rstrip("/") for r in relays]
        self.timeout = timeout

    def choose_round(self, now: datetime, notice_seconds: int) -> int:
        return first_round_after(now.timestamp(), notice_seconds)

    async def fetch(self, round_: int, now: datetime) -> BeaconRecord | None:
        if now.timestamp() < time_of_round(round_):
            return None
        problems = []
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for relay in self.relays:
                url = f"{relay}/{self.chain_hash}/public/{round_}"
                try:
                    async with session.get(url) as response:
                        if response.status == 404:
                            problems.append(f"{relay}: round not out yet")
                            continue
                        response.raise_for_status()
                        data = await response.json(content_type=None)
                except (TimeoutError, aiohttp.ClientError, ValueError) as exc:
                    problems.append(f"{relay}: {type(exc).__name__}")
                    continue
                record = _record_from_relay(data, self.chain_hash)
                if record is None:
                    problems.append(f"{relay}: malformed answer")
                    continue
                check = check_beacon(record, round_, both=True)
                if check.verified:
                    return record
                problems.append(f"{relay}: {check.reason}")
        raise BeaconUnavailable("; ".join(problems) or "no relay configured")


def _record_from_relay(data: object, chain_hash: str) -> BeaconRecord | None:
    if not isinstance(data, dict):
        return None
    try:
        return BeaconRecord(
            source=QUICKNET_SOURCE, chain_hash=chain_hash, round=int(data["round"]),
            signature=str(data["signature"]), randomness=str(data["randomness"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


class RecordedSource:
    """Real quicknet rounds recorded earlier, for tests and offline demonstrations.

    Every record it gives says ``drand-quicknet (recorded)``: accepted on
    ``randomness == H(signature)``, never reported as verified. It chooses the first recorded
    round after the notice period, so a demonstration can run at any simulated time before it.
    """

    name = RECORDED_SOURCE
    chain_hash = QUICKNET_CHAIN_HASH

    def __init__(self, recorded: RecordedBeacons | None = None) -> None:
        self.recorded = recorded or RecordedBeacons.bundled()

    def choose_round(self, now: datetime, notice_seconds: int) -> int:
        earliest = first_round_after(now.timestamp(), notice_seconds)
        later = [r for r in self.recorded.rounds() if r >= earliest]
        return later[0] if later else earliest

    async def fetch(self, round_: int, now: datetime) -> BeaconRecord | None:
        if now.timestamp() < time_of_round(round_):
            return None
        try:
            return self.recorded.get(round_)
        except LookupError as exc:
            raise BeaconUnavailable(str(exc)) from None
