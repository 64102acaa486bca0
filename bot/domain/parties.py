"""States parties: the ``Party`` model, the registry CSV, provenance and field edits.

The registry lists parties to the Convention only. A CSV row with ``untoc`` = 0 is refused
with an explanation: a State that is not party to the Convention cannot be party to a Protocol
(UNTOC art. 37(2)), is never reviewed and never reviews, so it has no place in the registry.

CSV columns, in this order (``COLUMNS``); every value is trimmed on import:

=============== ============================================================================
code            ISO 3166-1 alpha-3 code in capitals; ``EUU`` for the European Union
name            short English name (1-100 characters, unique in the file)
regional_group  AFRICA, ASIA_PACIFIC, EASTERN_EUROPE, GRULAC, WEOG, or empty (no group);
                full group names ("African States") are accepted on import
legal_system    legal families joined by " + " (civil, common, customary, muslim);
                empty = not recorded; "mixed: civil law + Muslim law" is accepted on import
untoc, tip,     1 = party, 0 = not party (yes/no also accepted); ``untoc`` must be 1
som, firearms
uncac           1 = party to the UN Convention against Corruption, 0 = not
timezone        IANA time zone name, e.g. Europe/Vienna
unconfirmed     columns whose value could not be confirmed, separated by spaces
derived         columns whose value was worked out rather than taken from a source
                (``timezone`` when it is the capital's zone)
edited          columns set by the secretariat with ``/registry set`` since the row was imported
source          where the row comes from
as_of           date of that source, YYYY-MM-DD
notes           evidence recorded with the row, kept word for word (not rewritten by
                ``/registry set``; the ``unconfirmed`` column is what the bot relies on)
=============== ============================================================================

The CSV reader and writer live in ``parties_csv`` and can be imported from here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from bot.domain.inputs import quote
from bot.domain.mechanism import (
    Cluster,
    Instrument,
    LegalFamily,
    RegionalGroup,
    canonical_families,
    canonical_instruments,
    review_scope,
)
from bot.domain.party_values import (
    CONVENTION_REQUIRED,
    check_text,
    parse_code,
    parse_flag,
    parse_group,
    parse_instruments,
    parse_legal,
    parse_name,
    parse_timezone,
)
from bot.i18n import Msg, Verbatim, _

COLUMNS: tuple[str, ...] = (
    "code", "name", "regional_group", "legal_system", "untoc", "tip", "som", "firearms",
    "uncac", "timezone", "unconfirmed", "derived", "edited", "source", "as_of", "notes",
)  # fmt: skip
INSTRUMENT_COLUMNS: dict[Instrument, str] = {
    Instrument.UNTOC: "untoc",
    Instrument.TIP: "tip",
    Instrument.SOM: "som",
    Instrument.FIREARMS: "firearms",
}
VALUE_COLUMNS: tuple[str, ...] = (
    "name", "regional_group", "legal_system", "untoc", "tip", "som", "firearms", "uncac",
    "timezone",
)  # fmt: skip
"""Columns that provenance (unconfirmed / derived / edited) can refer to."""

SOURCE_MAX = 200


def parse_column_list(value: str | Iterable[str]) -> tuple[str, ...]:
    """Column names separated by spaces or commas, returned once each in ``COLUMNS`` order."""
    words = re.split(r"[\s,;]+", value.strip()) if isinstance(value, str) else list(value)
    wanted = {w.strip().lower() for w in words if w.strip()}
    unknown = sorted(wanted - set(VALUE_COLUMNS))
    if unknown:
        raise ValueError(
            f"“{quote(unknown[0])}” is not a column that provenance can refer to. "
            f"Use: {', '.join(VALUE_COLUMNS)}."
        )
    return tuple(c for c in VALUE_COLUMNS if c in wanted)


class Provenance(BaseModel):
    """Where a party's row comes from and which of its values are not confirmed."""

    model_config = ConfigDict(frozen=True)

    source: str
    as_of: date
    unconfirmed: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()
    edited: tuple[str, ...] = ()
    notes: str = ""

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, v: Any) -> Any:
        if isinstance(v, str):
            return check_text(v, "source", max_len=SOURCE_MAX, required=True)
        return v

    @field_validator("notes", mode="before")
    @classmethod
    def _notes(cls, v: Any) -> Any:
        return check_text(v, "notes") if isinstance(v, str) else v

    @field_validator("unconfirmed", "derived", "edited", mode="before")
    @classmethod
    def _columns(cls, v: Any) -> Any:
        return parse_column_list(v)


class Party(BaseModel):
    """One State party (or the European Union) as the registry knows it."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    group: RegionalGroup | None = None
    legal: tuple[LegalFamily, ...] = ()
    instruments: tuple[Instrument, ...]
    uncac: bool
    timezone: str
    provenance: Provenance

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, v: Any) -> Any:
        return parse_code(v) if isinstance(v, str) else v

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: Any) -> Any:
        return parse_name(v) if isinstance(v, str) else v

    @field_validator("group", mode="before")
    @classmethod
    def _group(cls, v: Any) -> Any:
        return parse_group(v) if isinstance(v, str) else v

    @field_validator("legal", mode="before")
    @classmethod
    def _legal(cls, v: Any) -> Any:
        return parse_legal(v) if isinstance(v, str) else canonical_families(v)

    @field_validator("instruments", mode="before")
    @classmethod
    def _instruments(cls, v: Any) -> Any:
        if isinstance(v, str):
            return parse_instruments(v)
        held = canonical_instruments(v)
        if Instrument.UNTOC not in held:
            raise ValueError(f"{CONVENTION_REQUIRED}; UNTOC is missing.")
        return held

    @field_validator("timezone", mode="before")
    @classmethod
    def _timezone(cls, v: Any) -> Any:
        return parse_timezone(v) if isinstance(v, str) else v

    @property
    def label(self) -> str:
        """"France (FRA)"."""
        return f"{self.name} ({self.code})"

    def is_party_to(self, instrument: Instrument | str) -> bool:
        return Instrument(instrument) in self.instruments

    def is_unconfirmed(self, column: str) -> bool:
        return column in self.provenance.unconfirmed

    def review_scope(self, cluster: Cluster | int) -> dict[Instrument, tuple[int, ...]]:
        """Articles this party is reviewed on in a cluster, by instrument."""
        return review_scope(self.instruments, self.uncac, cluster)


# --------------------------------------------------------------------------- /registry set

EDITABLE_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "group": ("regional_group",),
    "legal": ("legal_system",),
    "instruments": ("untoc", "tip", "som", "firearms"),
    "uncac": ("uncac",),
    "timezone": ("timezone",),
}
"""Fields of ``/registry set`` and the CSV columns each one sets."""

FIELD_HELP: dict[str, str] = {
    "name": "the short English name, for example: Côte d'Ivoire",
    "group": "AFRICA, ASIA_PACIFIC, EASTERN_EUROPE, GRULAC or WEOG (or the full name); "
    "none for no group",
    "legal": "civil, common, customary or muslim; join several with + (civil + customary); "
    "unknown to clear",
    "instruments": "every instrument the party is party to, for example: UNTOC, TIP, SOM "
    "(UNTOC is always included)",
    "uncac": "yes if party to the UN Convention against Corruption, otherwise no",
    "timezone": "an IANA time zone name, for example: Europe/Vienna",
}

_FIELD_ALIASES = {"regional_group": "group", "legal_system": "legal", "time_zone": "timezone"}


class FieldValueError(ValueError):
    """A ``/registry set`` value that cannot be used; the message is meant for the user."""


def _field_parsers() -> dict[str, Callable[[str], Any]]:
    return {
        "name": parse_name,
        "group": parse_group,
        "legal": lambda v: parse_legal(v, allow_unknown_word=True),
        "instruments": parse_instruments,
        "uncac": lambda v: parse_flag(v, "UNCAC"),
        "timezone": parse_timezone,
    }


def apply_field(party: Party, field: str, value: str) -> Party:
    """Return ``party`` with one field set from text typed by the secretariat.

    The columns the field covers stop being unconfirmed or derived and are recorded as
    edited (so setting a value equal to the current one confirms it). Raises
    ``FieldValueError`` (a ``ValueError``) with a message for the user. Whether a new name
    clashes with another party's is for the caller to check.
    """
    key = _FIELD_ALIASES.get(field.strip().lower(), field.strip().lower())
    if key not in EDITABLE_FIELDS:
        raise FieldValueError(
            f"“{quote(field)}” is not a field you can set. Choose one of: "
            f"{', '.join(EDITABLE_FIELDS)}."
        )
    try:
        parsed = _field_parsers()[key](value)
    except ValueError as exc:
        raise FieldValueError(str(exc)) from None
    columns = set(EDITABLE_FIELDS[key])
    prov = party.provenance
    new_prov = Provenance(
        source=prov.source,
        as_of=prov.as_of,
        unconfirmed=parse_column_list(c for c in prov.unconfirmed if c not in columns),
        derived=parse_column_list(c for c in prov.derived if c not in columns),
        edited=parse_column_list([*prov.edited, *columns]),
        notes=prov.notes,
    )
    data = party.model_dump()
    data[key] = parsed  # the /registry set field names are the model's field names
    data["provenance"] = new_prov
    return Party.model_validate(data)


# --------------------------------------------------------------------------- provenance


class FieldProvenance(BaseModel):
    model_config = ConfigDict(frozen=True)

    column: str
    unconfirmed: int
    derived: int
    edited: int


class SourceProvenance(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    as_of: date
    parties: int
    parties_with_unconfirmed: int
    unconfirmed_values: int


class ProvenanceSummary(BaseModel):
    """What ``/registry provenance`` shows: no party is compared with another, only counts."""

    model_config = ConfigDict(frozen=True)

    parties: int
    fully_confirmed: int
    without_group: int
    without_legal_family: int
    fields: tuple[FieldProvenance, ...]
    sources: tuple[SourceProvenance, ...]

    def lines(self) -> list[Msg]:
        """Lines of text, shortest useful form (the caller decides the layout)."""
        out = [
            _("{parties} parties; {confirmed} with every value confirmed.", parties=self.parties,
              confirmed=self.fully_confirmed),
            _("No regional group: {group}. No legal family recorded: {legal}.",
              group=self.without_group, legal=self.without_legal_family),
        ]
        for s in self.sources:
            out.append(_("Source: {source}, as of {day}: {parties} parties, {unconfirmed} with "
                         "unconfirmed values ({values} values in all).",
                         source=Verbatim(s.source), day=Verbatim(s.as_of.isoformat()),
                         parties=s.parties, unconfirmed=s.parties_with_unconfirmed,
                         values=s.unconfirmed_values))
        for f in self.fields:
            if f.unconfirmed or f.derived or f.edited:
                out.append(_("{column}: {unconfirmed} unconfirmed, {derived} derived, {edited} "
                             "set by the secretariat.", column=Verbatim(f.column),
                             unconfirmed=f.unconfirmed, derived=f.derived, edited=f.edited))
        return out


def describe_provenance(parties: Iterable[Party]) -> ProvenanceSummary:
    """Counts of unconfirmed, derived and edited values per column, and per source/as-of."""
    items = list(parties)
    fields = tuple(
        FieldProvenance(
            column=col,
            unconfirmed=sum(col in p.provenance.unconfirmed for p in items),
            derived=sum(col in p.provenance.derived for p in items),
            edited=sum(col in p.provenance.edited for p in items),
        )
        for col in VALUE_COLUMNS
    )
    by_source: dict[tuple[date, str], list[Party]] = {}
    for p in items:
        by_source.setdefault((p.provenance.as_of, p.provenance.source), []).append(p)
    sources = tuple(
        SourceProvenance(
            source=source,
            as_of=as_of,
            parties=len(group),
            parties_with_unconfirmed=sum(bool(p.provenance.unconfirmed) for p in group),
            unconfirmed_values=sum(len(p.provenance.unconfirmed) for p in group),
        )
        for (as_of, source), group in sorted(by_source.items())
    )
    return ProvenanceSummary(
        parties=len(items),
        fully_confirmed=sum(not p.provenance.unconfirmed for p in items),
        without_group=sum(p.group is None for p in items),
        without_legal_family=sum(not p.legal for p in items),
        fields=fields,
        sources=sources,
    )


__all__ = [
    "COLUMNS", "EDITABLE_FIELDS", "FIELD_HELP", "INSTRUMENT_COLUMNS", "VALUE_COLUMNS",
    "FieldProvenance", "FieldValueError", "Party", "Provenance", "ProvenanceSummary",
    "SourceProvenance", "apply_field", "describe_provenance", "parse_column_list",
]  # fmt: skip
