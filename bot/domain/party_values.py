"""Reading the values of a party's fields from text, with plain-English errors.

Shared by the registry CSV (``parties.py``) and the ``/registry set`` command, so that a value is
accepted or refused the same way wherever it is typed. Every function raises ``ValueError``
whose message can be shown to a user as it is.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache

from bot.domain.inputs import quote
from bot.domain.mechanism import (
    INSTRUMENTS,
    LEGAL_FAMILIES,
    REGIONAL_GROUPS,
    Instrument,
    LegalFamily,
    RegionalGroup,
    canonical_families,
    canonical_instruments,
)

NAME_MAX = 100
TEXT_MAX = 2000
_CODE = re.compile(r"^[A-Z]{3}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@")
EU_CODE = "EUU"


def _key(text: str) -> str:
    """Lower-case letters and digits only: "Asia-Pacific States" -> "asiapacificstates"."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def check_text(value: str, what: str, *, max_len: int = TEXT_MAX, required: bool = False) -> str:
    """Trim a free-text value and refuse line breaks, control characters and spreadsheet
    formulas (a value starting with =, +, - or @ runs as a formula when opened in Excel)."""
    text = value.strip()
    if required and not text:
        raise ValueError(f"The {what} is empty.")
    if _CONTROL.search(text):
        raise ValueError(
            f"The {what} contains a line break or a control character; keep it on one line."
        )
    if "\ufffd" in text:
        raise ValueError(
            f"The {what} contains the character \ufffd, which means letters were lost when the "
            "file was converted. Retype the value."
        )
    if text.startswith(_FORMULA_START):
        raise ValueError(
            f"The {what} starts with {text[0]}; spreadsheet programs would run it as a formula. "
            "Reword it so it starts with a letter or a digit."
        )
    if len(text) > max_len:
        raise ValueError(f"The {what} is {len(text)} characters long; the limit is {max_len}.")
    return text


def parse_code(value: str) -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise ValueError(
            f"“{quote(value)}” is not a party code. Use the three-letter ISO 3166-1 code in "
            f"capitals (for example FRA), or {EU_CODE} for the European Union."
        )
    return code


def parse_name(value: str) -> str:
    return check_text(value, "name", max_len=NAME_MAX, required=True)


_GROUP_ALIASES: dict[str, RegionalGroup] = {
    **{_key(g.value): g for g in REGIONAL_GROUPS},
    **{_key(g.display_name): g for g in REGIONAL_GROUPS},
    "africangroup": RegionalGroup.AFRICA,
    "ag": RegionalGroup.AFRICA,
    "asiapacific": RegionalGroup.ASIA_PACIFIC,
    "asiapacificgroup": RegionalGroup.ASIA_PACIFIC,
    "ap": RegionalGroup.ASIA_PACIFIC,
    "eeg": RegionalGroup.EASTERN_EUROPE,
    "easterneuropeangroup": RegionalGroup.EASTERN_EUROPE,
    "westerneuropeanandothersstates": RegionalGroup.WEOG,
}
_NO_GROUP = {"", "none", "nogroup"}


def parse_group(value: str) -> RegionalGroup | None:
    """A group code or full name, any case; empty or "none" for a party in no group."""
    key = _key(value)
    if key in _NO_GROUP:
        return None
    if key in _GROUP_ALIASES:
        return _GROUP_ALIASES[key]
    codes = ", ".join(g.value for g in REGIONAL_GROUPS)
    raise ValueError(
        f"“{quote(value)}” is not a regional group. Use one of {codes} (or the group's full "
        "name, such as African States), or none for a party in no group."
    )


def format_group(group: RegionalGroup | None) -> str:
    return group.value if group else ""


_FAMILY_ALIASES: dict[str, LegalFamily] = {
    **{f.value: f for f in LEGAL_FAMILIES},
    "islamic": LegalFamily.MUSLIM,
}


def parse_legal(value: str, *, allow_unknown_word: bool = False) -> tuple[LegalFamily, ...]:
    """Families joined by +, comma or "and": "civil + customary", "mixed: civil law + Muslim law".

    Empty means "not recorded". With ``allow_unknown_word`` the words "unknown" and "none" also
    clear the list (used by ``/registry set``).
    """
    text = value.strip()
    if text.casefold().startswith("mixed:"):
        text = text[len("mixed:") :]
    if not text.strip() or (allow_unknown_word and _key(text) in {"unknown", "none"}):
        return ()
    families: list[LegalFamily] = []
    for raw in re.split(r"\+|,|;|/|\band\b", text, flags=re.IGNORECASE):
        word = _key(re.sub(r"\blaw\b", "", raw, flags=re.IGNORECASE))
        if word not in _FAMILY_ALIASES:
            raise ValueError(
                f"“{quote(raw.strip() or value)}” is not a legal family. Use civil, common, "
                "customary or muslim, and join several with + (for example: civil + customary)."
            )
        families.append(_FAMILY_ALIASES[word])
    return canonical_families(families)


def format_legal(families: tuple[LegalFamily, ...]) -> str:
    return " + ".join(f.value for f in families)


_TRUE = {"1", "yes", "y", "true", "party"}
_FALSE = {"0", "no", "n", "false", "notparty", "nonparty"}


def parse_flag(value: str, what: str) -> bool:
    key = _key(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(
        f"“{quote(value)}” is not a valid {what} status: write 1 or yes (party), "
        "0 or no (not party)."
    )


def format_flag(flag: bool) -> str:
    return "1" if flag else "0"


_INSTRUMENT_ALIASES: dict[str, Instrument] = {
    **{_key(i.value): i for i in INSTRUMENTS},
    "convention": Instrument.UNTOC,
    "trafficking": Instrument.TIP,
    "smuggling": Instrument.SOM,
}

CONVENTION_REQUIRED = (
    "Every party in the registry is a party to the Convention (UNTOC), and only a party to the "
    "Convention can be party to a Protocol"
)


def parse_instruments(value: str) -> tuple[Instrument, ...]:
    """A list such as "UNTOC, TIP, FIREARMS" (commas, + or spaces between); must include UNTOC."""
    found: list[Instrument] = []
    for raw in re.split(r"[,;+/\s]+", value.strip()):
        if not raw:
            continue
        if _key(raw) not in _INSTRUMENT_ALIASES:
            codes = ", ".join(i.value for i in INSTRUMENTS)
            raise ValueError(f"“{quote(raw)}” is not an instrument. Use {codes}.")
        found.append(_INSTRUMENT_ALIASES[_key(raw)])
    instruments = canonical_instruments(found)
    if Instrument.UNTOC not in instruments:
        raise ValueError(
            f"{CONVENTION_REQUIRED}: include UNTOC in the list (for example: UNTOC, TIP)."
        )
    return instruments


@lru_cache(maxsize=1)
def _zones_by_key() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def parse_timezone(value: str) -> str:
    """An IANA time zone name such as Europe/Vienna (any case; returned as IANA writes it)."""
    text = value.strip()
    canonical = _zones_by_key().get(text.casefold())
    if canonical is None:
        hint = ""
        tail = text.replace(" ", "_").casefold()
        close = sorted(z for k, z in _zones_by_key().items() if tail and k.endswith("/" + tail))
        if close:
            hint = f" Did you mean {close[0]}?"
        raise ValueError(
            f"“{quote(text)}” is not a time zone name. Use an IANA name such as Europe/Vienna or "
            f"America/New_York.{hint}"
        )
    zoneinfo.ZoneInfo(canonical)  # loads: refuses a name tzdata lists but cannot read
    return canonical
