"""What the registry's use cases answer: results of setting, importing and (un)registering."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from pydantic import BaseModel, ConfigDict

from bot.domain.parties import Party

SCREEN_LINES = 15
SCREEN_CHARS = 1500


def bundled_csv() -> bytes:
    """The registry shipped inside the package (``bot/data/parties.csv``)."""
    return resources.files("bot").joinpath("data/parties.csv").read_bytes()


def screenful(problems: Sequence[object], intro: str) -> str:
    """``intro`` and at most a screenful of problems, the rest counted."""
    shown: list[str] = []
    used = len(intro)
    for problem in problems[:SCREEN_LINES]:
        line = str(problem)
        line = line if len(line) <= 300 else line[:299] + "…"
        if used + len(line) + 1 > SCREEN_CHARS:
            break
        shown.append(line)
        used += len(line) + 1
    hidden = len(problems) - len(shown)
    if hidden:
        shown.append(f"… and {hidden} more problem{'s' if hidden != 1 else ''}.")
    return "\n".join([intro, *shown])


class SetResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    party: Party
    field: str
    before: str
    after: str
    changed: bool


class ImportResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    kept: tuple[str, ...]
    total: int

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        if self.unchanged:
            text = "The file matches the registry; nothing needed to change."
        else:
            text = (
                f"Imported: {len(self.added)} added, {len(self.changed)} changed, "
                f"{len(self.removed)} removed. The import is recorded in the audit log."
            )
        if self.kept:
            kept = "1 party is" if len(self.kept) == 1 else f"{len(self.kept)} parties are"
            text += (
                f" {kept} not in the file and kept as before ({', '.join(self.kept[:10])}"
                f"{', …' if len(self.kept) > 10 else ''}); to remove parties, import the file "
                "again with remove_missing set to True."
            )
        return f"{text} The registry now has {self.total} parties."
