"""The shapes of reviewer-draw/v1 inputs: the manifest and the redraw request.

The models only validate. The draw always hashes and reads the caller's original dict, so a
manifest or request round-trips byte for byte: nothing is added, dropped or reordered.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.domain.canonical import canon
from bot.domain.draw_records import DrawInfo
from bot.domain.errors import InputError

SCHEME = "reviewer-draw/v1"
MAIN_SLOTS = ("same_group", "other_group")
REDRAW_SLOTS = ("same_group", "other_group", "additional:same_group", "additional:other_group")
HEX64 = re.compile(r"[0-9a-f]{64}")

Text = Annotated[str, Field(min_length=1)]
_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)


class Party(BaseModel):
    """One State party in the pool."""

    model_config = _STRICT
    code: Text
    group: Text
    legal: list[str]
    instruments: list[str]
    load: int = Field(ge=0)


class RedrawRules(BaseModel):
    model_config = _STRICT
    max_per_requester: int = Field(ge=0)


class Rules(BaseModel):
    model_config = _STRICT
    max_reviews_per_state: int = Field(ge=0)
    exclude_mutual: bool
    prefer_legal_match: bool
    prefer_full_coverage: bool
    additional_reviewers: bool
    max_reviewers_per_review: int = Field(ge=2)
    redraws: RedrawRules


class NamedBeacon(BaseModel):
    """The beacon round a manifest or a request commits to, before its value exists."""

    model_config = _STRICT
    source: Text
    chain_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    round: int = Field(ge=1)


class Manifest(BaseModel):
    """Everything the outcome depends on, published and hashed before the randomness exists."""

    model_config = _STRICT
    scheme: Literal["reviewer-draw/v1"]
    draw_id: Text
    base_instrument: Text
    instruments: list[Text]
    pool: list[Party]
    under_review: list[Text]
    existing: list[Annotated[list[Text], Field(min_length=2, max_length=2)]]
    rules: Rules
    beacon: NamedBeacon
    meta: dict[str, Any]

    @model_validator(mode="after")
    def _consistent(self) -> Manifest:
        codes = [p.code for p in self.pool]
        _unique(codes, "pool codes")
        _unique(self.instruments, "instruments")
        _unique(self.under_review, "under_review")
        if self.base_instrument not in self.instruments:
            raise ValueError(f"base_instrument {self.base_instrument} is not in instruments")
        missing = [s for s in self.under_review if s not in set(codes)]
        if missing:
            raise ValueError(f"States under review are missing from the pool: {missing}")
        return self

    @property
    def info(self) -> DrawInfo:
        """What ``meta`` says for people: title, cluster, registry notes (read leniently)."""
        return DrawInfo.model_validate(self.meta)

    def party(self, code: str) -> Party:
        for p in self.pool:
            if p.code == code:
                return p
        raise KeyError(code)


class RedrawRequest(BaseModel):
    """A request to draw one slot again, logged before its randomness exists."""

    model_config = _STRICT
    type: Literal["redraw_request"]
    scheme: Literal["reviewer-draw/v1"]
    draw_id: Text
    manifest_sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    sur: Text
    slot: Literal["same_group", "other_group", "additional:same_group", "additional:other_group"]
    requested_by: Text
    attempt: int = Field(ge=1)
    exceptional: bool
    authorization: str | None
    excluded: list[Text]
    reason: str
    requested_at: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    beacon: NamedBeacon


def _unique(items: list[str], what: str) -> None:
    seen: set[str] = set()
    dup = sorted({x for x in items if x in seen or seen.add(x)})  # type: ignore[func-returns-value]
    if dup:
        raise ValueError(f"{what} are listed more than once: {dup}")


def _explain(exc: ValidationError, what: str) -> InputError:
    lines = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err["loc"]) or "(top level)"
        lines.append(f"{where}: {err['msg']}")
    more = "" if exc.error_count() <= 5 else f" (and {exc.error_count() - 5} more)"
    return InputError(f"The {what} is not valid: " + "; ".join(lines) + more)


def validate_manifest(manifest: dict[str, Any]) -> Manifest:
    """Check a manifest dict; raise :class:`InputError` saying what is wrong."""
    try:
        canon(manifest)
    except ValueError as exc:
        raise InputError(f"The manifest cannot be hashed: {exc}") from None
    try:
        return Manifest.model_validate(manifest)
    except ValidationError as exc:
        raise _explain(exc, "manifest") from None


def validate_request(request: dict[str, Any]) -> RedrawRequest:
    """Check the shape of a redraw request dict; raise :class:`InputError` if it is wrong."""
    try:
        canon(request)
    except ValueError as exc:
        raise InputError(f"The redraw request cannot be hashed: {exc}") from None
    try:
        return RedrawRequest.model_validate(request)
    except ValidationError as exc:
        raise _explain(exc, "redraw request") from None


def validate_randomness(randomness_hex: str) -> bytes:
    """The beacon randomness as bytes: it must be 64 lower-case hex digits."""
    if not isinstance(randomness_hex, str) or not HEX64.fullmatch(randomness_hex):
        raise InputError("The randomness must be 64 lower-case hexadecimal digits.")
    return bytes.fromhex(randomness_hex)
