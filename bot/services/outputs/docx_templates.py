"""DOCX skeletons of the list of observations and of the summary, made with python-docx.

The headings follow the outline of the blueprints (resolution 10/1): for the list of
observations, per article under review, what was done well, the gaps and challenges, the
suggestions and the technical-assistance needs; for the summary, an introduction, the main
observations per instrument, and the needs for technical assistance. The review's facts come
first (State under review, reviewing States, instruments and articles of the cluster, dates);
the text is in the language of the person who asks for the template.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement

from bot.domain.outputs import OutputKind
from bot.i18n import Day, Language, Msg, Verbatim, _, listing, render
from bot.ports import OutFile
from bot.services.reviews import CLUSTER, INSTRUMENT, ReviewView, articles

_LIST_TITLE = _("List of observations")
_SUMMARY_TITLE = _("Summary")
_PER_ARTICLE: tuple[Msg, ...] = (
    _("Successes and good practices"),
    _("Gaps and challenges in implementation"),
    _("Suggestions"),
    _("Technical assistance needs"),
)
_WRITE_HERE = _("[To be drafted by the governmental experts.]")
Say = Callable[[object], str]


def _facts(view: ReviewView, language: Language, made: datetime) -> list[tuple[Msg, str]]:
    def text(value: object) -> str:
        return render(value, language)

    scope = "; ".join(
        text(_("{instrument}: {articles}", instrument=INSTRUMENT[inst], articles=articles(arts)))
        for inst, arts in view.scope.items()) or "—"
    reviewers = listing([p.name for _r, p in view.reviewers], language) or "—"
    review = view.review
    answers = text(Day(review.answers_received, "long")) if review.answers_received else "—"
    return [
        (_("State under review"), view.sur.name),
        (_("Reviewing States"), reviewers),
        (_("Cluster"), text(_("{number}: {cluster}", number=review.cluster,
                              cluster=CLUSTER[view.cluster]))),
        (_("Instruments and articles under review"), scope),
        (_("Official start of the review"), text(Day(review.start, "long"))),
        (_("Answers to the questionnaire received"), answers),
        (_("Template made"), text(Day(made.date(), "long"))),
    ]


def template_bytes(view: ReviewView, kind: OutputKind, language: Language,
                   made: datetime) -> bytes:
    def text(value: object) -> str:
        return render(value, language)

    doc: DocxDocument = Document()
    heading = _LIST_TITLE if kind is OutputKind.OBSERVATIONS else _SUMMARY_TITLE
    title = text(_("{what}: review of {state}", what=heading, state=Verbatim(view.sur.name)))
    doc.core_properties.title = title
    doc.core_properties.language = language.value
    doc.add_heading(title, level=0)
    doc.add_paragraph(text(_("Draft for the States of this review and the secretariat; "
                             "confidential until agreed.")))
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in _facts(view, language, made):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = text(label), value
    if kind is OutputKind.OBSERVATIONS:
        _observations(doc, view, text)
    else:
        _summary(doc, view, text, listing([p.name for _r, p in view.reviewers], language))
    if language is Language.AR:
        _right_to_left(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _right_to_left(doc: DocxDocument) -> None:
    """Arabic reads from the right: every paragraph, the tables' included, says so."""
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows
                                         for cell in row.cells for p in cell.paragraphs]
    for paragraph in paragraphs:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        for run in paragraph.runs:
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))


def _observations(doc: DocxDocument, view: ReviewView, say: Say) -> None:
    doc.add_heading(say(_("1. Introduction")), level=1)
    doc.add_paragraph(say(_WRITE_HERE))
    doc.add_heading(say(_("2. Observations on the implementation of the articles under "
                          "review")), level=1)
    for inst, numbers in view.scope.items():
        doc.add_heading(say(INSTRUMENT[inst]), level=2)
        for number in numbers:
            doc.add_heading(say(_("Article {number}", number=number)), level=3)
            for part in _PER_ARTICLE:
                doc.add_paragraph(say(part), style="List Bullet")
                doc.add_paragraph(say(_WRITE_HERE))
    doc.add_heading(say(_("3. Technical assistance needs identified")), level=1)
    doc.add_paragraph(say(_WRITE_HERE))
    doc.add_heading(say(_("4. Other remarks")), level=1)
    doc.add_paragraph(say(_WRITE_HERE))


def _summary(doc: DocxDocument, view: ReviewView, say: Say, reviewers: str) -> None:
    doc.add_heading(say(_("1. Introduction")), level=1)
    doc.add_paragraph(say(_("The review of {state} was conducted by {reviewers}.",
                            state=Verbatim(view.sur.name), reviewers=Verbatim(reviewers))))
    doc.add_heading(say(_("2. Main observations")), level=1)
    for inst in view.scope:
        doc.add_heading(say(INSTRUMENT[inst]), level=2)
        for part in (_("Successes and good practices"), _("Challenges in implementation"),
                     _("Suggestions")):
            doc.add_heading(say(part), level=3)
            doc.add_paragraph(say(_WRITE_HERE))
    doc.add_heading(say(_("3. Technical assistance needs")), level=1)
    doc.add_paragraph(say(_WRITE_HERE))
    doc.add_paragraph(say(_("Only the summary is translated into the six languages and "
                            "shared with the working groups, once the secretariat marks the "
                            "agreed version for publication.")))


def template_file(view: ReviewView, kind: OutputKind, language: Language,
                  made: datetime) -> OutFile:
    stem = "list-of-observations" if kind is OutputKind.OBSERVATIONS else "summary"
    name = f"{stem}-{view.sur.code.lower()}-cluster-{view.review.cluster}.docx"
    return OutFile(name, template_bytes(view, kind, language, made))
