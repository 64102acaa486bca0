"""The words of availability polls and of the ephemeral call lists (``/call list``,
``/call suggest``), in the reader's language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.domain.call_times import discord_timestamp
from bot.domain.calls import WorkingHours
from bot.i18n import Language, Listed, Msg, Text, Verbatim, _, _n, render
from bot.ports import Button, Card, OutMessage, Textual
from bot.services.calls._text import Length
from bot.services.calls._views import (
    CARD_BUDGET,
    FIELD_LIMIT,
    ReviewRoom,
    _fit,
    _when,
    local_texts,
    mention,
    vote_custom_id,
)
from storage.calls import Call, Poll, PollSlot, PollVote

MESSAGE_LIMIT = 1900


def _voters(votes: Sequence[PollVote], room: int, language: Language) -> str:
    """'Available (3): <@1> (KEN), …' in at most `room` characters."""
    if not votes:
        return render(_("Available: no one yet"), language)
    secretariat = render(_p_secretariat(), language)
    names = [f"{mention(v.user_id)} ({v.party or secretariat})" for v in votes]
    for shown in range(len(names), 0, -1):
        rest = len(names) - shown
        people = ", ".join(names[:shown])
        text = render(_("Available ({count}): {people}", count=len(votes),
                        people=Verbatim(people)) if not rest else
                      _("Available ({count}): {people} … and {rest} more", count=len(votes),
                        people=Verbatim(people), rest=rest), language)
        if len(text) <= room:
            return text
    return render(_("Available ({count})", count=len(votes)), language)


def _p_secretariat() -> Msg:
    return _("secretariat")


class _Slot:
    """A slot's field in the reader's language, fitted to the card's room."""

    def __init__(self, slot: PollSlot, poll: Poll, votes: Sequence[PollVote], room: ReviewRoom,
                 limit: int) -> None:
        self.slot, self.poll, self.votes, self.room, self.limit = slot, poll, votes, room, limit

    def render(self, language: Language) -> str:
        local = render(local_texts(self.room, self.slot.start_utc, self.poll.duration,
                                   self.poll.zone), language)
        lines = [discord_timestamp(self.slot.start_utc, "F"), *local.split("\n")]
        left = self.limit - len("\n".join(lines)) - 1
        lines.append(_voters([v for v in self.votes if v.slot == self.slot.slot], left,
                             language))
        return _fit(lines, self.limit)


def poll_message(
    poll: Poll, slots: Sequence[PollSlot], votes: Sequence[PollVote], room: ReviewRoom
) -> tuple[OutMessage, tuple[Button, ...]]:
    limit = min(FIELD_LIMIT, CARD_BUDGET // max(1, len(slots)))
    fields: list[tuple[Textual, Textual]] = [
        (_("Slot {slot}", slot=slot.slot), _Slot(slot, poll, votes, room, limit))
        for slot in slots]
    name = Verbatim(poll.title[:200])
    title: Msg
    if poll.status == "confirmed":
        title = _("Availability poll (closed): {title}", title=name)
        description = _("Slot {slot} was chosen; the call is announced in this channel. The "
                        "answers below are kept for the record.", slot=poll.chosen_slot)
        buttons: tuple[Button, ...] = ()
    else:
        title = _("Availability poll: {title}", title=name)
        description = _(
            "Which of these times suit you for a call of {length}? Click the button of every "
            "slot you can attend; click it again to take it back. A focal point or the "
            "secretariat then confirms one with `/call confirm poll: {poll} slot: …`.",
            length=Length(poll.duration), poll=Verbatim(str(poll.id)))
        buttons = tuple(Button(vote_custom_id(poll.id, s.slot), _("Slot {slot}", slot=s.slot),
                               "primary") for s in slots)
    card = Card(title=title, description=description, fields=tuple(fields),
                footer=_("Poll {poll}", poll=Verbatim(str(poll.id))))
    text = _("Availability poll of the review of {review}, proposed by {who}",
             review=room.label, who=Verbatim(mention(poll.created_by)))
    return OutMessage(text, cards=(card,)), buttons


# ------------------------------------------------------------------- ephemeral lists


class _Within:
    """As many whole lines as fit in one message, then a note of how many were left out."""

    def __init__(self, lines: Sequence[Textual], more: str) -> None:
        self.lines, self.more = lines, more

    def render(self, language: Language) -> str:
        shown = [render(line, language) for line in self.lines]
        out: list[str] = []
        for index, line in enumerate(shown):
            more = render(_more(self.more, len(shown) - index), language)
            if len("\n".join([*out, line])) + len(more) + 10 > MESSAGE_LIMIT:
                out.append(more)
                break
            out.append(line)
        return "\n".join(out)


def _more(kind: str, count: int) -> Msg:
    if kind == "lines":
        return _n("… {count} more line left out.", "… {count} more lines left out.", count)
    return _("… and {count} more; the announcements in this channel show all.", count=count)


def listed(names: Sequence[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def suggestion_text(
    room: ReviewRoom, duration: timedelta, slots: Sequence[datetime], reason: Textual | None,
    hours: WorkingHours,
) -> Textual:
    if not slots:
        return reason or _("There is no time that suits every State.")
    states = Listed(tuple(p.label for p in room.states))
    lines: list[Textual] = [_(
        "Times for a call of {length} inside working hours ({hours}, local time) for {states}, "
        "earliest first:", length=Length(duration), hours=Verbatim(hours.describe()),
        states=states)]
    for number, start in enumerate(slots, start=1):
        lines.append(f"**{number}.** {discord_timestamp(start, 'F')}")
        lines.append(_Indented(local_texts(room, start, duration, "UTC")))
    written = "; ".join(f"{s:%Y-%m-%dT%H:%M}Z" for s in slots)
    lines.append(_("To ask everyone which suits them: `/call propose slots: {slots}` (with a "
                   "title and the duration); or plan one directly with `/call schedule`.",
                   slots=Verbatim(written)))
    return _Within(lines, "lines")


class _Indented:
    def __init__(self, text: Text) -> None:
        self.text = text

    def render(self, language: Language) -> str:
        return "\n".join(f"   {line}" for line in render(self.text, language).split("\n"))


def listing_text(
    room: ReviewRoom, calls: Sequence[Call], polls: Sequence[tuple[Poll, Sequence[PollSlot]]],
) -> Textual:
    if not calls and not polls:
        return _("No call is planned in the review of {review}. Plan one with `/call schedule`, "
                 "or find times that suit every State with `/call suggest`.", review=room.label)
    lines: list[Textual] = [_("Calls planned in the review of {review}, earliest first:",
                              review=room.label)] if calls else []
    for call in calls:
        head = Verbatim(f"**{call.id}** · {call.title} · {_when(call)} · ")
        if call.link:
            lines.append(_("{call}{length} · [join]({link})", call=head,
                           length=Length(call.duration), link=Verbatim(call.link)))
        else:
            lines.append(_("{call}{length} · in its room in Discord", call=head,
                           length=Length(call.duration)))
    if polls:
        lines.append(_("Open availability polls:"))
    for poll, slots in polls:
        times = ", ".join(f"{s.slot}: {discord_timestamp(s.start_utc, 'f')}" for s in slots)
        lines.append(_("**Poll {poll}** · {title} · slots {times}", poll=Verbatim(str(poll.id)),
                       title=Verbatim(poll.title), times=Verbatim(times)))
    return _Within(lines, "calls")
