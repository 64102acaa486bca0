"""What people see of a call's room: the link, the attendance record, the notes, the alerts.

Plain data only (``OutMessage``, ``OutFile``); the Discord side draws it. Times are Discord
timestamps, so each reader sees them in their own zone; exports write UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.attendance import AttendanceRecord, Presence
from bot.domain.call_times import discord_timestamp, format_duration
from bot.i18n import Language, Verbatim, _, lines, render
from bot.ports import OutFile, OutMessage, Textual
from bot.ports.guild import TranscriptMessage
from bot.services.calls._text import Length
from bot.services.calls._views import ReviewRoom, mention
from storage.calls import Call

MESSAGE_LIMIT = 2000
LINE_BUDGET = 1900  # a line of names, leaving room for its label


def _labels(room: ReviewRoom) -> dict[str, str]:
    return {p.code: p.label for p in room.states}


def room_opened(call: Call, channel_id: int, late: bool) -> OutMessage:
    return OutMessage(lines(
        _("The room of the call **{title}** is open: {room}. The call starts {when} ({at}).",
          title=Verbatim(call.title), room=Verbatim(f"<#{channel_id}>"),
          when=Verbatim(discord_timestamp(call.start_utc, "R")),
          at=Verbatim(discord_timestamp(call.start_utc, "t"))),
        _("Only the people of this review's States and the secretariat can see and join it; "
          "focal points and experts speak and share video and screen, observers listen. The "
          "bot notes who is in the room and when, and posts the attendance here after the "
          "call."),
        _("This notice is late: the bot was offline when the room was due to open.")
        if late else None))


def room_refused(call: Call, reason: Textual) -> OutMessage:
    return OutMessage(_("The room of the call **{title}** could not be opened. {reason} The "
                        "secretariat has been told.", title=Verbatim(call.title),
                        reason=_reason(reason)))


def _reason(reason: Textual) -> Textual:
    return Verbatim(reason) if isinstance(reason, str) else reason


def room_refused_secretariat(call: Call, room: ReviewRoom, reason: Textual) -> OutMessage:
    return OutMessage(_("The room of call {call} (**{title}**, review of {review}) could not be "
                        "opened. {reason}", call=Verbatim(str(call.id)),
                        title=Verbatim(call.title), review=room.label,
                        reason=_reason(reason)))


def outsider_alert(call: Call, room: ReviewRoom, user_id: int) -> OutMessage:
    return OutMessage(_(
        "{who} joined the room of call {call} (**{title}**, review of {review}) although they "
        "are neither one of the review's people nor of the secretariat. Discord let them in "
        "through their own server permissions (an administrator, for example). The call is "
        "confidential to the review's States: please check, and disconnect them if needed.",
        who=Verbatim(mention(user_id)), call=Verbatim(str(call.id)),
        title=Verbatim(call.title), review=room.label), mention_users=())


def _span_text(p: Presence) -> str:
    spans = ", ".join(f"{discord_timestamp(s, 't')}–{discord_timestamp(e, 't')}"
                      for s, e in p.spans)
    return f"{mention(p.user_id)} ({format_duration(p.minutes)}: {spans})"


def _group(label: Textual, people: tuple[Presence, ...], language: Language,
           budget: int = LINE_BUDGET) -> list[str]:
    """'**Kenya (KEN):** <@1> (…), <@2> (…)', in as many lines as needed to stay inside one
    message each; a later line says it continues."""
    out: list[str] = []
    current = ""
    for person in people:
        entry = _span_text(person)
        if current and len(current) + 2 + len(entry) > budget:
            out.append(current)
            current = ""
        if current:
            current = f"{current}, {entry}"
            continue
        head = (_("**{group} (continued):** {entry}", group=label, entry=Verbatim(entry)) if out
                else _("**{group}:** {entry}", group=label, entry=Verbatim(entry)))
        current = render(head, language)
    return [*out, current] if current else out


def record_lines(record: AttendanceRecord, room: ReviewRoom,
                 language: Language = Language.EN, budget: int = LINE_BUDGET) -> list[str]:
    labels = _labels(room)
    out = [line for s in record.states for line in _group(labels.get(s.party, s.party),
                                                          s.people, language, budget)]
    out += _group(_("Secretariat"), record.secretariat, language, budget)
    out += _group(_("Not of this review (the secretariat was told)"), record.outsiders,
                  language, budget)
    return out


def _pack(lines: list[str]) -> list[str]:
    """Whole lines in messages of at most 2,000 characters, in order."""
    messages: list[str] = []
    for line in lines:
        if messages and len(messages[-1]) + 1 + len(line) <= MESSAGE_LIMIT:
            messages[-1] += "\n" + line
        else:
            messages.append(line)
    return messages


def attendance_messages(call: Call, record: AttendanceRecord, room: ReviewRoom
                        ) -> list[OutMessage]:
    """The record of a call as posted in the review channel: one message, or several in order
    when many people took part (nobody is ever left out)."""
    title, number = Verbatim(call.title), Verbatim(str(call.id))
    if not record.anyone or record.started_at is None or record.ended_at is None:
        return [OutMessage(_("Attendance of the call **{title}** (call {call}): no one joined "
                             "its room. The room is closed.", title=title, call=number))]
    head = _("Attendance of the call **{title}** (call {call}), held in its room from {start} "
             "to {end}: {length}.", title=title, call=number,
             start=Verbatim(discord_timestamp(record.started_at, "f")),
             end=Verbatim(discord_timestamp(record.ended_at, "t")),
             length=Length(record.length))
    # every language of the channel in full, one after the other, each packed on its own
    texts: list[str] = []
    for language in room.languages:
        shown = [render(head, language), *record_lines(record, room, language),
                 render(_("The room is closed."), language)]
        texts += _pack(shown)
    return [OutMessage(text) for text in texts]


def notes_opening(call: Call) -> OutMessage:
    return OutMessage(_(
        "Notes of the call **{title}** (call {call}), which starts {when}. Write here the "
        "points agreed. `/call notes call: {call}` exports this thread with the attendance as "
        "Markdown.", title=Verbatim(call.title), call=Verbatim(str(call.id)),
        when=Verbatim(discord_timestamp(call.start_utc, "F"))))


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _md_person(p: Presence) -> str:
    spans = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in p.spans)
    return f"  - user {p.user_id}: {format_duration(p.minutes)} ({spans} UTC)"


def notes_markdown(call: Call, room: ReviewRoom, record: AttendanceRecord | None,
                   live: bool, notes: Sequence[TranscriptMessage], exported: datetime,
                   language: Language = Language.EN) -> str:
    """The notes and attendance of a call; headings in ``language``, what people wrote as
    written."""
    def t(text: object) -> str:
        return render(text, language)

    labels = _labels(room)
    out = [
        t(_("# Call {call}: {title}", call=Verbatim(str(call.id)), title=Verbatim(call.title))),
        "",
        t(_("Review of {review}. Planned for {start}, {length}. Exported {exported}.",
            review=room.label, start=Verbatim(_utc(call.start_utc)),
            length=Length(call.duration), exported=Verbatim(_utc(exported)))),
        t(_("Confidential: for the States of this review and the secretariat.")),
        "",
        t(_("## Attendance (so far: the call's room is still open)") if live else
          _("## Attendance")),
        "",
    ]
    if call.link:
        out += [t(_("Held outside Discord ({link}); the bot has no attendance for it.",
                    link=Verbatim(call.link))), ""]
    elif record is None or not record.anyone or record.started_at is None:
        out += [t(_("No one has joined the call's room.") if record else
                  _("The call's room has not opened yet.")), ""]
    else:
        end = record.ended_at or record.started_at
        out += [t(_("In the room from {start} to {end} ({length}).",
                    start=Verbatim(_utc(record.started_at)), end=Verbatim(_utc(end)),
                    length=Length(record.length))), ""]
        for state in record.states:
            out.append(f"- {labels.get(state.party, state.party)}")
            out += [_md_person(p) for p in state.people]
        if record.secretariat:
            out.append("- " + t(_("Secretariat")))
            out += [_md_person(p) for p in record.secretariat]
        if record.outsiders:
            out.append("- " + t(_("Not of this review (the secretariat was told)")))
            out += [_md_person(p) for p in record.outsiders]
        out.append("")
    out += [t(_("## Notes")), ""]
    if not notes:
        out += [t(_("The notes thread is empty.")), ""]
    for m in notes:
        out.append(f"**{m.author}** (id {m.author_id}), {_utc(m.at)}:")
        body = m.content.strip()
        out += [f"> {line}" if line else ">" for line in body.splitlines()] if body else []
        out += [f"> [card] {text}" for text in m.embeds]
        out += [t(_("- Attachment: {name}", name=Verbatim(f"{a.filename} {a.url}")))
                for a in m.attachments]
        out.append("")
    return "\n".join(out)


def notes_file(call: Call, markdown: str) -> OutFile:
    return OutFile(f"call-{call.id}-notes.md", markdown.encode())
