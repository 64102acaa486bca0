"""What people see of a call's room: the link, the attendance record, the notes, the alerts.

Plain data only (``OutMessage``, ``OutFile``); the Discord side draws it. Times are Discord
timestamps, so each reader sees them in their own zone; exports write UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain.attendance import AttendanceRecord, Presence
from bot.domain.call_times import discord_timestamp, format_duration
from bot.ports import OutFile, OutMessage
from bot.ports.guild import TranscriptMessage
from bot.services.calls._views import ReviewRoom, mention
from storage.calls import Call

MESSAGE_LIMIT = 2000
LINE_BUDGET = 1900  # a line of names, leaving room for its label


def _labels(room: ReviewRoom) -> dict[str, str]:
    return {p.code: p.label for p in room.states}


def room_opened(call: Call, channel_id: int, late: bool) -> OutMessage:
    lines = [
        f"The room of the call **{call.title}** is open: <#{channel_id}>. The call starts "
        f"{discord_timestamp(call.start_utc, 'R')} ({discord_timestamp(call.start_utc, 't')}).",
        "Only the people of this review's States and the secretariat can see and join it; "
        "focal points and experts speak and share video and screen, observers listen. "
        "The bot notes who is in the room and when, and posts the attendance here after "
        "the call.",
    ]
    if late:
        lines.append("This notice is late: the bot was offline when the room was due to open.")
    return OutMessage("\n".join(lines))


def room_refused(call: Call, reason: str) -> OutMessage:
    return OutMessage(f"The room of the call **{call.title}** could not be opened. {reason} "
                      "The secretariat has been told.")


def room_refused_secretariat(call: Call, room: ReviewRoom, reason: str) -> OutMessage:
    return OutMessage(f"The room of call {call.id} (**{call.title}**, review of {room.label}) "
                      f"could not be opened. {reason}")


def outsider_alert(call: Call, room: ReviewRoom, user_id: int) -> OutMessage:
    return OutMessage(
        f"{mention(user_id)} joined the room of call {call.id} (**{call.title}**, review of "
        f"{room.label}) although they are neither one of the review's people nor of the "
        "secretariat. Discord let them in through their own server permissions (an "
        "administrator, for example). The call is confidential to the review's States: please "
        "check, and disconnect them if needed.", mention_users=())


def _span_text(p: Presence) -> str:
    spans = ", ".join(f"{discord_timestamp(s, 't')}–{discord_timestamp(e, 't')}"
                      for s, e in p.spans)
    return f"{mention(p.user_id)} ({format_duration(p.minutes)}: {spans})"


def _group(label: str, people: tuple[Presence, ...]) -> list[str]:
    """'**Kenya (KEN):** <@1> (…), <@2> (…)', in as many lines as needed to stay inside one
    message each; a later line says it continues."""
    lines: list[str] = []
    current = ""
    for person in people:
        entry = _span_text(person)
        if current and len(current) + 2 + len(entry) > LINE_BUDGET:
            lines.append(current)
            current = ""
        current = (f"{current}, {entry}" if current else
                   f"**{label}{' (continued)' if lines else ''}:** {entry}")
    return [*lines, current] if current else lines


def record_lines(record: AttendanceRecord, room: ReviewRoom) -> list[str]:
    labels = _labels(room)
    lines = [line for s in record.states for line in _group(labels.get(s.party, s.party),
                                                            s.people)]
    lines += _group("Secretariat", record.secretariat)
    lines += _group("Not of this review (the secretariat was told)", record.outsiders)
    return lines


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
    if not record.anyone or record.started_at is None or record.ended_at is None:
        return [OutMessage(f"Attendance of the call **{call.title}** (call {call.id}): "
                           "no one joined its room. The room is closed.")]
    head = (f"Attendance of the call **{call.title}** (call {call.id}), held in its room from "
            f"{discord_timestamp(record.started_at, 'f')} to "
            f"{discord_timestamp(record.ended_at, 't')}: "
            f"{format_duration(record.length)}.")
    lines = [head, *record_lines(record, room), "The room is closed."]
    return [OutMessage(text) for text in _pack(lines)]


def notes_opening(call: Call) -> OutMessage:
    return OutMessage(
        f"Notes of the call **{call.title}** (call {call.id}), which starts "
        f"{discord_timestamp(call.start_utc, 'F')}. Write here the points agreed. "
        f"`/call notes call: {call.id}` exports this thread with the attendance as Markdown."
    )


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _md_person(p: Presence) -> str:
    spans = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in p.spans)
    return f"  - user {p.user_id}: {format_duration(p.minutes)} ({spans} UTC)"


def notes_markdown(call: Call, room: ReviewRoom, record: AttendanceRecord | None,
                   live: bool, notes: Sequence[TranscriptMessage], exported: datetime) -> str:
    labels = _labels(room)
    out = [
        f"# Call {call.id}: {call.title}",
        "",
        f"Review of {room.label}. Planned for {_utc(call.start_utc)}, "
        f"{format_duration(call.duration)}. Exported {_utc(exported)}.",
        "Confidential: for the States of this review and the secretariat.",
        "",
        "## Attendance" + (" (so far: the call's room is still open)" if live else ""),
        "",
    ]
    if call.link:
        out += [f"Held outside Discord ({call.link}); the bot has no attendance for it.", ""]
    elif record is None or not record.anyone or record.started_at is None:
        out += ["No one has joined the call's room." if record else
                "The call's room has not opened yet.", ""]
    else:
        end = record.ended_at or record.started_at
        out += [f"In the room from {_utc(record.started_at)} to {_utc(end)} "
                f"({format_duration(record.length)}).", ""]
        for state in record.states:
            out.append(f"- {labels.get(state.party, state.party)}")
            out += [_md_person(p) for p in state.people]
        if record.secretariat:
            out.append("- Secretariat")
            out += [_md_person(p) for p in record.secretariat]
        if record.outsiders:
            out.append("- Not of this review (the secretariat was told)")
            out += [_md_person(p) for p in record.outsiders]
        out.append("")
    out += ["## Notes", ""]
    if not notes:
        out += ["The notes thread is empty.", ""]
    for m in notes:
        out.append(f"**{m.author}** (id {m.author_id}), {_utc(m.at)}:")
        body = m.content.strip()
        out += [f"> {line}" if line else ">" for line in body.splitlines()] if body else []
        out += [f"> [card] {text}" for text in m.embeds]
        out += [f"- Attachment: {a.filename} {a.url}" for a in m.attachments]
        out.append("")
    return "\n".join(out)


def notes_file(call: Call, markdown: str) -> OutFile:
    return OutFile(f"call-{call.id}-notes.md", markdown.encode())
