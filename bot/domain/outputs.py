"""The outputs of a review's steps: what they are, whose they are, who clears them, what follows.

Each review has the answers to the self-assessment questionnaire (the State under review's),
one written feedback per reviewing State, and the review's own list of observations and its
summary (drafted by all three States). Experts or the focal point of the owning State submit
versions; every version is kept. The focal point of each State that must agree clears a
version; a version cleared by all of them is agreed and never changes. A newer draft opens the
clearance again and leaves the agreed version as it was. When a step's clearances are complete
the review moves on to the stage that step reaches (never back).

Files are accepted by their name's ending and by a look at their content where that is cheap
(PDF's header, the parts every DOCX, XLSX and ODT holds, text that reads as UTF-8).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Collection, Iterable
from enum import StrEnum

from bot.domain.errors import InputError, Refused
from bot.domain.reviews import Stage
from bot.i18n import Msg, Verbatim, _


class OutputKind(StrEnum):
    QUESTIONNAIRE = "questionnaire"
    FEEDBACK = "feedback"
    OBSERVATIONS = "observations"
    SUMMARY = "summary"

    @property
    def per_state(self) -> bool:
        """True when each owning State has its own output of this kind (not the review's)."""
        return self in (OutputKind.QUESTIONNAIRE, OutputKind.FEEDBACK)


REVIEW_OWNED = ""  # the ``party`` of the outputs that are the review's own


# The stage a step's completed clearance reaches.
STAGE_REACHED: dict[OutputKind, Stage] = {
    OutputKind.QUESTIONNAIRE: Stage.QUESTIONNAIRE_SUBMITTED,
    OutputKind.FEEDBACK: Stage.WRITTEN_FEEDBACK_SENT,
    OutputKind.OBSERVATIONS: Stage.OBSERVATIONS_AGREED,
    OutputKind.SUMMARY: Stage.SUMMARY_AGREED,
}


class OutputError(InputError):
    """This cannot be done with this output now; the message says why."""


class OutputRefused(OutputError, Refused):
    """This person may not do this; the message says who may."""


def owner_of(kind: OutputKind, party: str | None, sur: str, reviewers: Collection[str]) -> str:
    """The ``party`` key of the output a person of ``party`` submits; refuse when they cannot.

    The questionnaire answers are the State under review's, each written feedback its
    reviewing State's; the list of observations and the summary are the review's."""
    if kind is OutputKind.QUESTIONNAIRE:
        if party != sur:
            raise OutputRefused(_("Only the experts and the focal point of the State under "
                                  "review can submit its answers to the questionnaire. "
                                  "Nothing was stored."))
        return sur
    if kind is OutputKind.FEEDBACK:
        if party is None or party not in reviewers:
            raise OutputRefused(_("Only the experts and the focal point of a reviewing State "
                                  "can submit its written feedback. Nothing was stored."))
        return party
    if party is None or (party != sur and party not in reviewers):
        raise OutputRefused(_("Only the experts and focal points of this review's States can "
                              "submit a draft. Nothing was stored."))
    return REVIEW_OWNED


def clearers(kind: OutputKind, owner: str, sur: str, reviewers: Iterable[str]) -> tuple[str, ...]:
    """The States whose focal point must clear a version, State under review first."""
    if kind.per_state:
        return (owner,)
    return (sur, *sorted(set(reviewers) - {sur}))


def is_agreed(needed: Iterable[str], cleared: Collection[str]) -> bool:
    wanted = tuple(needed)
    return bool(wanted) and all(p in cleared for p in wanted)


def check_clearance(party: str, needed: Collection[str], cleared: Collection[str],
                    latest: bool) -> None:
    """Raise OutputError unless ``party`` may still clear this version."""
    if party not in needed:
        raise OutputError(_("{party} does not clear this output. Nothing was changed.",
                            party=Verbatim(party)))
    if party in cleared:
        raise OutputError(_("This version is already cleared for {party}. Nothing was changed.",
                            party=Verbatim(party)))
    if not latest:
        raise OutputError(_("A newer version of this output was submitted since; please clear "
                            "that one. Nothing was changed."))


def step_complete(kind: OutputKind, agreed_owners: Collection[str],
                  reviewers: Collection[str]) -> bool:
    """Whether the step of ``kind`` is done: each reviewing State's feedback agreed, or the
    one output agreed (``agreed_owners`` are the owners with an agreed version)."""
    if kind is OutputKind.FEEDBACK:
        return bool(reviewers) and all(r in agreed_owners for r in reviewers)
    return bool(agreed_owners)


def stage_to_reach(kind: OutputKind, current: Stage) -> Stage | None:
    """The stage the review moves on to when the step of ``kind`` completes; None when it is
    already there or beyond (or closed)."""
    target = STAGE_REACHED[kind]
    if current is Stage.CLOSED or current.position >= target.position:
        return None
    return target


# ------------------------------------------------------------------------------ files

EXTENSIONS: dict[str, str] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
    "md": "text/markdown",
    "markdown": "text/markdown",
}
ACCEPTED: Msg = _("PDF, DOCX, ODT, XLSX, TXT or Markdown")
# A part that every file of this kind holds (a zip with another name inside is not one).
_ZIP_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def extension(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_size(filename: str, size: int, limit: int) -> None:
    """Refuse an empty file or one above Discord's upload limit (before reading it)."""
    if size <= 0:
        raise OutputError(_("“{name}” is empty. Nothing was stored.", name=Verbatim(filename)))
    if size > limit:
        raise OutputError(_("“{name}” is larger than {limit} MB, the most Discord lets the bot "
                            "send again. Nothing was stored.", name=Verbatim(filename),
                            limit=limit // (1024 * 1024)))


def media_type(filename: str, data: bytes, limit: int) -> str:
    """The media type of an accepted file; OutputError when its name or content is not one
    of the accepted kinds, or it is empty or too large."""
    check_size(filename, len(data), limit)
    ending = extension(filename)
    if ending not in EXTENSIONS:
        raise OutputError(_("“{name}” is not a file the bot keeps as an output: send {kinds}. "
                            "Nothing was stored.", name=Verbatim(filename), kinds=ACCEPTED))
    if not _content_fits(ending, data):
        raise OutputError(_("“{name}” does not hold what its name says (a {kind} file). Please "
                            "save it again in that format. Nothing was stored.",
                            name=Verbatim(filename), kind=Verbatim(ending.upper())))
    return EXTENSIONS[ending]


def _content_fits(ending: str, data: bytes) -> bool:
    if ending == "pdf":
        return data[:1024].lstrip().startswith(b"%PDF-")
    if ending in _ZIP_PART:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if ending == "odt":
                    return "mimetype" in names and archive.read("mimetype").strip() == \
                        _ODT_MIMETYPE
                return _ZIP_PART[ending] in names
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            return False
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text
