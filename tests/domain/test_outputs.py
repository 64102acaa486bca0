"""The rules of outputs: whose they are, who clears them, which stage follows, which files."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from bot.domain.outputs import (
    REVIEW_OWNED,
    OutputError,
    OutputKind,
    OutputRefused,
    check_clearance,
    clearers,
    is_agreed,
    media_type,
    owner_of,
    stage_to_reach,
    step_complete,
)
from bot.domain.reviews import Stage

K = OutputKind
REVIEWERS = ("GHA", "FRA")
LIMIT = 10 * 1024 * 1024


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_each_output_belongs_to_its_state_or_to_the_review():
    assert owner_of(K.QUESTIONNAIRE, "KEN", "KEN", REVIEWERS) == "KEN"
    assert owner_of(K.FEEDBACK, "FRA", "KEN", REVIEWERS) == "FRA"
    assert owner_of(K.SUMMARY, "KEN", "KEN", REVIEWERS) == REVIEW_OWNED
    for kind, party in ((K.QUESTIONNAIRE, "GHA"), (K.FEEDBACK, "KEN"), (K.OBSERVATIONS, "BRA"),
                        (K.FEEDBACK, None)):
        with pytest.raises(OutputRefused):
            owner_of(kind, party, "KEN", REVIEWERS)


def test_who_clears_what_and_when_a_step_is_complete():
    assert clearers(K.QUESTIONNAIRE, "KEN", "KEN", REVIEWERS) == ("KEN",)
    assert clearers(K.FEEDBACK, "GHA", "KEN", REVIEWERS) == ("GHA",)
    assert clearers(K.OBSERVATIONS, "", "KEN", REVIEWERS) == ("KEN", "FRA", "GHA")
    assert not is_agreed(("KEN", "FRA", "GHA"), {"KEN", "GHA"})
    assert is_agreed(("KEN", "FRA", "GHA"), {"KEN", "GHA", "FRA"})
    assert not step_complete(K.FEEDBACK, {"GHA"}, REVIEWERS)
    assert step_complete(K.FEEDBACK, {"GHA", "FRA"}, REVIEWERS)
    assert step_complete(K.SUMMARY, {""}, REVIEWERS)
    with pytest.raises(OutputError):
        check_clearance("KEN", ("KEN",), {"KEN"}, latest=True)  # cleared already
    with pytest.raises(OutputError):
        check_clearance("KEN", ("KEN",), set(), latest=False)  # superseded
    with pytest.raises(OutputError):
        check_clearance("GHA", ("KEN",), set(), latest=True)  # not its output


def test_the_stage_moves_forward_only():
    assert stage_to_reach(K.QUESTIONNAIRE, Stage.OPENED) is Stage.QUESTIONNAIRE_SUBMITTED
    assert stage_to_reach(K.QUESTIONNAIRE, Stage.DIALOGUE) is None
    assert stage_to_reach(K.SUMMARY, Stage.OBSERVATIONS_AGREED) is Stage.SUMMARY_AGREED
    assert stage_to_reach(K.FEEDBACK, Stage.CLOSED) is None


def test_files_are_judged_by_their_name_and_their_content():
    doc = io.BytesIO()
    Document().save(doc)
    assert media_type("a.PDF", b"%PDF-1.7\n...", LIMIT) == "application/pdf"
    assert media_type("a.docx", doc.getvalue(), LIMIT).endswith("wordprocessingml.document")
    assert media_type("a.xlsx", _zip({"xl/workbook.xml": b"<x/>"}), LIMIT).endswith("sheet")
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text",
                "content.xml": b"<x/>"})
    assert media_type("a.odt", odt, LIMIT) == "application/vnd.oasis.opendocument.text"
    assert media_type("notes.md", "# Réponses\n".encode(), LIMIT) == "text/markdown"
    refused = [("a.exe", b"MZ"), ("a", b"text"), ("a.pdf", b"PK\x03\x04"),
               ("a.docx", _zip({"xl/workbook.xml": b"<x/>"})),  # a spreadsheet renamed
               ("a.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})),
               ("a.txt", b"\x00\x01\x02"), ("a.txt", b""), ("a.pdf", b"%PDF-" + b"0" * LIMIT)]
    for name, data in refused:
        with pytest.raises(OutputError):
            media_type(name, data, LIMIT)
