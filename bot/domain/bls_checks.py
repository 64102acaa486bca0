"""Checking a drand quicknet BLS signature with two independent implementations.

* the pure-Python BLS12-381 code of :mod:`bot.domain.bls12381` (standard library only; the
  standalone verifier carries the very same code), and
* the ``drand-verify`` package (a Rust implementation).

Both are given quicknet's public key explicitly (``draw-protocol.md`` section 4), never a
library's built-in default. A checker that cannot be imported or crashes gives no verdict: it
"cannot run", and says why. Verdicts are remembered per (round, signature), so that a log read
many times is checked once per beacon.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import NamedTuple

QUICKNET_PUBLIC_KEY = (
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c"
    "8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb"
    "5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a"
)

PURE = "the pure-Python BLS12-381 code"
DRAND_VERIFY = "the drand-verify package"

Verifier = Callable[[int, str], bool]


def _pure() -> Verifier:
    bls12381 = importlib.import_module("bot.domain.bls12381")
    key = bytes.fromhex(QUICKNET_PUBLIC_KEY)

    def verify(round_: int, signature: str) -> bool:
        return bls12381.verify_quicknet(round_, bytes.fromhex(signature), key) is True

    return verify


def _drand_verify() -> Verifier:
    verify_quicknet = importlib.import_module("drand_verify").verify_quicknet

    def verify(round_: int, signature: str) -> bool:
        try:
            verify_quicknet(round_, signature, QUICKNET_PUBLIC_KEY)
        except ValueError:
            return False
        return True

    return verify


LOADERS: dict[str, Callable[[], Verifier]] = {PURE: _pure, DRAND_VERIFY: _drand_verify}


class Verdicts(NamedTuple):
    """What the checkers said: ``valid`` / ``invalid`` name those with a verdict."""

    valid: tuple[str, ...]
    invalid: tuple[str, ...]
    cannot_run: tuple[str, ...]  # one reason per checker that could not run

    @property
    def verifies(self) -> bool:
        """At least one checker ran, and every one that ran says the signature verifies."""
        return bool(self.valid) and not self.invalid

    @property
    def all_ran(self) -> bool:
        return not self.cannot_run


@functools.lru_cache(maxsize=512)
def _verdict(name: str, round_: int, signature: str) -> bool | str:
    try:
        verify = LOADERS[name]()
    except Exception as exc:  # noqa: BLE001 - a checker that cannot load cannot run
        return f"{name} cannot run here ({type(exc).__name__}: {exc})"
    try:
        return verify(round_, signature)
    except Exception as exc:  # noqa: BLE001 - a crash is not a verdict
        return f"{name} failed while checking ({type(exc).__name__}: {exc})"


def check_signature(round_: int, signature_hex: str) -> Verdicts:
    """Run every checker on a quicknet signature (lower-case hex) for ``round_``."""
    valid, invalid, cannot = [], [], []
    for name in LOADERS:
        verdict = _verdict(name, round_, signature_hex)
        if isinstance(verdict, str):
            cannot.append(verdict)
        elif verdict:
            valid.append(name)
        else:
            invalid.append(name)
    return Verdicts(tuple(valid), tuple(invalid), tuple(cannot))


def forget_verdicts() -> None:
    """Drop the remembered verdicts (after the set of importable checkers changed)."""
    _verdict.cache_clear()
