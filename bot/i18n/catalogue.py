"""The gettext catalogues under ``bot/locale``: read from the ``.po`` files and compiled in
memory with Babel when first needed, so a clean checkout needs no build step."""

from __future__ import annotations

import gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n.languages import Language

DOMAIN = "deskreview"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def po_path(language: Language, root: Path = LOCALE_DIR) -> Path:
    return root / language.catalogue / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


@cache
def translations(language: Language) -> gettext.NullTranslations:
    """The compiled catalogue of a language (English, the source, has none)."""
    path = po_path(language)
    if language is Language.EN or not path.exists():
        return gettext.NullTranslations()
    buffer = BytesIO()
    write_mo(buffer, read_catalogue(path), use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
