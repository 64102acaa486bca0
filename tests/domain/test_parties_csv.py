"""The registry CSV, the bundled registry and /registry set edits."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import string
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.mechanism import Instrument, LegalFamily, RegionalGroup
from bot.domain.parties import (
    COLUMNS,
    FieldValueError,
    Party,
    Provenance,
    apply_field,
    describe_provenance,
)
from bot.domain.parties_csv import parse_parties_csv, parties_csv_bytes, write_parties_csv

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "bot" / "data" / "parties.csv"
ZONES = ROOT / "bot" / "data" / "capital_timezones.csv"
DRAFT = ROOT.parent / "shared" / "reference" / "parties-draft.csv"


def _draft_rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(DRAFT.read_text("utf-8"))))


def _bundled() -> tuple[Party, ...]:
    outcome = parse_parties_csv(BUNDLED.read_bytes())
    assert outcome.ok, outcome.error_lines()
    return outcome.parties


def _by_code() -> dict[str, Party]:
    return {p.code: p for p in _bundled()}


def _build_script() -> ModuleType:
    path = ROOT / "scripts" / "build_parties_csv.py"
    spec = importlib.util.spec_from_file_location("build_parties_csv", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- bundled data


def test_bundled_registry_has_every_party_of_the_draft() -> None:
    parties = _bundled()
    draft = _draft_rows()
    assert len(parties) == len(draft) == 192
    assert {p.code for p in parties} == {row["iso3"] for row in draft}


def test_bundled_registry_keeps_every_value_marker_and_note_of_the_draft() -> None:
    parties = _by_code()
    flags = {"untoc": Instrument.UNTOC, "tip": Instrument.TIP, "som": Instrument.SOM,
             "firearms": Instrument.FIREARMS}  # fmt: skip
    for row in _draft_rows():
        party = parties[row["iso3"]]
        assert party.name == row["name"]
        group = party.group.display_name if party.group else "none"
        assert group == row["regional_group"]
        families = " + ".join(f.display_name for f in party.legal)
        assert (f"mixed: {families}" if len(party.legal) > 1 else families) == row["legal_system"]
        for column, instrument in flags.items():
            assert party.is_party_to(instrument) == (row[column] == "1"), (party.code, column)
        assert party.uncac == (row["uncac"] == "1")
        assert party.provenance.notes == row["notes"]  # word for word, sources included
        without_reasons = re.sub(r"\([^)]*\)", "", row["notes"])
        if without_reasons.startswith("UNCONFIRMED: "):
            listing = without_reasons.removeprefix("UNCONFIRMED: ").split(";")[0]
            marked = tuple(word.strip() for word in listing.split(","))
        else:
            marked = ()
        assert party.provenance.unconfirmed == marked, party.code


def test_unconfirmed_counts_match_the_draft_documentation() -> None:
    summary = describe_provenance(_bundled())
    counts = {f.column: f.unconfirmed for f in summary.fields if f.unconfirmed}
    # parties-sources.md, section 3: 124 blank legal systems; unconfirmed zeros TIP 26,
    # SOM 52, Firearms 81, UNCAC 23
    assert counts == {"legal_system": 124, "tip": 26, "som": 52, "firearms": 81, "uncac": 23}
    assert summary.fully_confirmed == 31
    assert summary.without_group == 5
    (source,) = summary.sources
    assert source.as_of == date(2026, 11, 26)
    assert source.parties == 192 and source.parties_with_unconfirmed == 161
    assert any("161 with unconfirmed values" in str(line) for line in summary.lines())  # English


def test_every_time_zone_is_the_capitals_and_is_marked_derived() -> None:
    table = csv.DictReader(io.StringIO(ZONES.read_text("utf-8")))
    zones = {row["code"]: row["timezone"] for row in table}
    for party in _bundled():
        assert party.timezone == zones[party.code]
        assert party.provenance.derived == ("timezone",)
    parties = _by_code()
    assert parties["EUU"].timezone == "Europe/Brussels"
    assert parties["USA"].timezone == "America/New_York"
    assert parties["FRA"].timezone == "Europe/Paris"
    assert parties["EUU"].group is None and parties["TUR"].group is RegionalGroup.WEOG


def test_bundled_file_is_canonical_and_rebuilt_exactly_by_the_script() -> None:
    text = BUNDLED.read_bytes()
    assert write_parties_csv(_bundled()).encode("utf-8") == text
    rebuilt = _build_script().build(DRAFT.read_text("utf-8"), ZONES.read_text("utf-8"))
    assert rebuilt.encode("utf-8") == text


def test_build_script_reads_the_unconfirmed_marker_of_the_draft() -> None:
    fields = _build_script().unconfirmed_fields
    note = "UNCONFIRMED: legal_system, som (0 = x; y), firearms (z); tip: acceded (a, b)"
    assert fields(note) == ["legal_system", "som", "firearms"]
    assert fields("not a UN Member State; legal_system: not applicable") == []


# --------------------------------------------------------------------------- round trip


def test_export_then_import_is_byte_for_byte_a_no_op() -> None:
    once = write_parties_csv(_bundled())
    twice = write_parties_csv(parse_parties_csv(once).parties)
    assert twice == once
    download = parties_csv_bytes(_bundled())
    assert download.startswith(b"\xef\xbb\xbf")  # Excel then shows Côte d'Ivoire correctly
    assert write_parties_csv(parse_parties_csv(download).parties) == once


_NAME_CHARS = string.ascii_letters + " 'ôüéʻ,\"()-."
_ZONES = ["Europe/Vienna", "America/New_York", "Pacific/Apia", "Asia/Kolkata", "UTC"]
parties_strategy = st.builds(
    Party,
    code=st.from_regex(r"\A[A-Z]{3}\Z"),
    name=st.text(_NAME_CHARS, min_size=1, max_size=40).filter(
        lambda s: s.strip() and s.strip()[0].isalnum()
    ),
    group=st.none() | st.sampled_from(list(RegionalGroup)),
    legal=st.lists(st.sampled_from(list(LegalFamily)), unique=True),
    instruments=st.lists(st.sampled_from(list(Instrument)), unique=True).map(
        lambda xs: [Instrument.UNTOC, *xs]
    ),
    uncac=st.booleans(),
    timezone=st.sampled_from(_ZONES),
    provenance=st.builds(
        Provenance,
        source=st.sampled_from(["UNTC, 2027-01-15", "parties-draft.csv", "note verbale"]),
        as_of=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
        unconfirmed=st.lists(st.sampled_from(["tip", "legal_system", "timezone"]), unique=True),
        derived=st.lists(st.sampled_from(["timezone", "regional_group"]), unique=True),
        edited=st.lists(st.sampled_from(["name", "uncac"]), unique=True),
        notes=st.text(_NAME_CHARS + ";:", max_size=60).filter(
            lambda s: not s.strip().startswith(("-", "+", "=", "@"))
        ),
    ),
)


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    st.lists(
        parties_strategy,
        min_size=1,
        max_size=6,
        unique_by=(lambda p: p.code, lambda p: p.name.casefold()),
    )
)
def test_any_registry_survives_export_and_import(parties: list[Party]) -> None:
    text = write_parties_csv(parties)
    outcome = parse_parties_csv(text)
    assert outcome.ok, outcome.error_lines()
    assert sorted(outcome.parties, key=lambda p: p.code) == sorted(parties, key=lambda p: p.code)
    assert write_parties_csv(outcome.parties) == text


# --------------------------------------------------------------------------- errors


def _lines() -> list[str]:
    return BUNDLED.read_text("utf-8").splitlines()


def _with(changes: dict[int, tuple[str, str]]) -> str:
    """The bundled file with, on given 1-based lines, column ``col`` set to a new value."""
    lines = _lines()
    for line_no, (column, value) in changes.items():
        cells = next(csv.reader([lines[line_no - 1]]))
        cells[COLUMNS.index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow(cells)
        lines[line_no - 1] = out.getvalue().removesuffix("\n")
    return "\n".join(lines) + "\n"


def test_an_error_names_its_line_and_column() -> None:
    outcome = parse_parties_csv(_with({3: ("timezone", "Europe/Atlantis")}))
    assert not outcome.ok and outcome.parties == ()
    (error,) = outcome.errors
    assert (error.line, error.column) == (3, "timezone")
    assert "not a time zone name" in error.message
    assert str(error).startswith("Line 3, column timezone: ")


def test_every_bad_row_is_reported_not_just_the_first() -> None:
    second_code = next(csv.reader([_lines()[1]]))[0]
    outcome = parse_parties_csv(
        _with({
            2: ("regional_group", "Oceania"),
            5: ("name", "   "),
            7: ("code", second_code),
            9: ("timezone", "Mars/Olympus"),
            11: ("untoc", "0"),
            13: ("as_of", "26/11/2026"),
            15: ("legal_system", "roman law"),
            17: ("tip", "maybe"),
        })
    )  # fmt: skip
    assert [(e.line, e.column) for e in outcome.errors] == [
        (2, "regional_group"), (5, "name"), (7, "code"), (9, "timezone"), (11, "untoc"),
        (13, "as_of"), (15, "legal_system"), (17, "tip"),
    ]  # fmt: skip
    messages = [e.message for e in outcome.errors]
    assert "“Oceania” is not a regional group" in messages[0]
    assert messages[1] == "The name is empty."
    assert f"Party code {second_code} appears twice (first on line 2)." == messages[2]
    assert "untoc must be 1" in messages[4]
    assert "YYYY-MM-DD" in messages[5]
    assert outcome.parties == ()


def test_screenful_of_errors_says_how_many_more() -> None:
    outcome = parse_parties_csv(_with({n: ("timezone", "Nowhere") for n in range(2, 42)}))
    shown = outcome.error_lines(limit=15)
    assert len(outcome.errors) == 40 and len(shown) == 16
    assert shown[-1] == "… and 25 more problems."


def test_header_problems_are_named() -> None:
    text = BUNDLED.read_text("utf-8").replace("timezone,unconfirmed", "zone,unconfirmed", 1)
    errors = {(e.line, e.column): e.message for e in parse_parties_csv(text).errors}
    assert errors[(1, "zone")].startswith("Unknown column “zone”")
    assert errors[(1, "timezone")] == "This column is missing."


def test_semicolon_separated_file_gets_advice() -> None:
    text = ";".join(COLUMNS) + "\nFRA;France\n"
    (error,) = parse_parties_csv(text).errors
    assert "separated by semicolons" in error.message and "CSV UTF-8" in error.message


def test_empty_file_and_header_only_are_refused() -> None:
    assert parse_parties_csv("").errors[0].message == "The file is empty."
    assert "no parties" in parse_parties_csv(",".join(COLUMNS) + "\n").errors[0].message


def test_wrong_encodings_are_explained() -> None:
    text = BUNDLED.read_text("utf-8")
    legacy = parse_parties_csv(text.encode("cp1252", errors="replace"))
    assert "not UTF-8" in legacy.errors[0].message and legacy.errors[0].line > 1
    utf16 = parse_parties_csv(text.encode("utf-16"))
    assert "UTF-16" in utf16.errors[0].message
    garbled = text.replace("Côte d'Ivoire", "Côte d'Ivoire".encode().decode("cp1252"))
    (error,) = parse_parties_csv(garbled).errors
    assert error.column == "name" and "did you mean “Côte d'Ivoire”" in error.message


def test_a_row_with_a_missing_value_is_reported_and_the_rest_still_checked() -> None:
    lines = _lines()
    lines[3] = lines[3].rsplit(",", 1)[0]  # line 4 loses its last value
    lines[6] = lines[6].replace(",1,", ",2,", 1)  # and line 7 has a bad value
    outcome = parse_parties_csv("\n".join(lines) + "\n")
    assert [(e.line, e.column) for e in outcome.errors] == [(4, None), (7, "untoc")]
    assert "has 15 values but the header has 16 columns" in outcome.errors[0].message


def test_a_formula_in_a_name_is_refused() -> None:
    outcome = parse_parties_csv(_with({4: ("name", '=HYPERLINK("http://x")')}))
    (error,) = outcome.errors
    assert error.column == "name" and "formula" in error.message


def test_a_value_split_over_two_lines_is_refused_and_later_lines_keep_their_numbers() -> None:
    lines = _lines()
    cells = next(csv.reader([lines[2]]))
    cells[1] = "Two\nlines"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    lines[2] = out.getvalue().removesuffix("\n")  # now spans file lines 3 and 4
    lines[4] = lines[4].replace(",1,", ",x,", 1)  # file line 6 (the record after next)
    errors = [(e.line, e.column) for e in parse_parties_csv("\n".join(lines) + "\n").errors]
    assert errors[0] == (3, "name")
    assert errors[1][0] == 6


# ------------------------------------------------------------------- model and /registry set


def _party(code: str = "AUT") -> Party:
    return _by_code()[code]


def test_codes_are_iso_alpha3_capitals_or_euu() -> None:
    base = _party().model_dump()
    assert Party.model_validate({**base, "code": "fra"}).code == "FRA"
    assert Party.model_validate({**base, "code": "EUU"}).code == "EUU"
    for bad in ("FR", "FRAN", "F1A", ""):
        with pytest.raises(ValueError, match="not a party code"):
            Party.model_validate({**base, "code": bad})


def test_a_protocol_party_must_be_party_to_the_convention() -> None:
    base = _party().model_dump()
    with pytest.raises(ValueError, match="UNTOC is missing"):
        Party.model_validate({**base, "instruments": [Instrument.TIP]})


def test_setting_a_field_confirms_it_and_records_the_edit() -> None:
    party = _party("AFG")
    assert party.is_unconfirmed("legal_system")
    changed = apply_field(party, "legal", "civil law + Muslim law")
    assert changed.legal == (LegalFamily.CIVIL, LegalFamily.MUSLIM)
    assert not changed.is_unconfirmed("legal_system")
    assert changed.provenance.edited == ("legal_system",)
    assert changed.provenance.notes == party.provenance.notes
    assert party.legal == ()  # the original is untouched
    summary = describe_provenance([changed, *[p for p in _bundled() if p.code != "AFG"]])
    legal = next(f for f in summary.fields if f.column == "legal_system")
    assert (legal.unconfirmed, legal.edited) == (123, 1)


@pytest.mark.parametrize(
    ("field", "value", "attribute", "expected"),
    [
        ("name", "  Republic of Austria ", "name", "Republic of Austria"),
        ("group", "Eastern European States", "group", RegionalGroup.EASTERN_EUROPE),
        ("group", "grulac", "group", RegionalGroup.GRULAC),
        ("group", "none", "group", None),
        ("legal", "civil + customary", "legal", (LegalFamily.CIVIL, LegalFamily.CUSTOMARY)),
        ("legal", "unknown", "legal", ()),
        ("instruments", "untoc, firearms tip", "instruments",
         (Instrument.UNTOC, Instrument.TIP, Instrument.FIREARMS)),
        ("uncac", "no", "uncac", False),
        ("timezone", "europe/vienna", "timezone", "Europe/Vienna"),
        ("Regional_Group", "WEOG", "group", RegionalGroup.WEOG),
    ],
)  # fmt: skip
def test_party_set_accepts_documented_values(
    field: str, value: str, attribute: str, expected: object
) -> None:
    assert getattr(apply_field(_party(), field, value), attribute) == expected


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("name", "", "The name is empty."),
        ("name", "x" * 101, "the limit is 100"),
        ("group", "Oceania", "not a regional group"),
        ("legal", "roman", "not a legal family"),
        ("instruments", "TIP, SOM", "include UNTOC"),
        ("instruments", "UNTOC, CAT", "“CAT” is not an instrument"),
        ("uncac", "perhaps", "write 1 or yes"),
        ("timezone", "Vienna", "Did you mean Europe/Vienna?"),
        ("timezone", "CET+1", "not a time zone name"),
        ("code", "AUS", "not a field you can set"),
    ],
)
def test_party_set_refuses_bad_values_with_a_plain_message(
    field: str, value: str, says: str
) -> None:
    with pytest.raises(FieldValueError) as info:
        apply_field(_party(), field, value)
    assert says in str(info.value)
