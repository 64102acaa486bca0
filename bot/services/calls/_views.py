"""What people see of a call: the announcement, the calendar file, reminders, notices, polls.

Everything here is plain data (``OutMessage``, ``Card``, ``Button``); the Discord side draws
it. Times are Discord timestamps, which each reader sees in their own zone, and, in text, the
local time of each State of the review from its registry time zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.domain.calendar_file import Method, build_ics, call_uid, ics_filename
from bot.domain.call_times import discord_timestamp, local_times
from bot.domain.calls import ReminderKind
from bot.domain.parties import Party
from bot.i18n import Joined, Language, Msg, Verbatim, _, lines
from bot.ports import Button, Card, OutFile, OutMessage, Textual
from bot.services.calls._text import GivenLine, Length, LocalLine
from storage.calls import Answer, Attendance, Call
from storage.people import Person

ORGANIZER = "UNTOC desk review secretariat"
LATE_NOTE = _("This notice is late: the bot was offline at the scheduled time.")
FIELD_LIMIT = 1024
CARD_BUDGET = 4800  # characters of field values in one card (Discord allows 6000 in all)
ANSWER_TEMPLATE = r"call:(?P<call>[0-9]+):(?P<answer>accept|tentative|decline)"
VOTE_TEMPLATE = r"callpoll:(?P<poll>[0-9]+):(?P<slot>[0-9]+)"
ANSWER_WORDS: dict[Answer, Msg] = {
    "accept": _("Accepted"), "tentative": _("Tentative"), "decline": _("Declined"),
}  # fmt: skip
_BUTTONS: tuple[tuple[Answer, Msg, str], ...] = (
    ("accept", _("Accept"), "success"),
    ("tentative", _("Tentative"), "secondary"),
    ("decline", _("Decline"), "danger"),
)


@dataclass(frozen=True)
class ReviewRoom:
    """The review a call belongs to, as far as calls need it."""

    review_id: int
    label: Textual
    channel_id: int | None
    closed: bool
    states: tuple[Party, ...]
    people: tuple[Person, ...]
    channel_name: str = ""
    deployment: str = "deskreview"
    """Unique to this deployment (the server's id): calendar UIDs of two deployments differ."""
    languages: tuple[Language, ...] = (Language.EN,)
    """The review's working languages (what its channel reads)."""

    @property
    def zones(self) -> dict[str, str]:
        """State label -> IANA zone, the State under review first."""
        return {p.label: p.timezone for p in self.states}

    def party_of(self, user_id: int) -> str | None:
        return next((p.party for p in self.people if p.user_id == user_id), None)


def answer_custom_id(call_id: int, answer: Answer) -> str:
    return f"call:{call_id}:{answer}"


def vote_custom_id(poll_id: int, slot: int) -> str:
    return f"callpoll:{poll_id}:{slot}"


def mention(user_id: int | str) -> str:
    return f"<@{user_id}>" if str(user_id).isdigit() else "the bot"


def who(user_id: int | str) -> Textual:
    """A person's mention, or "the bot" in the reader's language."""
    return Verbatim(f"<@{user_id}>") if str(user_id).isdigit() else _("the bot")


def _shorten(line: str, room: int) -> str:
    """A line of comma-separated names cut to `room` characters, saying how many are left."""
    if len(line) <= room:
        return line
    items = line.split(", ")
    for keep in range(len(items) - 1, 0, -1):
        text = ", ".join(items[:keep]) + f" … and {len(items) - keep} more"
        if len(text) <= room:
            return text
    return line[: max(0, room - 1)] + "…"


def _fit(lines: Sequence[str], limit: int = FIELD_LIMIT) -> str:
    """Join lines in at most `limit` characters, shortening long lists of names; each later
    line keeps room for up to 60 characters."""
    out: list[str] = []
    for index, line in enumerate(lines):
        used = sum(len(x) + 1 for x in out)
        reserve = sum(min(len(x), 60) + 1 for x in lines[index + 1:])
        out.append(_shorten(line, max(limit - used - reserve, 20)))
    return "\n".join(out)[:limit] or "—"


def _names(ids: Iterable[int]) -> str:
    return ", ".join(mention(i) for i in ids)


def reference_zone(zone: str) -> str:
    """The zone to compare local dates with: the call's own when it is an IANA name."""
    return zone if "/" in zone else "UTC"


def local_lines(room: ReviewRoom, start: datetime, duration: timedelta, zone: str) -> list[str]:
    return [t.text for t in local_times(start, duration, room.zones, reference_zone(zone))]


def local_texts(room: ReviewRoom, start: datetime, duration: timedelta, zone: str) -> Joined:
    """The call on each State's clock, in the reader's language."""
    reference = reference_zone(zone)
    return lines(*(LocalLine(t, reference)
                   for t in local_times(start, duration, room.zones, reference)))


# ------------------------------------------------------------------------ announcement


def _answer_lines(people: Sequence[int], answers: Sequence[Attendance], limit: int) -> Any:
    found: list[tuple[Msg, str]] = []
    for kind, word in ANSWER_WORDS.items():
        ids = [a.user_id for a in answers if a.answer == kind]
        if ids:
            found.append((word, _names(ids)))
    answered = {a.user_id for a in answers}
    waiting = [uid for uid in people if uid not in answered]
    if waiting:
        found.append((_("No answer yet"), _names(waiting)))
    if not found:
        return _("No one is registered for this State yet.")
    shortened = _fit([f"{word.source}: {names}" for word, names in found], limit).split("\n")
    return lines(*(_("{answer}: {people}", answer=word, people=Verbatim(text.split(": ", 1)[1]))
                   for (word, _names_), text in zip(found, shortened, strict=False)))


def attendance_fields(room: ReviewRoom, answers: Sequence[Attendance]
                      ) -> list[tuple[Textual, Textual]]:
    fields: list[tuple[Textual, Textual]] = []
    limit = min(FIELD_LIMIT, CARD_BUDGET // (len(room.states) + 2))
    for party in room.states:
        people = [p.user_id for p in room.people if p.party == party.code]
        mine = [a for a in answers if a.party == party.code and a.user_id in people]
        fields.append((_("Answers: {party}", party=party.label),
                       _answer_lines(people, mine, limit)))
    registered = {p.user_id for p in room.people}
    secretariat = [a for a in answers if a.user_id not in registered]
    if secretariat:
        fields.append((_("Answers: secretariat"), _answer_lines([], secretariat, limit)))
    return fields


def _when(call: Call) -> str:
    return f"{discord_timestamp(call.start_utc, 'F')} ({discord_timestamp(call.start_utc, 'R')})"


def announcement(
    call: Call, room: ReviewRoom, answers: Sequence[Attendance], *, with_file: bool
) -> tuple[OutMessage, tuple[Button, ...]]:
    """The announcement of a call, with its buttons (none once it is cancelled)."""
    given = local_times(call.start_utc, call.duration,
                        {f"As given by {mention(call.created_by)}": reference_zone(call.zone)})
    # (the English label only keys the line; GivenLine words it in each language)
    title: Textual
    if call.cancelled:
        title = _("Cancelled: {title}", title=Verbatim(call.title[:240]))
        reason = Verbatim(call.cancel_reason) if call.cancel_reason else _("none given")
        description = lines(_("This call was cancelled. Reason: {reason}", reason=reason),
                            _("It was planned for {when}.", when=Verbatim(
                                discord_timestamp(call.start_utc, "F"))))
        footer = _("The attached calendar file removes the call from your calendar.")
    else:
        title = call.title[:256]
        where = (_("**Join:** {link}", link=Verbatim(call.link or "")) if call.link else
                 _("**Where:** in this review's private voice room in Discord; its link is "
                   "posted here shortly before the start"))
        description = lines(
            _("**When:** {when}, shown in your own time zone", when=Verbatim(_when(call))),
            _("**Length:** {length}", length=Length(call.duration)), where,
            GivenLine(given[0], mention(call.created_by), reference_zone(call.zone)))
        footer = _("Answer with the buttons below. The attached calendar file adds the call to "
                   "your calendar; it is replaced whenever the call changes.")
    fields: list[tuple[Textual, Textual]] = [
        (_("Local time in each State"),
         local_texts(room, call.start_utc, call.duration, call.zone))]
    fields += attendance_fields(room, answers)
    card = Card(title=title, description=description, fields=tuple(fields), footer=footer)
    method: Method = "CANCEL" if call.cancelled else "REQUEST"
    files = (ics_file(call, room, method),) if with_file else ()
    text = _("Conference call of the review of {review}", review=room.label)
    buttons = () if call.cancelled else tuple(
        Button(answer_custom_id(call.id, answer), label, style) for answer, label, style in _BUTTONS
    )
    return OutMessage(text, cards=(card,), files=files), buttons


def ics_file(call: Call, room: ReviewRoom, method: Method) -> OutFile:
    description = (f"Conference call of the review of {room.label}. Confidential to the States "
                   "of this review and the secretariat.")  # the calendar file stays in English
    data = build_ics(
        call_uid(call.id, room.deployment), call.sequence, call.title, call.start_utc,
        call.duration, description, call.link, ORGANIZER, method=method, dtstamp=call.updated_at,
    )
    return OutFile(ics_filename(call.start_utc), data)


# ------------------------------------------------------------------ reminders, notices


def reminder_message(
    call: Call, kind: ReminderKind, mentions: Sequence[int], late: bool
) -> OutMessage:
    when, title = Verbatim(_when(call)), Verbatim(call.title)
    head: Msg
    if kind is ReminderKind.DAY_BEFORE:
        head = _("Reminder: the call **{title}** starts in 24 hours, {when}.", title=title,
                 when=when)
    elif kind is ReminderKind.HOUR_BEFORE:
        head = _("Reminder: the call **{title}** starts in one hour, {when}.", title=title,
                 when=when)
    else:
        head = _("The call **{title}** is starting now ({at}).", title=title,
                 at=Verbatim(discord_timestamp(call.start_utc, "t")))
    join = (_("Join: {link}", link=Verbatim(call.link)) if call.link else
            _("Join in the review's private voice room (its link is posted in this channel)."))
    return OutMessage(lines(head, join, _names(mentions) if mentions else None,
                            LATE_NOTE if late else None), mention_users=tuple(mentions))


def moved_notice(call: Call, room: ReviewRoom, before: datetime, by: int,
                 told: Sequence[int]) -> OutMessage:
    text = lines(
        _("The call **{title}** has moved: from {before} to {when}. Moved by {who}.",
          title=Verbatim(call.title), before=Verbatim(discord_timestamp(before, "F")),
          when=Verbatim(_when(call)), who=who(by)),
        local_texts(room, call.start_utc, call.duration, call.zone),
        _("The calendar file attached replaces the one you may have added. Your answers are "
          "kept; change them with the buttons on the announcement if the new time does not "
          "suit you."),
        _names(told) if told else None,
    )
    return OutMessage(text, files=(ics_file(call, room, "REQUEST"),), mention_users=tuple(told))


def cancelled_notice(call: Call, room: ReviewRoom, by: int, told: Sequence[int]) -> OutMessage:
    text = lines(
        _("The call **{title}** planned for {when} is cancelled by {who}. Reason: {reason}",
          title=Verbatim(call.title), when=Verbatim(discord_timestamp(call.start_utc, "F")),
          who=who(by), reason=Verbatim(call.cancel_reason or "")),
        _("Open the calendar file attached to remove it from your calendar."),
        _names(told) if told else None,
    )
    return OutMessage(text, files=(ics_file(call, room, "CANCEL"),), mention_users=tuple(told))

