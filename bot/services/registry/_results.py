"""What the registry's use cases answer: results of setting, importing and (un)registering."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from pydantic import BaseModel, ConfigDict

from bot.domain.parties import Party
from bot.i18n import Joined, Msg, Verbatim, _, _n, lines

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

    def summary(self) -> Joined:
        parts: list[Msg] = [
            _("The file matches the registry; nothing needed to change.") if self.unchanged else
            _("Imported: {added} added, {changed} changed, {removed} removed. The import is "
              "recorded in the audit log.", added=len(self.added), changed=len(self.changed),
              removed=len(self.removed))]
        if self.kept:
            codes = Verbatim(", ".join(self.kept[:10]) + (", …" if len(self.kept) > 10 else ""))
            parts.append(_n("{count} party is not in the file and kept as before ({codes}); to "
                            "remove parties, import the file again with remove_missing set to "
                            "True.",
                            "{count} parties are not in the file and kept as before ({codes}); "
                            "to remove parties, import the file again with remove_missing set "
                            "to True.", len(self.kept), codes=codes))
        parts.append(_("The registry now has {count} parties.", count=self.total))
        return lines(*parts, separator=" ")
