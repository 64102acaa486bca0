"""What people type, made harmless before any rule sees it.

One module for every command, form and button: the command tree passes every text option
through ``clean_text`` before the command runs, forms do the same with every field, and the
parsers of dates, times and numbers use the bounds below. Each refusal is an ``InputError``
whose message says what was wrong; nothing is changed.

- Text is normalised to NFC (the same letters always compare and store the same), line ends
  become ``\\n``, and any other control character (NUL, ESC, DEL, C1 controls, lone
  surrogates) is refused: it would be stored and shown to other people invisibly.
- Text that is empty once whitespace and invisible characters (zero-width spaces and joiners,
  the byte-order mark, soft hyphens, direction marks, Hangul fillers, the blank Braille
  pattern …) are removed counts as empty.
- Dates and times outside 2000–2100 are refused before any arithmetic (time-zone conversion
  of year 1 or 9999 overflows); numbers are bounded in digits before they are converted.
- ``quote`` shortens every echo of input to one short line, ``fit`` shortens any text to a
  Discord limit, and ``safe_name`` makes a channel or thread name that mentions no one.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from bot.domain.errors import InputError
from bot.i18n import Num, Text, Verbatim, _

YEAR_MIN, YEAR_MAX = 2000, 2100
MAX_DIGITS = 9  # no number anyone types here needs more; int() of 6,000 digits is refused
QUOTE_LIMIT = 60
ELLIPSIS = "…"

# Discord's limits (https://discord.com/developers/docs/resources/message#create-message)
MESSAGE_LIMIT = 2000
EMBED_TITLE_LIMIT = 256
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_FIELD_NAME_LIMIT = 256
EMBED_FIELD_VALUE_LIMIT = 1024
EMBED_FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
CHANNEL_NAME_LIMIT = 100
FILE_NAME_LIMIT = 100

# characters that show nothing, beyond what str.isspace() knows
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5")
_MENTION = re.compile(r"<(?:@[!&]?|#|/[^:>]*:)\d+>|@(everyone|here)\b", re.IGNORECASE)


def _is_invisible(char: str) -> bool:
    return (char.isspace() or char in _INVISIBLE_LETTERS
            or unicodedata.category(char) in ("Cf", "Cc", "Zs", "Zl", "Zp")
            or "\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef")


def visible(text: str) -> str:
    """The text without whitespace and invisible characters (what a reader would see)."""
    return "".join(c for c in text if not _is_invisible(c))


def is_blank(text: str | None) -> bool:
    return not text or not visible(text)


def _control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs") and char not in "\n\t"


def clean_text(value: str, *, field: str | Text, required: bool = True,
               max_length: int | None = None) -> str:
    """NFC text without control characters; refused when blank (or when too long)."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    bad = next((c for c in text if _control(c)), None)
    if bad is not None:
        raise InputError(_(
            "The {field} contains a control character (U+{code}); please type it again "
            "without it. Nothing was changed.", field=field, code=Verbatim(f"{ord(bad):04X}")))
    if required and is_blank(text):
        # spaces and invisible characters (zero-width and the like) do not count
        raise InputError(_("The {field} is empty; please write it out. Nothing was changed.",
                           field=field))
    if max_length is not None and len(text) > max_length:
        raise InputError(_("The {field} is {length} characters long; at most {limit} fit. "
                           "Nothing was changed.", field=field, length=Num(len(text)),
                           limit=Num(max_length)))
    return text


def quote(text: object, limit: int = QUOTE_LIMIT) -> str:
    """An echo of input: one line, shortened, with no way to close the quote or mention."""
    flat = " ".join(str(text).split())
    flat = flat.replace("`", "'").replace("@", "@\u200b")
    return fit(flat, limit)


def fit(text: str, limit: int) -> str:
    """The text, shortened with an ellipsis when longer than ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ELLIPSIS))].rstrip() + ELLIPSIS


def bounded_int(text: str, *, field: str | Text, low: int, high: int) -> int:
    """A whole number typed as text, checked in digits before it is converted."""
    digits = text.strip().replace(",", "").replace("_", "")
    if not digits.isascii() or not digits.isdigit():
        raise InputError(_("The {field} “{value}” is not a whole number. Nothing was changed.",
                           field=field, value=Verbatim(quote(text))))
    if len(digits.lstrip("0")) > MAX_DIGITS or not low <= int(digits) <= high:
        raise InputError(_("The {field} must be between {low} and {high}. Nothing was changed.",
                           field=field, low=Num(low), high=Num(high)))
    return int(digits)


def check_year(year: int, *, field: str | Text) -> None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise InputError(_(
            "The {field} must fall between the years {low} and {high}; {year} does not. "
            "Nothing was changed.", field=field, low=Verbatim(str(YEAR_MIN)),
            high=Verbatim(str(YEAR_MAX)), year=Verbatim(str(year))))


def sane_date(value: date | datetime, *, field: str | Text) -> date | datetime:
    """The date or time, if it falls in 2000–2100."""
    check_year(value.year, field=field)
    return value


def safe_name(text: str, limit: int = CHANNEL_NAME_LIMIT) -> str:
    """A channel or thread name: one line, no @everyone/@here, no user, role or channel
    mention, no control or invisible-only content, at most ``limit`` characters."""
    flat = " ".join("".join(c for c in text if not _control(c)).split())
    flat = _MENTION.sub("", flat).replace("@", "")
    flat = " ".join(flat.split())
    return fit(flat, limit) if visible(flat) else ""


def clean_filename(name: str, limit: int = FILE_NAME_LIMIT) -> str:
    """A file name safe to store and to offer: no path, no control characters, not blank."""
    base = re.split(r"[\\/]", name)[-1]
    base = unicodedata.normalize("NFC", "".join(c for c in base if not _control(c))).strip()
    base = base.lstrip(".") or "file"
    if not visible(base):
        base = "file"
    if len(base) > limit:
        stem, dot, ext = base.rpartition(".")
        ext = ext if dot and len(ext) <= 10 else ""
        base = fit(stem if ext else base, limit - len(ext) - 1 if ext else limit)
        base = f"{base}.{ext}" if ext else base
    return base
