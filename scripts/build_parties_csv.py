"""Rebuild the bundled registry ``bot/data/parties.csv`` from the draft registry.

Input: ``../shared/reference/parties-draft.csv`` (columns iso3, name, regional_group,
legal_system, untoc, tip, som, firearms, uncac, notes) and ``bot/data/capital_timezones.csv``
(the IANA time zone of each party's capital). Output: the registry in the format of
``bot/domain/parties.py``:

* ``code`` is the draft's ``iso3``; groups and legal systems are turned into their codes;
* ``timezone`` is the capital's zone, and is listed under ``derived``;
* ``unconfirmed`` lists the fields named after "UNCONFIRMED:" in the draft's notes;
* ``notes`` is the draft's notes cell, word for word (reasons and evidence included);
* ``source`` and ``as_of`` say that the row comes from the draft compiled on 2026-11-26.

Run from the project root:

    .venv/bin/python scripts/build_parties_csv.py           # writes bot/data/parties.csv
    .venv/bin/python scripts/build_parties_csv.py --check   # exit 1 if the file is out of date
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.domain.parties import COLUMNS  # noqa: E402
from bot.domain.parties_csv import parse_parties_csv, write_parties_csv  # noqa: E402

DRAFT = ROOT.parent / "shared" / "reference" / "parties-draft.csv"
ZONES = ROOT / "bot" / "data" / "capital_timezones.csv"
OUT = ROOT / "bot" / "data" / "parties.csv"

DRAFT_SOURCE = "parties-draft.csv (2014 UN Treaty Collection snapshots and later reports)"
DRAFT_AS_OF = date(2026, 11, 26)  # "Compiled 2026-11-26" (parties-sources.md)
DRAFT_COLUMNS = (
    "iso3", "name", "regional_group", "legal_system", "untoc", "tip", "som", "firearms",
    "uncac", "notes",
)  # fmt: skip
MARKER = "UNCONFIRMED:"


def _split_top_level(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses: "a (x; y); b" -> ["a (x; y)", " b"]."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def unconfirmed_fields(notes: str) -> list[str]:
    """Field names listed after "UNCONFIRMED:" at the start of a draft notes cell.

    "UNCONFIRMED: legal_system, som (0 = ...; ...); tip: acceded" -> ["legal_system", "som"].
    """
    if not notes.startswith(MARKER):
        if MARKER in notes:
            raise ValueError(f"UNCONFIRMED marker not at the start of the notes: {notes!r}")
        return []
    listing = _split_top_level(notes[len(MARKER) :], ";")[0]
    fields = [item.strip().split(" ", 1)[0] for item in _split_top_level(listing, ",")]
    if not all(fields):
        raise ValueError(f"Empty field name in the UNCONFIRMED marker: {notes!r}")
    return fields


def load_capital_timezones(text: str) -> dict[str, str]:
    rows = list(csv.DictReader(io.StringIO(text)))
    zones = {row["code"].strip(): row["timezone"].strip() for row in rows}
    if len(zones) != len(rows):
        raise ValueError("capital_timezones.csv lists a party twice")
    return zones


def build(draft_text: str, zones_text: str) -> str:
    """The bundled registry's CSV text. Raises ValueError listing every problem found."""
    zones = load_capital_timezones(zones_text)
    draft = list(csv.DictReader(io.StringIO(draft_text.removeprefix("\ufeff"))))
    if not draft or tuple(draft[0]) != DRAFT_COLUMNS:
        raise ValueError(f"The draft's columns are not {', '.join(DRAFT_COLUMNS)}")
    missing = [row["iso3"] for row in draft if row["iso3"] not in zones]
    if missing:
        raise ValueError(f"No capital time zone for: {', '.join(missing)}")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in draft:
        writer.writerow(
            {
                "code": row["iso3"],
                "name": row["name"],
                "regional_group": row["regional_group"],
                "legal_system": row["legal_system"],
                **{key: row[key] for key in ("untoc", "tip", "som", "firearms", "uncac")},
                "timezone": zones[row["iso3"]],
                "unconfirmed": " ".join(unconfirmed_fields(row["notes"])),
                "derived": "timezone",
                "edited": "",
                "source": DRAFT_SOURCE,
                "as_of": DRAFT_AS_OF.isoformat(),
                "notes": row["notes"],
            }
        )
    outcome = parse_parties_csv(buffer.getvalue())
    if not outcome.ok:
        raise ValueError("\n".join(str(e) for e in outcome.errors))
    if len(outcome.parties) != len(draft):
        raise ValueError(f"{len(draft)} draft rows gave {len(outcome.parties)} parties")
    return write_parties_csv(outcome.parties)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draft", type=Path, default=DRAFT)
    parser.add_argument("--zones", type=Path, default=ZONES)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="only check that --out is current")
    args = parser.parse_args(argv)
    try:
        text = build(args.draft.read_text("utf-8"), args.zones.read_text("utf-8"))
    except ValueError as exc:
        print(f"Cannot build the registry:\n{exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.out.read_bytes() if args.out.exists() else b""
        if current != text.encode("utf-8"):
            print(f"{args.out} is out of date; run scripts/build_parties_csv.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date.")
        return 0
    args.out.write_bytes(text.encode("utf-8"))
    print(f"Wrote {args.out} ({text.count(chr(10)) - 1} parties).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
