"""No exported cell can run as a formula, and every value survives export and import."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.spreadsheet import RISKY, neutralise, restore


@given(st.text(max_size=40))
def test_no_cell_begins_like_a_formula_and_every_value_comes_back(value: str) -> None:
    cell = neutralise(value)
    assert not cell.startswith(RISKY)
    assert restore(cell) == value


def test_a_value_beginning_with_a_minus_or_an_apostrophe_round_trips():
    assert neutralise("-5") == "'-5" and restore("'-5") == "-5"
    assert neutralise("'quoted") == "''quoted" and restore("''quoted") == "'quoted"
    assert restore("'plain") == "'plain"  # an apostrophe typed by hand before text is kept
    assert restore("-5") == "-5"  # a value typed without the apostrophe is read as it stands
