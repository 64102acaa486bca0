"""A text written out in every language, for a job row that sends it later (a job's payload
is JSON, so a translatable message is kept as its six renderings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.i18n.languages import Language
from bot.i18n.message import render


def freeze(text: Any) -> dict[str, str]:
    """The text in each of the six languages, keyed by tag (``{"en": …, "fr": …}``)."""
    return {language.value: render(text, language) for language in Language}


@dataclass(frozen=True)
class Frozen:
    """A text read back from ``freeze``; a plain string (an older row) reads the same in all."""

    texts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, stored: object) -> Frozen:
        if isinstance(stored, dict):
            return cls(tuple((str(k), str(v)) for k, v in stored.items()))
        return cls(((Language.EN.value, str(stored)),))

    def render(self, language: Language) -> str:
        found = dict(self.texts)
        return found.get(language.value) or found.get(Language.EN.value, "")
