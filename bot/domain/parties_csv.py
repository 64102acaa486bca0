"""The registry CSV: read every row and report every problem, or write the canonical form.

The column list and the meaning of each column are documented in ``parties.py``. The writer
is canonical (rows sorted by code, values in their code form, "\\n" line ends, no byte-order
mark), so exporting, importing and exporting again gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.domain.inputs import quote
from bot.domain.mechanism import Instrument
from bot.domain.parties import (
    COLUMNS,
    INSTRUMENT_COLUMNS,
    SOURCE_MAX,
    Party,
    parse_column_list,
)
from bot.domain.party_values import (
    CONVENTION_REQUIRED,
    check_text,
    format_flag,
    format_group,
    format_legal,
    parse_code,
    parse_flag,
    parse_group,
    parse_legal,
    parse_name,
    parse_timezone,
)
from bot.domain.spreadsheet import neutral_row, restore

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SAVE_AS = "In Excel, use Save As and choose “CSV UTF-8 (Comma delimited)”."


class CsvProblem(BaseModel):
    """One thing wrong with an imported file. ``line`` counts from 1 (the header)."""

    model_config = ConfigDict(frozen=True)

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class ParseOutcome(BaseModel):
    """Either every party of the file (``errors`` empty) or every problem (``parties`` empty)."""

    model_config = ConfigDict(frozen=True)

    parties: tuple[Party, ...] = ()
    errors: tuple[CsvProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_lines(self, limit: int = 15) -> list[str]:
        """At most ``limit`` problems, then one line saying how many more there are."""
        shown = [str(e) for e in self.errors[:limit]]
        hidden = len(self.errors) - len(shown)
        if hidden > 0:
            shown.append(f"… and {hidden} more problem{'s' if hidden > 1 else ''}.")
        return shown


def _failed(*problems: CsvProblem) -> ParseOutcome:
    return ParseOutcome(errors=problems)


def _decode(data: str | bytes) -> tuple[str | None, CsvProblem | None]:
    if isinstance(data, str):
        return data.removeprefix("\ufeff"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        msg = f"The file is saved as UTF-16 (“Unicode text”), not as UTF-8. {_SAVE_AS}"
        return None, CsvProblem(line=1, column=None, message=msg)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = (
            "The file is not UTF-8 text (it was probably saved in an older Windows or Mac "
            f"encoding, which garbles accented letters). {_SAVE_AS}"
        )
        return None, CsvProblem(line=line, column=None, message=msg)


def _garbled(value: str) -> str | None:
    """If ``value`` looks like UTF-8 read as Windows-1252 ("CÃ´te"), the repaired text."""
    if value.isascii():
        return None
    for encoding in ("cp1252", "latin-1"):
        try:
            fixed = value.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != value:
            return fixed
    return None


def _check_header(header: list[str]) -> list[CsvProblem]:
    names = [h.strip().lower() for h in header]
    if len(names) == 1 and (";" in names[0] or "\t" in names[0]):
        sep = "semicolons" if ";" in names[0] else "tabs"
        msg = f"The columns are separated by {sep}; they must be separated by commas. {_SAVE_AS}"
        return [CsvProblem(line=1, column=None, message=msg)]
    problems: list[CsvProblem] = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(CsvProblem(line=1, column=name, message="This column appears twice."))
        elif name not in COLUMNS:
            shown = name or "(a column with no name)"
            msg = f"Unknown column “{quote(shown)}”. The columns are: {', '.join(COLUMNS)}."
            problems.append(CsvProblem(line=1, column=name or None, message=msg))
        seen.add(name)
    for name in COLUMNS:
        if name not in seen:
            problems.append(CsvProblem(line=1, column=name, message="This column is missing."))
    return problems


def _parse_date(value: str) -> date:
    text = value.strip()
    try:
        if _DATE.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise ValueError(f"“{quote(text)}” is not a date. "
                     "Write it as YYYY-MM-DD, for example 2026-11-26.")


_CELL_PARSERS: dict[str, Callable[[str], object]] = {
    "code": parse_code,
    "name": parse_name,
    "regional_group": parse_group,
    "legal_system": parse_legal,
    "untoc": lambda v: parse_flag(v, "Convention (untoc)"),
    "tip": lambda v: parse_flag(v, "Trafficking in Persons Protocol (tip)"),
    "som": lambda v: parse_flag(v, "Smuggling of Migrants Protocol (som)"),
    "firearms": lambda v: parse_flag(v, "Firearms Protocol (firearms)"),
    "uncac": lambda v: parse_flag(v, "UNCAC"),
    "timezone": parse_timezone,
    "unconfirmed": parse_column_list,
    "derived": parse_column_list,
    "edited": parse_column_list,
    "source": lambda v: check_text(v, "source", max_len=SOURCE_MAX, required=True),
    "notes": lambda v: check_text(v, "notes"),
    "as_of": _parse_date,
}
_MODEL_TO_COLUMN = {"group": "regional_group", "legal": "legal_system", "instruments": "untoc"}


def _parse_row(cells: dict[str, str], line: int) -> Party | list[CsvProblem]:
    values: dict[str, object] = {}
    problems: list[CsvProblem] = []
    for column in COLUMNS:
        raw = cells[column]
        repaired = _garbled(raw)
        if repaired is not None:
            msg = (
                f"“{quote(raw)}” looks garbled, as happens when a UTF-8 file is opened in another "
                f"encoding; did you mean “{quote(repaired)}”? {_SAVE_AS}"
            )
            problems.append(CsvProblem(line=line, column=column, message=msg))
            continue
        try:
            values[column] = _CELL_PARSERS[column](raw)
        except ValueError as exc:
            problems.append(CsvProblem(line=line, column=column, message=str(exc)))
    if values.get("untoc") is False:
        msg = (
            f"{CONVENTION_REQUIRED}, so untoc must be 1. If this State is not a party to the "
            "Convention, remove its row."
        )
        problems.append(CsvProblem(line=line, column="untoc", message=msg))
    if problems:
        return problems
    try:
        return Party.model_validate(
            {
                "code": values["code"],
                "name": values["name"],
                "group": values["regional_group"],
                "legal": values["legal_system"],
                "instruments": [i for i, col in INSTRUMENT_COLUMNS.items() if values[col]],
                "uncac": values["uncac"],
                "timezone": values["timezone"],
                "provenance": {
                    key: values[key]
                    for key in ("source", "as_of", "unconfirmed", "derived", "edited", "notes")
                },
            }
        )
    except ValidationError as exc:  # a rule the cell checks above did not already catch
        out = []
        for err in exc.errors():
            field = str(err["loc"][-1]) if err["loc"] else ""
            where: str | None = _MODEL_TO_COLUMN.get(field, field if field in COLUMNS else None)
            message = str(err["msg"]).removeprefix("Value error, ")
            out.append(CsvProblem(line=line, column=where, message=message))
        return out


def _duplicates(
    cells: dict[str, str], line: int, codes: dict[str, int], names: dict[str, int]
) -> list[CsvProblem]:
    """Problems if this row's code or name was already seen; records them otherwise."""
    out = []
    code = cells["code"].strip().upper()
    if code and code in codes:
        msg = f"Party code {code} appears twice (first on line {codes[code]})."
        out.append(CsvProblem(line=line, column="code", message=msg))
    elif code:
        codes[code] = line
    name = cells["name"].strip()
    if name and name.casefold() in names:
        msg = f"The name “{quote(name)}” is already used on line {names[name.casefold()]}."
        out.append(CsvProblem(line=line, column="name", message=msg))
    elif name:
        names[name.casefold()] = line
    return out


def _column_order(problem: CsvProblem) -> int:
    return COLUMNS.index(problem.column) if problem.column in COLUMNS else -1


def parse_parties_csv(data: str | bytes) -> ParseOutcome:
    """Read a whole registry file, checking every row; see ``ParseOutcome``.

    Accepts text or the raw bytes of an uploaded file (UTF-8, with or without a byte-order
    mark). Rows whose cells are all empty are skipped.
    """
    text, problem = _decode(data)
    if problem is not None or text is None:
        return _failed(problem or CsvProblem(line=1, column=None, message="Unreadable file."))
    if not text.strip():
        return _failed(CsvProblem(line=1, column=None, message="The file is empty."))
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[CsvProblem] = []
    parties: list[Party] = []
    first_seen: dict[str, int] = {}
    names_seen: dict[str, int] = {}
    try:
        header = next(reader)
        header_problems = _check_header(header)
        if header_problems:
            return _failed(*header_problems)
        columns = [h.strip().lower() for h in header]
        next_line = reader.line_num + 1
        for row in reader:
            line, next_line = next_line, reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                msg = (
                    f"This line has {len(row)} values but the header has {len(columns)} "
                    "columns. Check for a missing or extra comma (a value that contains a "
                    "comma must be in double quotes)."
                )
                problems.append(CsvProblem(line=line, column=None, message=msg))
                continue
            cells = dict(zip(columns, (restore(c) for c in row), strict=True))
            row_problems = _duplicates(cells, line, first_seen, names_seen)
            result = _parse_row(cells, line)
            if isinstance(result, list):
                row_problems.extend(result)
            if row_problems:
                problems.extend(sorted(row_problems, key=_column_order))
            elif isinstance(result, Party):
                parties.append(result)
    except csv.Error as exc:
        msg = f"The file cannot be read as CSV from here on ({exc})."
        problems.append(CsvProblem(line=reader.line_num or 1, column=None, message=msg))
    if problems:
        return _failed(*problems)
    if not parties:
        msg = "The file has a header but no parties; an empty registry is never imported."
        return _failed(CsvProblem(line=2, column=None, message=msg))
    return ParseOutcome(parties=tuple(parties))


def _row(party: Party) -> list[str]:
    prov = party.provenance
    return [
        party.code,
        party.name,
        format_group(party.group),
        format_legal(party.legal),
        *(format_flag(i in party.instruments) for i in Instrument),
        format_flag(party.uncac),
        party.timezone,
        " ".join(prov.unconfirmed),
        " ".join(prov.derived),
        " ".join(prov.edited),
        prov.source,
        prov.as_of.isoformat(),
        prov.notes,
    ]


def write_parties_csv(parties: Iterable[Party]) -> str:
    """The canonical CSV text of the registry (rows sorted by code).

    Raises ValueError if two parties share a code, which the reader would refuse.
    """
    ordered = sorted(parties, key=lambda p: p.code)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if a.code == b.code:
            raise ValueError(f"Party code {a.code} appears twice.")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(neutral_row(list(COLUMNS)))
    writer.writerows(neutral_row(list(_row(p))) for p in ordered)
    return buffer.getvalue()


def parties_csv_bytes(parties: Iterable[Party]) -> bytes:
    """The CSV as a file to download: UTF-8 with a byte-order mark, so that Excel shows
    accented names (Côte d'Ivoire, Türkiye) correctly. The reader accepts it as is."""
    return write_parties_csv(parties).encode("utf-8-sig")
