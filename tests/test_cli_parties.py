"""`deskreview parties import|export` on a real database file."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

from bot.cli import main
from bot.domain.parties_csv import parse_parties_csv

BUNDLED = Path(__file__).resolve().parents[1] / "bot" / "data" / "parties.csv"


def run(db: Path, *args: str) -> int:
    return main(["--database", str(db), *args])


def set_cell(data: bytes, code: str, column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    for row in rows[1:]:
        if row[0] == code:
            row[rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def test_export_then_import_round_trips_a_real_database(tmp_path, capsys):
    db = tmp_path / "deskreview.sqlite3"
    assert run(db, "db", "upgrade") == 0  # a new database gets the bundled registry
    assert "registry seeded with the 192 bundled parties" in capsys.readouterr().out

    assert run(db, "parties", "import", str(BUNDLED)) == 0
    assert "The file matches the registry" in capsys.readouterr().out
    first = tmp_path / "first.csv"
    assert run(db, "parties", "export", str(first)) == 0
    exported = parse_parties_csv(first.read_bytes())
    assert exported.parties == parse_parties_csv(BUNDLED.read_bytes()).parties

    # an edited file changes exactly what was edited
    edited = tmp_path / "edited.csv"
    edited.write_bytes(set_cell(first.read_bytes(), "FRA", "legal_system", "civil"))
    assert run(db, "parties", "import", str(edited)) == 0
    assert "Imported: 0 added, 1 changed, 0 removed." in capsys.readouterr().out
    second = tmp_path / "second.csv"
    assert run(db, "parties", "export", str(second)) == 0
    france = next(p for p in parse_parties_csv(second.read_bytes()).parties if p.code == "FRA")
    assert [f.value for f in france.legal] == ["civil"]

    # importing an export changes nothing, and exports the same bytes again
    exported_bytes = second.read_bytes()
    capsys.readouterr()
    assert run(db, "parties", "import", str(second)) == 0
    assert "The file matches the registry" in capsys.readouterr().out
    assert run(db, "parties", "export", str(second)) == 2  # never overwrites by surprise
    assert "already exists" in capsys.readouterr().err
    assert run(db, "parties", "export", "--overwrite", str(second)) == 0
    assert second.read_bytes() == exported_bytes

    with sqlite3.connect(db) as raw:
        rows = raw.execute("SELECT actor, action FROM audit_log ORDER BY seq").fetchall()
    # the seed, the one edit (imports that change nothing record nothing)
    assert rows == [("system", "registry.seed"), ("cli", "registry.import")]
    assert run(db, "audit", "verify") == 0


def test_a_bad_file_is_refused_whole_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "deskreview.sqlite3"
    assert run(db, "db", "upgrade") == 0
    assert run(db, "parties", "import", str(BUNDLED)) == 0
    before = tmp_path / "before.csv"
    assert run(db, "parties", "export", str(before)) == 0
    bad = tmp_path / "bad.csv"
    data = set_cell(before.read_bytes(), "KEN", "timezone", "Mars/Olympus")
    bad.write_bytes(set_cell(data, "FRA", "name", "République française"))
    capsys.readouterr()
    assert run(db, "parties", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "The file was not imported. Nothing was changed." in err
    assert "column timezone: “Mars/Olympus” is not a time zone name" in err
    after = tmp_path / "after.csv"
    assert run(db, "parties", "export", str(after)) == 0
    assert after.read_bytes() == before.read_bytes()


def test_a_missing_database_is_named_not_created(tmp_path, capsys):
    db = tmp_path / "nowhere.sqlite3"
    assert run(db, "parties", "import", str(BUNDLED)) == 2
    assert "no database at" in capsys.readouterr().err
    assert not db.exists()
