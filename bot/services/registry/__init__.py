"""The registry of States parties and their people: use cases and their wording."""

from bot.services.registry._results import bundled_csv
from bot.services.registry._service import ROLE_LABELS, RegistryService
from bot.services.registry._text import (
    COLUMN_LABELS,
    FIELD_LABELS,
    GROUP_NAMES,
    columns_text,
    field_text,
    field_words,
    role_notice,
)

__all__ = [
    "COLUMN_LABELS", "FIELD_LABELS", "GROUP_NAMES", "ROLE_LABELS", "RegistryService", "bundled_csv",
    "columns_text", "field_text", "field_words", "role_notice",
]
