"""The draw's own records as typed models: results, redraw results, the close line and the
lines of the log, and what a manifest's ``meta`` says for people to read.

The engine (``draw.py``) computes on the protocol's plain JSON values and hashes exactly what
it is given; everything that reads a draw afterwards (its log view, its publication, its
hand-off, its status) reads these models, parsed once from the log. Dumped back, a record is
the same JSON value it was parsed from, so nothing of the canonical bytes depends on them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

_STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)
LineType = Literal["manifest", "beacon", "result", "redraw_request", "redraw_result", "close"]


class AdditionalReviewer(BaseModel):
    """An additional reviewer: the instruments it covers beside a main reviewer's slot."""

    model_config = _STRICT
    slot: str
    code: str
    instruments: list[str]
    widened: bool  # taken from any group: none on its side could cover the gap


class Gap(BaseModel):
    """Instruments left uncovered beside a main slot."""

    model_config = _STRICT
    slot: str
    instruments: list[str]


class Assignment(BaseModel):
    """The reviewers drawn for one State under review."""

    model_config = _STRICT
    same_group: str
    other_group: str
    legal_match: bool
    additional: list[AdditionalReviewer]
    uncovered: list[Gap]

    def main(self, slot: str) -> str:
        return self.same_group if slot == "same_group" else self.other_group

    def reviewers(self) -> list[tuple[str, str]]:
        """(party, slot) of every reviewer, main ones first."""
        return [(self.same_group, "same_group"), (self.other_group, "other_group"),
                *((a.code, f"additional:{a.slot}") for a in self.additional)]


class NoPair(BaseModel):
    """No admissible pair of reviewers could be drawn for this State."""

    model_config = _STRICT
    failed: str


Entry = Assignment | NoPair


class DrawResult(BaseModel):
    """The body of the ``result`` line (section 5)."""

    model_config = _STRICT
    scheme: Literal["reviewer-draw/v1"]
    manifest_sha256: str
    order: list[str]
    assignments: dict[str, Assignment | NoPair]

    def failed(self) -> list[str]:
        return [s for s, e in self.assignments.items() if isinstance(e, NoPair)]


class Redrawn(BaseModel):
    """The body of a ``redraw_result`` line that drew a new reviewer (section 6)."""

    model_config = _STRICT
    sur: str
    slot: str
    attempt: int
    old: str
    new: str
    additional: list[AdditionalReviewer]
    uncovered: list[Gap]
    released: list[str]


class RedrawFailed(BaseModel):
    """The body of a ``redraw_result`` line that found no admissible candidate."""

    model_config = _STRICT
    sur: str
    slot: str
    attempt: int
    failed: str
    kept: str


RedrawResult = Redrawn | RedrawFailed


class CloseBody(BaseModel):
    """The body of the ``close`` line: every assignment after all redraws, in result order."""

    model_config = _STRICT
    final: dict[str, Assignment | NoPair]


class Posted(BaseModel):
    """The Discord message that published the line before (its witness)."""

    model_config = _STRICT
    channel_id: str
    message_id: str


class LogLine(BaseModel):
    """One line of the log, its body kept as the JSON value it is (typed by ``LogView``)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    seq: int = Field(ge=0)
    prev: str | None
    type: LineType
    body: dict[str, Any]
    posted: Posted | None = None


class RegistrySource(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    source: str
    as_of: str
    parties: int


class RegistryNotes(BaseModel):
    """Where the pool's registry values come from, and which are not confirmed."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    sources: list[RegistrySource] = []
    unconfirmed: dict[str, list[str]] = {}
    no_group: list[str] = []


class DrawInfo(BaseModel):
    """What a manifest's ``meta`` says for people (free-form in the protocol; read leniently,
    never written back)."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    title: str = ""
    cluster: int | None = None
    cluster_title: str = ""
    announced_at: str | None = None
    round_time: str | None = None
    opened_by: str | None = None
    registry: RegistryNotes = RegistryNotes()
    verifier_sha256: str | None = None
    beacon_note: str | None = None


def entry_of(raw: dict[str, Any]) -> Assignment | NoPair:
    """A State's assignment as the engine holds it, as a typed record."""
    return NoPair.model_validate(raw) if "failed" in raw else Assignment.model_validate(raw)


def redraw_result_of(raw: dict[str, Any]) -> RedrawResult:
    return RedrawFailed.model_validate(raw) if "failed" in raw else Redrawn.model_validate(raw)
