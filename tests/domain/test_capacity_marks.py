"""The capacity marks: each told once per crossing, told again only after a clear fall."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.capacity import REARM, THRESHOLDS, to_tell


def walk(counts: list[int]) -> list[int]:
    told, said = 0, []
    for count in counts:
        mark, told = to_tell(told, count)
        if mark is not None:
            said.append(mark)
    return said


def test_each_mark_is_told_once_on_the_way_up():
    assert walk(list(range(400, 501))) == [450, 475, 490]
    assert walk([449, 500, 499, 500]) == [490]


def test_a_room_opening_and_closing_at_a_mark_tells_it_once():
    assert walk([449, 450, 449, 450, 449, 450]) == [450]


def test_a_mark_is_told_again_after_the_count_fell_clearly_below_it():
    assert walk([450, 450 - REARM, 450]) == [450, 450]
    assert walk([490, 481, 490]) == [490]
    assert walk([490, 480, 490]) == [490, 490]


@given(st.lists(st.integers(min_value=0, max_value=500), max_size=60))
def test_a_mark_is_never_told_twice_without_a_clear_fall_between(counts):
    told = 0
    last_told_at: dict[int, int] = {}
    for i, count in enumerate(counts):
        mark, told = to_tell(told, count)
        if mark is not None:
            if mark in last_told_at:
                between = counts[last_told_at[mark] + 1:i]
                assert any(c <= mark - REARM for c in between)
            last_told_at[mark] = i
        assert mark is None or mark in THRESHOLDS
