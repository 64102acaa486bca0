"""Appointments of each State's people, per review or for all of the State's reviews, each on
the note verbale it rests on; and who serves in which review, in which role."""

from bot.services.appointments import _text as text
from bot.services.appointments._service import (
    Appointed,
    AppointmentService,
    appointed_in_review,
    appointed_person,
)

__all__ = ["Appointed", "AppointmentService", "appointed_in_review", "appointed_person", "text"]
