"""Appointments of a State's people, and the note verbale each one rests on.

A State appoints its people by note verbale. The secretariat registers each appointment with
the note's reference and date; an appointment without them is refused. A focal point is
appointed per review (one per State per review at a time) or for all of the State's reviews;
experts and observers for one review or for all of them (the default).
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict

from bot.domain.errors import InputError
from bot.domain.inputs import check_year, is_blank, quote
from bot.i18n import _

ROLES = ("focal_point", "expert", "observer")
RANK = {"focal_point": 0, "expert": 1, "observer": 2}
NOTE_REFERENCE_LIMIT = 100
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class NoteVerbale(BaseModel):
    """The note verbale an appointment rests on: its reference and its date."""

    model_config = ConfigDict(frozen=True)

    reference: str
    dated: date


def note_verbale(reference: str | None, dated: str | None, today: date) -> NoteVerbale:
    """The note verbale as typed, checked: a reference of 1–100 characters and a date in
    the form YYYY-MM-DD, not after today. ``InputError`` says what is missing or wrong."""
    if reference is None or is_blank(reference) or dated is None or is_blank(dated):
        raise InputError(_(
            "An appointment rests on a note verbale: give its reference (note_verbale) and its "
            "date (note_date, as YYYY-MM-DD). Nothing was changed."))
    reference = reference.strip()
    if len(reference) > NOTE_REFERENCE_LIMIT:
        raise InputError(_("The reference of a note verbale has at most {limit} characters. "
                           "Nothing was changed.", limit=NOTE_REFERENCE_LIMIT))
    text = dated.strip()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        check_year(int(text[:4]), field="note date")
        day = date.fromisoformat(text)
    except (ValueError, InputError):
        raise InputError(_("“{text}” is not a date: write the date of the note verbale as "
                           "YYYY-MM-DD, such as 2026-11-20. Nothing was changed.",
                           text=quote(text))) from None
    if day > today:
        raise InputError(_("The note verbale is dated after today ({day}). Check its date. "
                           "Nothing was changed.", day=text))
    return NoteVerbale(reference=reference, dated=day)


def senior(roles: list[str]) -> str | None:
    """The most senior of a person's roles (focal point, then expert, then observer)."""
    return min(roles, key=lambda r: RANK[r]) if roles else None
