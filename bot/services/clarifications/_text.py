"""What clarification requests look like: the request card, the thread messages, the list
lines and the exports (Markdown and CSV). Plain text only; the Discord side renders it."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.clarifications import ClarificationStatus, thread_title
from bot.domain.reviews import local_instant, long_date
from bot.domain.spreadsheet import neutral_row
from bot.domain.timefmt import discord_ts, iso_utc
from bot.i18n import _
from bot.ports import Button, Card, OutFile
from bot.ports.threads import ThreadMessage
from bot.services.reviews import ReviewView
from storage.clarifications import Entry, Request

MAX_TEXT = 4000  # a question or an answer: one modal field, and one card description
LATE_NOTE = _("This notice is late: the bot was offline at the scheduled time.")
FOOTER = ("Confidential: visible only to the States of this review and the secretariat. "
          "This card is kept up to date by the bot.")


def custom_id(action: str, request_id: int) -> str:
    return f"cr:{action}:{request_id}"


def party_label(view: ReviewView, code: str | None) -> str:
    if code is None:
        return "the secretariat"
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


def status_text(request: Request, view: ReviewView, hour: int) -> str:
    text = _status(request, view, hour)
    if view.review.closed and not request.status.is_final:
        text += " The review is closed, so this request no longer changes."
    return text


def _status(request: Request, view: ReviewView, hour: int) -> str:
    zone = view.sur.timezone
    if request.status is ClarificationStatus.OPEN:
        when = due_instant(view, request.due, hour)
        text = f"Open: an answer is due on {long_date(request.due)} ({discord_ts(when, 'R')})."
        if request.round:
            text = (f"Open again with follow-up question {request.round}: an answer is due on "
                    f"{long_date(request.due)} ({discord_ts(when, 'R')}).")
        return text
    if request.status is ClarificationStatus.ANSWERED:
        on = long_date(day_of(request.answered_at or request.updated_at, zone))
        return (f"Answered on {on}. The asking State can accept the answer or ask a "
                "follow-up question.")
    on = long_date(day_of(request.closed_at or request.updated_at, zone))
    if request.status is ClarificationStatus.ACCEPTED:
        return f"Closed: the answer was accepted on {on}."
    return f"Closed: withdrawn on {on}."


def request_card(request: Request, view: ReviewView, hour: int) -> Card:
    asked_on = long_date(day_of(request.asked_at, view.sur.timezone))
    fields: list[tuple[str, str]] = [
        ("Status", status_text(request, view, hour)),
        ("Asked by", f"{party_label(view, request.asked_party)} (<@{request.asked_by}>), "
                     f"on {asked_on}"),
        ("Addressed to", view.sur.label),
    ]
    if request.article:
        fields.append(("Article", request.article))
    if request.answered_at is not None:
        fields.append(("Latest answer", f"From {party_label(view, request.answered_party)} on "
                       f"{long_date(day_of(request.answered_at, view.sur.timezone))}; "
                       "its full text is in this thread."))
    if request.round:
        fields.append(("Follow-up questions", f"{request.round} (in this thread)"))
    return Card(title=title(request), description=request.question, fields=tuple(fields),
                footer=FOOTER)


def request_buttons(request: Request, view: ReviewView) -> tuple[Button, ...]:
    if view.review.closed:
        return ()
    if request.status is ClarificationStatus.OPEN:
        return (Button(custom_id("answer", request.id), "Submit answer", "primary"),)
    if request.status is ClarificationStatus.ANSWERED:
        return (Button(custom_id("accept", request.id), "Accept", "success"),
                Button(custom_id("followup", request.id), "Ask a follow-up", "secondary"))
    return ()


def card_message(
    request: Request, view: ReviewView, hour: int, mentions: Sequence[int]
) -> ThreadMessage:
    greet = " ".join(f"<@{i}>" for i in mentions)
    head = (f"Clarification request CR-{request.number} from "
            f"{party_label(view, request.asked_party)} to {view.sur.label}.")
    return ThreadMessage(text=f"{greet} {head}".strip(), card=request_card(request, view, hour),
                         buttons=request_buttons(request, view),
                         mention_users=tuple(mentions))


# ------------------------------------------------------------------- thread messages


def entry_message(
    entry: Entry, request: Request, view: ReviewView, *, mentions: Sequence[int] = (),
    files: Sequence[OutFile] = (),
) -> ThreadMessage:
    who = party_label(view, entry.by_party)
    by = f"<@{entry.by_user}>" if entry.by_user.isdigit() else "the bot"
    on = long_date(day_of(entry.at, view.sur.timezone))
    greet = "".join(f"<@{i}> " for i in mentions)
    name = f"CR-{request.number}"
    if entry.kind == "answer":
        text = f"{greet}**Answer to {name}** from {who} ({by}), {on}:\n{entry.text}"
    elif entry.kind == "follow_up":
        due = long_date(entry.due) if entry.due else "—"
        text = (f"{greet}**Follow-up question {entry.round} on {name}** from {who} ({by}), "
                f"{on}. An answer is due on {due}.\n{entry.text}")
    elif entry.kind == "question":
        text = f"Attached to the question of {name}:"
    elif entry.kind == "edit":
        what = "question" if entry.round == 0 else f"follow-up question {entry.round}"
        text = f"The {what} of {name} was edited by {who} ({by}) on {on}."
        text += (" The card above shows the new wording." if entry.round == 0
                 else f" It now reads:\n{entry.text}")
        text += " The earlier wording is kept in the record."
    elif entry.kind == "accept":
        text = f"{who} ({by}) accepted the answer to {name} on {on}. This request is closed."
    elif entry.kind == "withdraw":
        text = f"{name} was withdrawn by {who} ({by}) on {on}."
        if entry.text:
            text += f" Reason given: {entry.text}"
    else:  # due_moved
        due = long_date(entry.due) if entry.due else "—"
        text = (f"The review was paused, so the answer to {name} is now due on {due} "
                "(the days of the pause were added).")
    return ThreadMessage(text=text, mention_users=tuple(mentions), files=tuple(files))


# ------------------------------------------------------------------------------ lists

STATUS_WORDS = {
    ClarificationStatus.OPEN: "open",
    ClarificationStatus.ANSWERED: "answered",
    ClarificationStatus.ACCEPTED: "accepted",
    ClarificationStatus.WITHDRAWN: "withdrawn",
}


def _age(days: int) -> str:
    return "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"


def list_line(request: Request, view: ReviewView, now: datetime, hour: int) -> str:
    zone = view.sur.timezone
    age = (day_of(now, zone) - day_of(request.asked_at, zone)).days
    where = f"<#{request.thread_id}>" if request.thread_id else f"CR-{request.number}"
    parts = [f"**CR-{request.number}**", where]
    if request.article:
        parts.append(request.article)
    parts.append(STATUS_WORDS[request.status])
    parts.append(f"asked {_age(age)} by {party_label(view, request.asked_party)}")
    if not request.status.is_final:
        parts.append(f"due {discord_ts(due_instant(view, request.due, hour), 'D')}")
    return " · ".join(parts)


# ----------------------------------------------------------------------------- export

_ENTRY_WORDS = {
    "question": "Question", "edit": "Question edited", "answer": "Answer",
    "follow_up": "Follow-up question", "accept": "Answer accepted", "withdraw": "Withdrawn",
    "due_moved": "Due date moved (review paused)",
}


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines()] or [">"]


def export_markdown(
    view: ReviewView, requests: Sequence[Request], entries: Sequence[Entry],
    files: dict[int, list[str]], now: datetime,
) -> str:
    review = view.review
    out = [
        f"# Clarification requests — review of {view.sur.label}, cluster {review.cluster}",
        "",
        "Reviewing States: " + (", ".join(p.label for _, p in view.reviewers) or "none") + ".",
        f"Exported {iso_utc(now)}. {len(requests)} requests.",
        "Confidential: for the States of this review and the secretariat.",
        "",
    ]
    by_request: dict[int, list[Entry]] = {}
    for entry in entries:
        by_request.setdefault(entry.request_id, []).append(entry)
    for request in requests:
        out += [f"## CR-{request.number}" + (f" · {request.article}" if request.article else ""),
                "",
                f"- Status: {STATUS_WORDS[request.status]}",
                f"- Asked by {party_label(view, request.asked_party)} on "
                f"{request.asked_at.date().isoformat()}",
                f"- Due: {request.due.isoformat()}", ""]
        for entry in by_request.get(request.id, []):
            head = f"**{_ENTRY_WORDS[entry.kind]}**"
            if entry.kind == "follow_up":
                head = f"**Follow-up question {entry.round}** (due {entry.due})"
            out.append(f"{head} — {party_label(view, entry.by_party)}, "
                       f"{entry.at.date().isoformat()}")
            if entry.text:
                out += _quote(entry.text)
            if entry.kind == "edit" and entry.previous is not None:
                out += ["", "Earlier wording:", *_quote(entry.previous)]
            out += [f"- Attachment: {name}" for name in files.get(entry.id, [])]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_CSV_HEADER = ("request", "article", "status", "asked_by", "asked_on", "due", "entry", "round",
               "by", "on", "text", "attachments")


def export_csv(
    view: ReviewView, requests: Sequence[Request], entries: Sequence[Entry],
    files: dict[int, list[str]],
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(neutral_row(list(_CSV_HEADER)))
    by_id = {r.id: r for r in requests}
    for entry in entries:
        request = by_id.get(entry.request_id)
        if request is None:
            continue
        text = entry.text
        writer.writerow(neutral_row([  # every cell, file names included
            f"CR-{request.number}", request.article or "", STATUS_WORDS[request.status],
            party_label(view, request.asked_party), request.asked_at.date().isoformat(),
            request.due.isoformat(), _ENTRY_WORDS[entry.kind], entry.round,
            party_label(view, entry.by_party), entry.at.date().isoformat(), text,
            "; ".join(files.get(entry.id, [])),
        ]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_files(
    view: ReviewView, requests: Sequence[Request], entries: Sequence[Entry],
    files: dict[int, list[str]], now: datetime,
) -> tuple[OutFile, OutFile]:
    stem = f"clarifications-{view.sur.code.lower()}-cluster{view.review.cluster}"
    return (
        OutFile(f"{stem}.md", export_markdown(view, requests, entries, files, now).encode()),
        OutFile(f"{stem}.csv", export_csv(view, requests, entries, files)),
    )
