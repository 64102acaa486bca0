"""The pure rules of appointments: the note verbale, and who served in a review at a past time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.appointments import NoteVerbale, note_verbale
from bot.domain.errors import InputError
from bot.domain.review_history import PersonChange, appointments_at, people_in_review_at

TODAY = date(2026, 12, 1)


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 9, 0, tzinfo=UTC)


def test_a_note_verbale_needs_a_reference_and_a_date_not_after_today():
    assert note_verbale(" NV/2026/7 ", "2026-11-30", TODAY) == NoteVerbale(
        reference="NV/2026/7", dated=date(2026, 11, 30))
    for reference, dated in ((None, "2026-11-30"), ("NV", None), ("", "2026-11-30"),
                             ("NV", "30/11/2026"), ("NV", "2026-02-30"), ("NV", "2026-12-02"),
                             ("NV", "1999-01-01"), ("N" * 101, "2026-11-30")):
        with pytest.raises(InputError):
            note_verbale(reference, dated, TODAY)


def test_the_history_gives_each_review_its_own_focal_point():
    changes = [
        PersonChange(at(1), 1, "KEN", "focal_point"),  # for every review of Kenya
        PersonChange(at(2), 2, "KEN", "expert", review_id=7),
        PersonChange(at(3), 3, "KEN", "focal_point", review_id=8),
        PersonChange(at(3), 1, "KEN", "expert", review_id=8),  # replaced there
    ]
    wide, per = appointments_at(changes, at(4))
    assert people_in_review_at(wide, per.get(7, {})) == {1: ("KEN", "focal_point"),
                                                          2: ("KEN", "expert")}
    assert people_in_review_at(wide, per.get(8, {})) == {1: ("KEN", "expert"),
                                                          3: ("KEN", "focal_point")}
    assert people_in_review_at(wide, per.get(9, {})) == {1: ("KEN", "focal_point")}
    # before the appointments for reviews 7 and 8 were made
    wide, per = appointments_at(changes, at(2))
    assert per == {} and wide == {1: ("KEN", "focal_point")}
    # ending the State-wide appointment ends the person's appointments for reviews too
    wide, per = appointments_at([*changes, PersonChange(at(5), 1, "KEN", None)], at(6))
    assert 1 not in wide and 1 not in per[8]
