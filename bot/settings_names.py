"""Unknown `DESKREVIEW_*` variables: named as probable typos, with the closest real setting."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

PREFIX = "DESKREVIEW_"


def _dotenv_names(path: Path) -> list[str]:
    if not path.is_file():
        return []
    from dotenv import dotenv_values

    return [name for name in dotenv_values(path) if name]


def unknown_names(known: Iterable[str], names: Iterable[str]) -> list[tuple[str, str | None]]:
    """Each `DESKREVIEW_*` name that is no setting, with the closest known one (or None)."""
    known_upper = sorted({k.upper() for k in known})
    found: list[tuple[str, str | None]] = []
    for name in names:
        upper = name.upper()
        if not upper.startswith(PREFIX) or upper in known_upper:
            continue
        close = difflib.get_close_matches(upper, known_upper, n=1, cutoff=0.6)
        found.append((name, close[0] if close else None))
    return found


def unknown_setting_problem(
    known: Iterable[str], env_file: Path | None, environ: Mapping[str, str] | None = None
) -> str | None:
    """One sentence naming the unknown settings and where they were found, or None."""
    known = list(known)
    env = os.environ if environ is None else environ
    places = [("the environment", list(env))]
    if env_file is not None:
        places.append((str(env_file), _dotenv_names(env_file)))
    parts: list[str] = []
    for place, names in places:
        for name, close in unknown_names(known, names):
            guess = f" (did you mean {close}?)" if close else ""
            parts.append(f"{name} in {place}{guess}")
    if not parts:
        return None
    return ("unknown setting " + "; ".join(parts) + ": it is probably a typo. Correct or remove "
            "it; .env.example lists every setting.")
