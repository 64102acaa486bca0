"""Asking to be registered (`/register`): the request, the secretariat's decision, the notice."""

from bot.services.registrations import _text as text
from bot.services.registrations._service import (
    TEMPLATE,
    Decision,
    RegistrationService,
    decision_custom_id,
)

__all__ = ["TEMPLATE", "Decision", "RegistrationService", "decision_custom_id", "text"]
