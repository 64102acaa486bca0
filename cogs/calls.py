"""/call: conference calls of a review, in its own channel; and their buttons.

The Accept / Tentative / Decline buttons and the availability-poll buttons are
``DynamicItem`` classes matched by ``custom_id`` (``call:<id>:<answer>``,
``callpoll:<poll>:<slot>``), so they work on messages posted before a restart.
"""

from __future__ import annotations

import io
import re
import zoneinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.access import allowed
from bot.domain.call_times import discord_timestamp
from bot.i18n import Joined, Listed, Msg, Verbatim, _, _n, lines
from bot.ports import Messenger
from bot.services.calls import (
    ANSWER_TEMPLATE,
    VOTE_TEMPLATE,
    CallOutcome,
    CallPlanner,
    CallRoomService,
    OwnClockService,
    answer_custom_id,
    listing_text,
    suggestion_text,
    vote_custom_id,
)
from cogs.support.errors import handle_interaction_error
from cogs.support.items import with_services
from cogs.support.replies import reader_language, reply
from cogs.support.tree import facts_for, guard
from storage.calls import Answer

if TYPE_CHECKING:
    from cogs.support.host import Host

def _answered(answer: Answer, title: str, when: str) -> Msg:
    shown, at = Verbatim(title), Verbatim(when)
    if answer == "accept":
        return _("You accepted **{title}**, {when}. You will be reminded 24 hours and 1 hour "
                 "before, and when it starts.", title=shown, when=at)
    if answer == "tentative":
        return _("You answered **{title}**, {when}, tentatively. You will be reminded like "
                 "those who accepted; change your answer with the buttons at any time.",
                 title=shown, when=at)
    return _("You declined **{title}**, {when}. You will not be reminded; change your answer "
             "with the buttons at any time.", title=shown, when=at)


async def _safely(interaction: discord.Interaction, work: Any) -> None:
    """Run a button's work; errors get the same answers as slash commands."""
    try:
        await work
    except Exception as error:  # every error is answered, none is lost
        await handle_interaction_error(interaction, error)


# ---------------------------------------------------------------------------- buttons


class AttendanceButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                       template=ANSWER_TEMPLATE):
    calls: ClassVar[CallPlanner]

    def __init__(self, call_id: int, answer: Answer) -> None:
        super().__init__(discord.ui.Button(custom_id=answer_custom_id(call_id, answer)))
        self.call_id, self.answer = call_id, answer

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> AttendanceButton:
        return cls(int(match["call"]), match["answer"])  # type: ignore[arg-type]

    async def callback(self, interaction: discord.Interaction) -> None:
        await _safely(interaction, self._answer(interaction))

    async def _answer(self, interaction: discord.Interaction) -> None:
        facts = await guard(interaction, "component call-attendance")
        if facts is None:
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.calls.answer(facts, self.call_id, self.answer)
        when = discord_timestamp(outcome.call.start_utc, "F")
        text = _answered(self.answer, outcome.call.title, when)
        if not outcome.changed:
            text = _("You had already given this answer; nothing changed. {answer}", answer=text)
        await reply(interaction, text)


class PollVoteButton(discord.ui.DynamicItem[discord.ui.Button[Any]],
                     template=VOTE_TEMPLATE):
    calls: ClassVar[CallPlanner]

    def __init__(self, poll_id: int, slot: int) -> None:
        super().__init__(discord.ui.Button(custom_id=vote_custom_id(poll_id, slot)))
        self.poll_id, self.slot = poll_id, slot

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PollVoteButton:
        return cls(int(match["poll"]), int(match["slot"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _safely(interaction, self._vote(interaction))

    async def _vote(self, interaction: discord.Interaction) -> None:
        facts = await guard(interaction, "component call-poll")
        if facts is None:
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.calls.vote(facts, self.poll_id, self.slot)
        when = discord_timestamp(outcome.slot.start_utc, "F")
        if outcome.available:
            text = _("You are marked available for slot {slot}, {when}. Click it again to take "
                     "that back.", slot=self.slot, when=Verbatim(when))
        else:
            text = _("You are no longer marked available for slot {slot}, {when}.",
                     slot=self.slot, when=Verbatim(when))
        await reply(interaction, text)


# ----------------------------------------------------------------------- autocomplete


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(z for z in zoneinfo.available_timezones()
                        if "/" in z and not z.startswith(("posix/", "right/", "Etc/"))))


async def zone_choices(
    _interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    key = current.strip().casefold().replace(" ", "_")
    found = [z for z in _zones() if key in z.casefold()] if key else list(_zones())
    found.sort(key=lambda z: (not z.casefold().split("/")[-1].startswith(key), z))
    return [app_commands.Choice(name=z, value=z) for z in found[:25]]


class CallChoices(commands.Cog):
    """Suggestions of a review's calls and polls (an autocomplete defined in a class gets
    the command's cog)."""

    calls: CallPlanner

    async def call_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        facts = await facts_for(interaction)
        if facts.review is None or not allowed("call reschedule", facts):
            return []  # call titles are for the review's people only
        listing = await self.calls.upcoming(facts)
        key = current.strip().casefold()
        return [app_commands.Choice(
                    name=f"{c.id} · {c.title} · {c.start_utc:%d %b %Y %H:%M} UTC"[:100],
                    value=c.id)
                for c in listing.calls if key in f"{c.id} {c.title}".casefold()][:25]

    async def poll_choices(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[int]]:
        facts = await facts_for(interaction)
        if facts.review is None or not allowed("call confirm", facts):
            return []
        listing = await self.calls.upcoming(facts)
        key = current.strip().casefold()
        return [app_commands.Choice(name=f"Poll {p.id} · {p.title}"[:100], value=p.id)
                for p, _slots in listing.polls if key in f"{p.id} {p.title}".casefold()][:25]


call_choices, poll_choices = CallChoices.call_choices, CallChoices.poll_choices


# --------------------------------------------------------------------------- commands


def _planned(outcome: CallOutcome, moved: bool = False) -> Joined:
    call = outcome.call
    title, at = Verbatim(call.title), Verbatim(discord_timestamp(call.start_utc, "F"))
    said: list[object] = [
        _("The call **{title}** is moved to {when} (read in {zone}).", title=title, when=at,
          zone=call.zone) if moved else
        _("The call **{title}** is planned for {when} (read in {zone}).", title=title, when=at,
          zone=call.zone)]
    if outcome.announced:
        said.append(_("The announcement in this channel shows each State's local time."))
    else:
        said.append(_("Discord did not take the announcement just now; the bot tries again in "
                      "a minute and keeps trying until it is posted (the secretariat is told if "
                      "it keeps failing)."))
    if outcome.outside_hours:
        said.append(_("Please note: this is outside working hours for {states}.",
                      states=Listed(tuple(outcome.outside_hours))))
    said.append(_told(outcome))
    return lines(*said, separator=" ")


def _told(outcome: CallOutcome) -> Msg | None:
    count = len(outcome.told)
    if not count:
        return None
    return _n("The person who had answered is being told in this channel; if Discord refuses "
              "the notice, the bot keeps trying and the secretariat is told.",
              "The {count} people who had answered are being told in this channel; if Discord "
              "refuses the notice, the bot keeps trying and the secretariat is told.", count)


def _cancelled(outcome: CallOutcome) -> Msg:
    title = Verbatim(outcome.call.title)
    if outcome.announced:
        return _("The call **{title}** is cancelled and its reminders removed; the "
                 "announcement shows it as cancelled, with a calendar file that removes it.",
                 title=title)
    return _("The call **{title}** is cancelled and its reminders removed. Discord did not take "
             "the change to the announcement just now; the bot tries again in a minute and "
             "keeps trying until it shows the call as cancelled (the secretariat is told if it "
             "keeps failing).", title=title)


class CallCog(CallChoices, commands.GroupCog, group_name="call",
              group_description="Conference calls of a review"):
    def __init__(self, calls: CallPlanner, rooms: CallRoomService, own: OwnClockService,
                 messenger: Messenger) -> None:
        self.calls, self.rooms, self.own, self.messenger = calls, rooms, own, messenger

    @app_commands.command(name="schedule", description="Plan a conference call of this review")
    @app_commands.describe(
        title="What the call is about (shown to the review's participants)",
        start="Date and time, e.g. 2026-03-03T14:00 Europe/Vienna (24-hour clock)",
        duration="How long: 60, 90m, 1h30 or 1:30 (at most 8 hours)",
        timezone="Time zone of the start when it names none (default: your State's)",
        link="The video-call link (https://…)",
    )
    @app_commands.autocomplete(timezone=zone_choices)
    async def schedule(
        self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 100],
        start: str, duration: str, timezone: str | None = None, link: str | None = None,
    ) -> None:
        facts = await facts_for(interaction)
        outcome = await self.calls.schedule(facts, title, start, duration, timezone, link)
        await reply(interaction, _planned(outcome))

    @app_commands.command(name="reschedule", description="Move a call to another time")
    @app_commands.describe(call="The call to move", start="The new date and time",
                           timezone="Time zone of the start when it names none")
    @app_commands.autocomplete(call=call_choices)
    @app_commands.autocomplete(timezone=zone_choices)
    async def reschedule(
        self, interaction: discord.Interaction, call: int, start: str,
        timezone: str | None = None,
    ) -> None:
        facts = await facts_for(interaction)
        outcome = await self.calls.reschedule(facts, call, start, timezone)
        await reply(interaction, _planned(outcome, moved=True))

    @app_commands.command(name="cancel", description="Cancel a call, with a reason")
    @app_commands.describe(call="The call to cancel",
                           reason="Why (everyone who answered is told)")
    @app_commands.autocomplete(call=call_choices)
    async def cancel(
        self, interaction: discord.Interaction, call: int,
        reason: app_commands.Range[str, 3, 300],
    ) -> None:
        facts = await facts_for(interaction)
        outcome = await self.calls.cancel(facts, call, reason)
        await reply(interaction, lines(_cancelled(outcome), _told(outcome), separator=" "))

    @app_commands.command(name="list", description="The calls and polls of this review")
    async def list_(self, interaction: discord.Interaction) -> None:
        listing = await self.calls.upcoming(await facts_for(interaction))
        await reply(interaction, listing_text(listing.room, listing.calls, listing.polls))

    @app_commands.command(name="suggest",
                          description="Times inside working hours for every State of the review")
    @app_commands.describe(duration="How long the call is: 60, 90m, 1h30",
                           within_days="How many days ahead to look (1 to 60, default 14)")
    async def suggest(
        self, interaction: discord.Interaction, duration: str,
        within_days: app_commands.Range[int, 1, 60] = 14,
    ) -> None:
        found = await self.calls.suggest(await facts_for(interaction), duration,
                                                within_days)
        await reply(interaction, suggestion_text(found.room, found.duration, found.slots,
                                                       found.reason, found.hours))

    @app_commands.command(name="propose", description="Ask which of some times suit everyone")
    @app_commands.describe(
        title="What the call is about",
        slots="Up to 10 times separated by semicolons, e.g. 2026-03-03T14:00 Europe/Vienna; …",
        duration="How long the call is: 60, 90m, 1h30",
        timezone="Time zone of the times that name none (default: your State's)",
    )
    @app_commands.autocomplete(timezone=zone_choices)
    async def propose(
        self, interaction: discord.Interaction, title: app_commands.Range[str, 1, 100],
        slots: str, duration: str, timezone: str | None = None,
    ) -> None:
        facts = await facts_for(interaction)
        poll = await self.calls.propose(facts, title, slots, duration, timezone)
        await reply(interaction, _("Poll {poll} is posted in this channel. When people have "
                                   "answered, choose a time with `/call confirm poll: {poll} "
                                   "slot: …`.", poll=Verbatim(str(poll.id))))

    @app_commands.command(name="confirm", description="Turn a slot of a poll into a call")
    @app_commands.describe(poll="The availability poll", slot="The number of the chosen slot",
                           link="The video-call link (https://…)")
    @app_commands.autocomplete(poll=poll_choices)
    async def confirm(
        self, interaction: discord.Interaction, poll: int,
        slot: app_commands.Range[int, 1, 10], link: str | None = None,
    ) -> None:
        facts = await facts_for(interaction)
        outcome = await self.calls.confirm(facts, poll, slot, link)
        await reply(interaction, _planned(outcome))

    @app_commands.command(name="notes",
                          description="A call's notes thread and attendance, as Markdown")
    @app_commands.describe(call="The call (its number)")
    async def notes(self, interaction: discord.Interaction, call: int) -> None:
        export = await self.rooms.export_notes(await facts_for(interaction), call,
                                          await reader_language(interaction))
        await reply(interaction, _("The notes and attendance of call {call}, **{title}**. Only "
                                   "you see this.", call=Verbatim(str(call)),
                                   title=Verbatim(export.call.title)),
                    file=discord.File(io.BytesIO(export.file.data), filename=export.file.name))

    @app_commands.command(name="mine", description="One calendar file with all your coming calls")
    async def mine(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        found = await self.own.mine(await facts_for(interaction))
        if not found.calls:
            await reply(interaction, found.message.text)
            return
        count = len(found.calls)
        if await self.messenger.direct(interaction.user.id, found.message):
            await reply(interaction, _n(
                "I sent you a direct message with your {count} coming call and one calendar "
                "file holding them all.", "I sent you a direct message with your {count} coming "
                "calls and one calendar file holding them all.", count))
            return
        (ics,) = found.message.files
        await reply(interaction, lines(_n("Your direct messages are closed, so here are your "
                                          "{count} coming call:", "Your direct messages are "
                                          "closed, so here are your {count} coming calls:",
                                          count), found.message.text),
                    file=discord.File(io.BytesIO(ics.data), filename=ics.name))


async def setup(bot: Host) -> None:
    services = bot.services
    bot.add_dynamic_items(with_services(AttendanceButton, calls=services.calls),
                          with_services(PollVoteButton, calls=services.calls))
    await bot.add_cog(CallCog(services.calls, services.call_rooms, services.own_clock,
                              bot.messenger))
