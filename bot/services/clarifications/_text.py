"""What clarification requests look like: the request card, the thread messages, the list
lines and the exports (Markdown and CSV). Plain text only; the Discord side renders it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.clarifications import ClarificationStatus, thread_title
from bot.domain.reviews import local_instant
from bot.domain.spreadsheet import neutral_row
from bot.domain.timefmt import discord_ts, iso_utc
from bot.i18n import Day, Language, Msg, Text, Verbatim, _, _n, _p, lines, render
from bot.ports import Button, Card, OutFile
from bot.ports.threads import ThreadMessage
from bot.services.reviews import ReviewView
from storage.clarifications import Entry, Request

MAX_TEXT = 4000  # a question or an answer: one modal field, and one card description
LATE_NOTE = _("This notice is late: the bot was offline at the scheduled time.")
FOOTER = _("Confidential: visible only to the States of this review and the secretariat. "
           "This card is kept up to date by the bot.")


def long_date(day: date) -> Day:
    """'Friday 28 February 2025' in the reader's language."""
    return Day(day, "full")


def _who(user: str) -> Text:
    return Verbatim(f"<@{user}>") if user.isdigit() else _("the bot")


def custom_id(action: str, request_id: int) -> str:
    return f"cr:{action}:{request_id}"


def party_label(view: ReviewView, code: str | None) -> str | Msg:
    if code is None:
        return _("the secretariat")
    if code == view.sur.code:
        return view.sur.label
    return next((p.label for r, p in view.reviewers if r.party == code), code)


def due_instant(view: ReviewView, due: date, hour: int) -> datetime:
    return local_instant(due, view.sur.timezone, hour)


def day_of(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


def title(request: Request) -> str:
    return thread_title(request.number, request.article, request.question)


# ---------------------------------------------------------------------------- the card


def status_text(request: Request, view: ReviewView, hour: int) -> Msg | Text:
    text = _status(request, view, hour)
    if view.review.closed and not request.status.is_final:
        return lines(text, _("The review is closed, so this request no longer changes."),
                     separator=" ")
    return text


def _status(request: Request, view: ReviewView, hour: int) -> Msg:
    zone = view.sur.timezone
    if request.status is ClarificationStatus.OPEN:
        when = Verbatim(discord_ts(due_instant(view, request.due, hour), 'R'))
        if request.round:
            return _("Open again with follow-up question {round}: an answer is due on {day} "
                     "({when}).", round=request.round, day=long_date(request.due), when=when)
        return _("Open: an answer is due on {day} ({when}).", day=long_date(request.due),
                 when=when)
    if request.status is ClarificationStatus.ANSWERED:
        on = long_date(day_of(request.answered_at or request.updated_at, zone))
        return _("Answered on {day}. The asking State can accept the answer or ask a "
                 "follow-up question.", day=on)
    on = long_date(day_of(request.closed_at or request.updated_at, zone))
    if request.status is ClarificationStatus.ACCEPTED:
        return _("Closed: the answer was accepted on {day}.", day=on)
    return _("Closed: withdrawn on {day}.", day=on)


def request_card(request: Request, view: ReviewView, hour: int) -> Card:
    asked_on = long_date(day_of(request.asked_at, view.sur.timezone))
    fields: list[tuple[Msg, Text | str]] = [
        (_("Status"), status_text(request, view, hour)),
        (_("Asked by"), _("{party} ({who}), on {day}", party=party_label(
            view, request.asked_party), who=Verbatim(f"<@{request.asked_by}>"), day=asked_on)),
        (_("Addressed to"), view.sur.label),
    ]
    if request.article:
        fields.append((_("Article"), request.article))
    if request.answered_at is not None:
        fields.append((_("Latest answer"), _(
            "From {party} on {day}; its full text is in this thread.",
            party=party_label(view, request.answered_party),
            day=long_date(day_of(request.answered_at, view.sur.timezone)))))
    if request.round:
        fields.append((_("Follow-up questions"), _("{count} (in this thread)",
                                                   count=request.round)))
    return Card(title=title(request), description=request.question, fields=tuple(fields),
                footer=FOOTER)


def request_buttons(request: Request, view: ReviewView) -> tuple[Button, ...]:
    if view.review.closed:
        return ()
    if request.status is ClarificationStatus.OPEN:
        return (Button(custom_id("answer", request.id), _("Submit answer"), "primary"),)
    if request.status is ClarificationStatus.ANSWERED:
        return (Button(custom_id("accept", request.id), _("Accept"), "success"),
                Button(custom_id("followup", request.id), _("Ask a follow-up"), "secondary"))
    return ()


def card_message(
    request: Request, view: ReviewView, hour: int, mentions: Sequence[int]
) -> ThreadMessage:
    greet = Verbatim("".join(f"<@{i}> " for i in mentions))
    head = _("{greet}Clarification request {code} from {party} to {sur}.", greet=greet,
             code=Verbatim(f"CR-{request.number}"), party=party_label(view, request.asked_party),
             sur=view.sur.label)
    return ThreadMessage(text=head, card=request_card(request, view, hour),
                         buttons=request_buttons(request, view),
                         mention_users=tuple(mentions))


# ------------------------------------------------------------------- thread messages


def entry_message(
    entry: Entry, request: Request, view: ReviewView, *, mentions: Sequence[int] = (),
    files: Sequence[OutFile] = (),
) -> ThreadMessage:
    text = _entry_text(entry, request, view, mentions)
    return ThreadMessage(text=text, mention_users=tuple(mentions), files=tuple(files))


def _entry_text(entry: Entry, request: Request, view: ReviewView, mentions: Sequence[int]
                ) -> Text:
    who, by = party_label(view, entry.by_party), _who(entry.by_user)
    on = long_date(day_of(entry.at, view.sur.timezone))
    greet = Verbatim("".join(f"<@{i}> " for i in mentions))
    name = Verbatim(f"CR-{request.number}")
    said = Verbatim(entry.text or "")
    due: Text = long_date(entry.due) if entry.due else Verbatim("—")
    if entry.kind == "answer":
        return _("{greet}**Answer to {code}** from {party} ({who}), {day}:\n{text}",
                 greet=greet, code=name, party=who, who=by, day=on, text=said)
    if entry.kind == "follow_up":
        return _("{greet}**Follow-up question {round} on {code}** from {party} ({who}), {day}. "
                 "An answer is due on {due}.\n{text}", greet=greet, round=entry.round,
                 code=name, party=who, who=by, day=on, due=due, text=said)
    if entry.kind == "question":
        return _("Attached to the question of {code}:", code=name)
    if entry.kind == "edit":
        if entry.round == 0:
            return _("The question of {code} was edited by {party} ({who}) on {day}. The card "
                     "above shows the new wording. The earlier wording is kept in the record.",
                     code=name, party=who, who=by, day=on)
        return _("The follow-up question {round} of {code} was edited by {party} ({who}) on "
                 "{day}. It now reads:\n{text} The earlier wording is kept in the record.",
                 round=entry.round, code=name, party=who, who=by, day=on, text=said)
    if entry.kind == "accept":
        return _("{party} ({who}) accepted the answer to {code} on {day}. This request is "
                 "closed.", party=who, who=by, code=name, day=on)
    if entry.kind == "withdraw":
        if entry.text:
            return _("{code} was withdrawn by {party} ({who}) on {day}. Reason given: {text}",
                     code=name, party=who, who=by, day=on, text=said)
        return _("{code} was withdrawn by {party} ({who}) on {day}.", code=name, party=who,
                 who=by, day=on)
    return _("The review was paused, so the answer to {code} is now due on {due} (the days of "
             "the pause were added).", code=name, due=due)


# ------------------------------------------------------------------------------ lists

STATUS_WORDS = {
    ClarificationStatus.OPEN: _p("request status", "open"),
    ClarificationStatus.ANSWERED: _p("request status", "answered"),
    ClarificationStatus.ACCEPTED: _p("request status", "accepted"),
    ClarificationStatus.WITHDRAWN: _p("request status", "withdrawn"),
}


def _asked(days: int, party: str | Msg) -> Msg:
    if days == 0:
        return _("asked today by {party}", party=party)
    return _n("asked {count} day ago by {party}", "asked {count} days ago by {party}", days,
              party=party)


def list_line(request: Request, view: ReviewView, now: datetime, hour: int) -> Text:
    zone = view.sur.timezone
    age = (day_of(now, zone) - day_of(request.asked_at, zone)).days
    where = f"<#{request.thread_id}>" if request.thread_id else f"CR-{request.number}"
    parts: list[object] = [f"**CR-{request.number}**", where]
    if request.article:
        parts.append(request.article)
    parts.append(STATUS_WORDS[request.status])
    parts.append(_asked(age, party_label(view, request.asked_party)))
    if not request.status.is_final:
        parts.append(_("due {when}", when=Verbatim(
            discord_ts(due_instant(view, request.due, hour), 'D'))))
    return lines(*parts, separator=" · ")


# ----------------------------------------------------------------------------- export

_ENTRY_WORDS = {
    "question": _("Question"), "edit": _("Question edited"), "answer": _("Answer"),
    "follow_up": _("Follow-up question"), "accept": _("Answer accepted"),
    "withdraw": _("Withdrawn"), "due_moved": _("Due date moved (review paused)"),
}


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()] or [">"]


def export_markdown(
    view: ReviewView, requests: Sequence[Request], entries: Sequence[Entry],
    files: dict[int, list[str]], now: datetime, language: Language = Language.EN,
) -> str:
    """The record with its headings in ``language``; what people wrote stays as written."""
    def t(text: Msg) -> str:
        return render(text, language)

    review = view.review
    out = [
        t(_("# Clarification requests — review of {sur}, cluster {cluster}",
            sur=view.sur.label, cluster=review.cluster)),
        "",
        t(_("Reviewing States: {states}.", states=", ".join(
            p.label for _x, p in view.reviewers) or _p("no States", "none"))),
        t(_n("Exported {when}. {count} request.", "Exported {when}. {count} requests.",
             len(requests), when=Verbatim(iso_utc(now)))),
        t(_("Confidential: for the States of this review and the secretariat.")),
        "",
    ]
    by_request: dict[int, list[Entry]] = {}
    for entry in entries:
        by_request.setdefault(entry.request_id, []).append(entry)
    for request in requests:
        out += [f"## CR-{request.number}" + (f" · {request.article}" if request.article else ""),
                "",
                t(_("- Status: {status}", status=STATUS_WORDS[request.status])),
                t(_("- Asked by {party} on {day}", party=party_label(view, request.asked_party),
                    day=Verbatim(request.asked_at.date().isoformat()))),
                t(_("- Due: {day}", day=Verbatim(request.due.isoformat()))), ""]
        for entry in by_request.get(request.id, []):
            head = f"**{t(_ENTRY_WORDS[entry.kind])}**"
            if entry.kind == "follow_up":
                head = t(_("**Follow-up question {round}** (due {day})", round=entry.round,
                           day=Verbatim(str(entry.due))))
            out.append(f"{head} — {render(party_label(view, entry.by_party), language)}, "
                       f"{entry.at.date().isoformat()}")
            if entry.text:
                out += _quote(entry.text)
            if entry.kind == "edit" and entry.previous is not None:
                out += ["", t(_("Earlier wording:")), *_quote(entry.previous)]
            out += [t(_("- Attachment: {name}", name=Verbatim(name)))
                    for name in files.get(entry.id, [])]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_CSV_HEADER = (_p("csv column", "request"), _p("csv column", "article"),
               _p("csv column", "status"), _p("csv column", "asked_by"),
               _p("csv column", "asked_on"), _p("csv column", "due"), _p("csv column", "entry"),
               _p("csv column", "round"), _p("csv column", "by"), _p("csv column", "on"),
               _p("csv column", "text"), _p("csv column", "attachments"))


def export_csv(
    view: ReviewView, requests: Sequence[Request], entries: Sequence[Entry],
    files: dict[int, list[str]], language: Language = Language.EN,
) -> bytes:
    """The record as a table, headings and fixed words in ``language``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(neutral_row([render(h, language) for h in _CSV_HEADER]))
    by_id = {r.id: r for r in requests}
    for entry in entries:
        request = by_id.get(entry.request_id)
        if request is None:
            continue
        text = entry.text
        writer.writerow(neutral_row([  # every cell, file names included
            f"CR-{request.number}", request.article or "",
            render(STATUS_WORDS[request.status], language),
            render(party_label(view, request.asked_party), language),
            request.asked_at.date().isoformat(), request.due.isoformat(),
            render(_ENTRY_WORDS[entry.kind], language), entry.round,
            render(party_label(view, entry.by_party), language), entry.at.date().isoformat(),
            text,
            "; ".join(files.get(entry.id, [])),
        ]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_files(
    view: ReviewView, requests: Sequence[Request], entries: Sequence[Entry],
    files: dict[int, list[str]], now: datetime, language: Language = Language.EN,
) -> tuple[OutFile, OutFile]:
    stem = f"clarifications-{view.sur.code.lower()}-cluster{view.review.cluster}"
    markdown = export_markdown(view, requests, entries, files, now, language)
    return (
        OutFile(f"{stem}.md", markdown.encode()),
        OutFile(f"{stem}.csv", export_csv(view, requests, entries, files, language)),
    )


LIST_LIMIT = 1900


def list_reply(lines: Sequence[str], status: str | None, language: Language) -> str:
    """The answer to ``/clarify list``: a count, then as many lines as fit in one message."""
    if status:
        word = STATUS_WORDS[ClarificationStatus(status)]
        if not lines:
            head = _("This review has no {status} clarification requests.", status=word)
            return render(head, language)
        head = _n("{count} {status} clarification request in this review:",
                  "{count} {status} clarification requests in this review:", len(lines),
                  status=word)
    elif not lines:
        return render(_("This review has no clarification requests."), language)
    else:
        head = _n("{count} clarification request in this review:",
                  "{count} clarification requests in this review:", len(lines))
    text, shown = render(head, language), 0
    for line in lines:
        if len(text) + len(line) + 80 > LIST_LIMIT:
            break
        text, shown = text + "\n" + line, shown + 1
    if shown < len(lines):
        text += "\n" + render(_("… and {count} more; `/clarify export` gives every request with "
                                "its answers.", count=len(lines) - shown), language)
    return text
