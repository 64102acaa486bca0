"""Conference calls, as the people of a review see them in its channel.

The review: Kenya (KEN, Africa/Nairobi) under review by Ghana (GHA) and Japan (JPN, Asia/Tokyo).
Ghana's focal point works from its permanent mission in New York, so the secretariat records
Ghana's time zone as America/New_York. The simulated clock starts on Thursday 1 January 2026,
00:00 UTC; in January Vienna is at UTC+01:00, New York at UTC-05:00.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import discord
import pytest
from icalendar import Calendar

from bot.settings import SettingsError, load_settings

pytestmark = pytest.mark.usefixtures("answered_errors_only")

HOUR = 3600


def said(result) -> str:
    """What the person sees in reply (a deferred answer comes as a follow-up)."""
    return result.followups[-1].content if result.followups else result.response.content


@dataclass
class Triad:
    room: Any
    ken: Any  # focal point of Kenya
    ken_expert: Any
    gha: Any  # focal point of Ghana
    jpn: Any  # focal point of Japan
    admin: Any  # a server administrator registered for no State


async def triad(world, ghana_zone: str = "America/New_York") -> Triad:
    sec, desk = world.secretary, world.secretariat_channel
    members = {}
    for name, party, role in (("ken", "KEN", "focal_point"), ("ken_expert", "KEN", "expert"),
                              ("gha", "GHA", "focal_point"), ("jpn", "JPN", "focal_point")):
        members[name] = world.member(name)
        await sec.slash(desk, "expert add", member=members[name], party=party, role=role,
                        note_verbale="NV/2025/1", note_date="2020-06-15")
    result = await sec.slash(desk, "registry set", party="GHA", field="timezone", value=ghana_zone)
    assert f"time zone set to **{ghana_zone}**" in result.response.content
    await sec.slash(desk, "review-admin open", sur="KEN", cluster=1)
    await sec.slash(desk, "review-admin assign", sur="KEN", cluster=1, same_group="GHA",
                    other_group="JPN", reason="Agreed at the session")
    admins = world.guild.create_role("Server admin",
                                     permissions=discord.Permissions(administrator=True))
    return Triad(world.guild.channels["ken-criminalization"], admin=world.member("admin", admins),
                 **members)


def announcements(room) -> list[discord.Message]:
    return [m for m in room.history() if m.content.startswith("Conference call of the review")]


def field(message: discord.Message, name: str) -> str:
    (embed,) = message.embeds
    return next(f.value for f in embed.fields if f.name == name)


def reminders(room) -> list[str]:
    return [m.content for m in room.history()
            if m.content.startswith("Reminder:") or "is starting now" in m.content]


async def calendar(message: discord.Message) -> Calendar:
    (attachment,) = message.attachments
    assert attachment.filename.endswith(".ics")
    return Calendar.from_ical(await attachment.read())


def ts(moment: datetime) -> str:
    return f"<t:{int(moment.timestamp())}:F>"


# ------------------------------------------------------------------ scheduling


async def test_a_call_set_in_vienna_time_shows_each_states_local_time_and_calendar_file(world):
    t = await triad(world)
    result = await t.ken.slash(t.room, "call schedule", title="Dialogue on article 5",
                               start="2026-01-15T14:00 Europe/Vienna", duration="1h30",
                               link="https://meet.example.org/ken-1")
    start = datetime(2026, 1, 15, 13, 0, tzinfo=UTC)
    assert result.ephemeral
    assert result.response.content.startswith(
        f"The call **Dialogue on article 5** is planned for {ts(start)} (read in Europe/Vienna)."
    )
    assert "outside working hours for Japan (JPN)" in result.response.content  # 22:00 in Tokyo

    (announced,) = announcements(t.room)
    (embed,) = announced.embeds
    assert f"**When:** {ts(start)}" in embed.description
    assert "**Join:** https://meet.example.org/ken-1" in embed.description
    assert field(announced, "Local time in each State").splitlines() == [
        "Kenya (KEN) (Africa/Nairobi): Thu 15 Jan 2026, 16:00–17:30 EAT (UTC+03:00)",
        "Ghana (GHA) (America/New_York): Thu 15 Jan 2026, 08:00–09:30 EST (UTC-05:00)",
        "Japan (JPN) (Asia/Tokyo): Thu 15 Jan 2026, 22:00–23:30 JST (UTC+09:00)",
    ]
    # the calendar file holds the same instant, under a UID that stays with the call
    (event,) = (await calendar(announced)).events
    assert event.start == start
    assert event.end == datetime(2026, 1, 15, 14, 30, tzinfo=UTC)
    assert str(event["UID"]) == f"call-1.{world.guild.id}@deskreview"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "Dialogue on article 5"

    # nothing of the call anywhere else, and no guild-wide event
    for channel in (world.general, world.secretariat_channel, world.draws):
        assert all("Dialogue" not in m.content for m in channel.history())
    assert not any("scheduled-events" in entry.path for entry in world.env.http_requests)


async def test_a_call_after_the_clock_changes_shows_the_summer_offsets(world):
    t = await triad(world)
    # planned in winter for 15 April: Vienna and New York are on summer time by then
    await t.gha.slash(t.room, "call schedule", title="Dialogue",
                      start="2026-04-15T14:00 Europe/Vienna", duration="60")
    (announced,) = announcements(t.room)
    assert field(announced, "Local time in each State").splitlines() == [
        "Kenya (KEN) (Africa/Nairobi): Wed 15 Apr 2026, 15:00–16:00 EAT (UTC+03:00)",
        "Ghana (GHA) (America/New_York): Wed 15 Apr 2026, 08:00–09:00 EDT (UTC-04:00)",
        "Japan (JPN) (Asia/Tokyo): Wed 15 Apr 2026, 21:00–22:00 JST (UTC+09:00)",
    ]
    assert ts(datetime(2026, 4, 15, 12, 0, tzinfo=UTC)) in announced.embeds[0].description


async def test_bad_times_get_clear_answers_and_change_nothing(world):
    t = await triad(world)
    cases = {
        "2025-12-31T10:00 Europe/Vienna": "has already passed",
        "2026-03-29T02:30 Europe/Vienna": "does not exist in Europe/Vienna",
        "2026-10-25T02:30 Europe/Vienna": "happens twice in Europe/Vienna",
        "2026-01-20T14:00 Europe/Viena": "Did you mean Europe/Vienna?",
    }
    for start, answer in cases.items():
        result = await t.ken.slash(t.room, "call schedule", title="Dialogue", start=start,
                                   duration="60")
        assert result.ephemeral and answer in result.response.content
    result = await t.ken.slash(t.room, "call schedule", title="Dialogue",
                               start="2026-01-20T14:00 Asia/Kolkata", duration="9h")
    assert "A call can last at most 8 hours" in result.response.content
    # an expert is not a focal point; outside a review channel /call does not work at all
    result = await t.ken_expert.slash(t.room, "call schedule", title="Dialogue",
                                      start="2026-01-20T14:00", duration="60")
    assert "needs the focal point of one of this review's States" in result.response.content
    result = await world.secretary.slash(world.general, "call list")
    assert result.response.content == "Run `/call` commands in the review's own channel."
    assert announcements(t.room) == []


async def test_a_start_without_a_zone_is_read_in_the_schedulers_state_zone(world):
    t = await triad(world)
    result = await t.jpn.slash(t.room, "call schedule", title="Follow-up",
                               start="2026-01-16 17:00", duration="45")
    # 17:00 in Tokyo is 08:00 UTC
    assert f"planned for {ts(datetime(2026, 1, 16, 8, 0, tzinfo=UTC))} (read in Asia/Tokyo)" \
        in result.response.content


# ------------------------------------------------------------------- attendance


async def test_attendance_buttons_work_for_the_triad_and_the_secretariat_only(world):
    t = await triad(world)
    await world.secretary.slash(t.room, "call schedule", title="Dialogue",
                                start="2026-01-15T14:00 Europe/Vienna", duration="60")
    (announced,) = announcements(t.room)
    answers = ((t.ken, "Accept"), (t.gha, "Tentative"), (t.jpn, "Decline"),
               (world.secretary, "Accept"))
    for who, label in answers:
        result = await who.click(announced, label=label)
        assert result.ephemeral
    assert said(result).startswith("You accepted **Dialogue**")

    refused = await t.admin.click(announced, label="Accept")
    assert refused.ephemeral
    assert refused.response.content == (
        "This button needs a registered person of one of this review's States or the "
        "secretariat role. Nothing was changed."
    )
    (updated,) = announcements(t.room)  # edited in place, not posted again
    assert updated.id == announced.id
    assert field(updated, "Answers: Kenya (KEN)") == (
        f"Accepted: {t.ken.mention}\nNo answer yet: {t.ken_expert.mention}"
    )
    assert field(updated, "Answers: Ghana (GHA)") == f"Tentative: {t.gha.mention}"
    assert field(updated, "Answers: Japan (JPN)") == f"Declined: {t.jpn.mention}"
    assert field(updated, "Answers: secretariat") == f"Accepted: {world.secretary.mention}"
    assert t.admin.mention not in str(updated.embeds[0].to_dict())
    (event,) = (await calendar(updated)).events  # the calendar file stays with the edits
    assert event.start == datetime(2026, 1, 15, 13, 0, tzinfo=UTC)

    changed = await t.jpn.click(updated, label="Accept")
    assert said(changed).startswith("You accepted")
    assert field(announcements(t.room)[0], "Answers: Japan (JPN)") == f"Accepted: {t.jpn.mention}"


# -------------------------------------------------------------------- reminders


async def test_the_three_reminders_arrive_once_each_also_across_a_restart(world, bot_factory):
    t = await triad(world)
    # Saturday 3 January, 10:00 in Vienna = 09:00 UTC
    await t.ken.slash(t.room, "call schedule", title="Dialogue",
                      start="2026-01-03T10:00 Europe/Vienna", duration="60")
    (announced,) = announcements(t.room)
    await t.ken.click(announced, label="Accept")
    await t.jpn.click(announced, label="Decline")

    await world.env.advance_time(33 * HOUR - 60)  # Fri 2 Jan, 08:59 UTC
    assert reminders(t.room) == []
    await world.env.advance_time(60)
    (day_before,) = reminders(t.room)
    assert day_before.startswith("Reminder: the call **Dialogue** starts in 24 hours")
    for person in (t.ken, t.ken_expert, t.gha):  # accepted, or not answered yet
        assert person.mention in day_before
    assert t.jpn.mention not in day_before  # declined

    await world.env.restart_bot(bot_factory())
    await t.gha.click(announcements(t.room)[0], label="Tentative")  # buttons survive
    assert field(announcements(t.room)[0], "Answers: Ghana (GHA)") == f"Tentative: {t.gha.mention}"
    await world.env.advance_time(23 * HOUR)  # Sat 3 Jan, 08:00 UTC
    assert len(reminders(t.room)) == 2
    assert reminders(t.room)[1].startswith("Reminder: the call **Dialogue** starts in one hour")
    await world.env.advance_time(HOUR)
    assert len(reminders(t.room)) == 3
    assert reminders(t.room)[2].startswith("The call **Dialogue** is starting now")
    await world.env.advance_time(48 * HOUR)
    assert len(reminders(t.room)) == 3  # once each


async def test_a_reminder_due_while_the_bot_was_down_comes_late_and_once(world, bot_factory):
    t = await triad(world)
    await t.ken.slash(t.room, "call schedule", title="Dialogue",
                      start="2026-01-03T10:00 Europe/Vienna", duration="60")
    await world.env.advance_time(32 * HOUR)  # Fri 2 Jan, 08:00 UTC
    await world.bot.services.timers.stop()  # the bot goes down for two hours
    await world.env.advance_time(2 * HOUR)
    assert reminders(t.room) == []
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(0)
    (late,) = reminders(t.room)
    assert late.startswith("Reminder: the call **Dialogue** starts in 24 hours")
    assert late.endswith("This notice is late: the bot was offline at the scheduled time.")
    await world.env.advance_time(24 * HOUR)
    assert len(reminders(t.room)) == 3


async def test_an_announcement_discord_refused_is_posted_at_the_next_start(world, bot_factory):
    t = await triad(world)
    world.env.inject_error("POST", f"/channels/{t.room.id}/messages", status=403, code=50013,
                           message="Missing Permissions")
    result = await t.ken.slash(t.room, "call schedule", title="Dialogue",
                               start="2026-01-03T10:00 Europe/Vienna", duration="60")
    assert "Discord did not take the announcement just now" in result.response.content
    assert announcements(t.room) == []
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(0)
    (announced,) = announcements(t.room)
    assert "Dialogue" == announced.embeds[0].title and announced.attachments
    await world.env.advance_time(33 * HOUR)  # the call itself was never lost: nor its reminders
    assert reminders(t.room)[0].startswith("Reminder: the call **Dialogue** starts in 24 hours")


async def test_a_reschedule_moves_the_reminders_and_a_cancel_removes_them(world):
    t = await triad(world)
    await t.ken.slash(t.room, "call schedule", title="Dialogue",
                      start="2026-01-05T10:00 Europe/Vienna", duration="60")
    (announced,) = announcements(t.room)
    await t.ken.click(announced, label="Accept")

    offered = await t.ken.autocomplete(t.room, "call reschedule", "call", "dia")
    assert offered == [{"name": "1 · Dialogue · 05 Jan 2026 09:00 UTC", "value": 1}]
    assert await t.admin.autocomplete(t.room, "call reschedule", "call", "") == []

    # one day later, same local hour: the start is read in the call's own zone
    moved = await t.ken.slash(t.room, "call reschedule", call=1, start="2026-01-06 15:00")
    new_start = datetime(2026, 1, 6, 14, 0, tzinfo=UTC)
    assert f"moved to {ts(new_start)} (read in Europe/Vienna)" in moved.response.content
    (updated,) = announcements(t.room)
    assert updated.id == announced.id and ts(new_start) in updated.embeds[0].description
    (event,) = (await calendar(updated)).events
    assert (event.start, int(event["SEQUENCE"])) == (new_start, 1)
    notice = t.room.history()[-1]
    assert notice.content.startswith("The call **Dialogue** has moved")
    assert t.ken.mention in notice.content  # those who answered are told
    (notice_event,) = (await calendar(notice)).events
    assert str(notice_event["UID"]) == str(event["UID"]) == f"call-1.{world.guild.id}@deskreview"

    await world.env.advance_time(3 * 24 * HOUR + 10 * HOUR)  # Sun 4 Jan 10:00 UTC: old 24 h
    assert reminders(t.room) == []
    await world.env.advance_time(28 * HOUR)  # Mon 5 Jan 14:00 UTC: the new 24 h reminder
    assert len(reminders(t.room)) == 1 and ts(new_start) in reminders(t.room)[0]

    cancelled = await t.ken.slash(t.room, "call cancel", call=1,
                                  reason="The State under review asked to wait for its answers")
    assert "is cancelled and its reminders removed" in cancelled.response.content
    notice = t.room.history()[-1]
    assert "Reason: The State under review asked to wait for its answers" in notice.content
    assert t.ken.mention in notice.content
    cancel_file = await calendar(notice)
    (cancel_event,) = cancel_file.events
    assert str(cancel_file["METHOD"]) == "CANCEL"
    assert (cancel_event.start, int(cancel_event["SEQUENCE"])) == (new_start, 2)
    assert str(cancel_event["UID"]) == f"call-1.{world.guild.id}@deskreview"
    (shown,) = announcements(t.room)
    assert shown.embeds[0].title == "Cancelled: Dialogue" and shown.components == []

    await world.env.advance_time(3 * 24 * HOUR)
    assert len(reminders(t.room)) == 1  # no 1 h or start reminder after the cancellation
    listing = await t.gha.slash(t.room, "call list")
    assert listing.ephemeral and listing.response.content.startswith("No call is planned")


# ---------------------------------------------------------------- finding times


async def test_suggest_finds_shared_working_hours_of_vienna_nairobi_and_tokyo(world):
    t = await triad(world, ghana_zone="Europe/Vienna")
    result = await t.gha.slash(t.room, "call suggest", duration="60")
    assert result.ephemeral
    text = result.response.content
    # shared: 07:00-09:00 UTC (Vienna 08-10, Nairobi 10-12, Tokyo 16-18), weekdays only
    expected = [datetime(2026, 1, 1, 7, 0), datetime(2026, 1, 1, 7, 30),
                datetime(2026, 1, 1, 8, 0), datetime(2026, 1, 2, 7, 0),
                datetime(2026, 1, 2, 7, 30)]
    lines = [line for line in text.splitlines() if line.startswith("**")]
    assert lines == [f"**{n}.** {ts(d.replace(tzinfo=UTC))}" for n, d in enumerate(expected, 1)]
    assert "   Japan (JPN) (Asia/Tokyo): Thu 1 Jan 2026, 16:00–17:00 JST (UTC+09:00)" in text
    assert "inside working hours (08:00–18:00, Monday to Friday, local time)" in text


async def test_suggest_with_a_half_hour_zone_starts_at_the_shared_hours(world):
    t = await triad(world, ghana_zone="Asia/Kolkata")
    text = (await t.ken.slash(t.room, "call suggest", duration="4h", within_days=7)
            ).response.content
    # Kolkata 08:00-18:00 = 02:30-12:30 UTC; with Nairobi 05-15 and Tokyo 23-09: 05:00-09:00
    assert [line.split()[1] for line in text.splitlines() if line.startswith("**")] == [
        ts(datetime(2026, 1, d, 5, 0, tzinfo=UTC)) for d in (1, 2, 5, 6, 7)
    ]


async def test_suggest_says_plainly_when_new_york_and_tokyo_share_no_working_hour(world):
    t = await triad(world)
    result = await t.jpn.slash(t.room, "call suggest", duration="30m", within_days=10)
    assert result.response.content == (
        "No 30 min slot in the next 10 days falls inside working hours (08:00–18:00, Monday to "
        "Friday, local time) in all of Africa/Nairobi, America/New_York and Asia/Tokyo. Their "
        "working hours do not overlap at all. Pick a time with /call schedule instead; it will "
        "fall outside working hours for at least one State."
    )


def test_working_hours_come_from_the_settings_and_bad_values_are_named():
    hours = load_settings(_env_file=None, work_start="7:30", work_end="16:00",
                          workdays="Sun-Thu").working_hours()
    assert hours.describe() == "07:30–16:00, Monday, Tuesday, Wednesday, Thursday and Sunday"
    for values, message in (
        ({"work_end": "07:00"}, "DESKREVIEW_WORK_END is invalid: working hours must end after"),
        ({"workdays": "Mo-Fr"}, "DESKREVIEW_WORKDAYS is invalid: 'Mo' is not a day"),
        ({"work_start": "8h"}, "DESKREVIEW_WORK_START is invalid: '8h' is not a time of day"),
    ):
        try:
            load_settings(_env_file=None, **values)
        except SettingsError as problem:
            assert str(problem).startswith(message)
        else:
            raise AssertionError(f"{values} was accepted")


# ------------------------------------------------------------------------ polls


async def test_an_availability_poll_collects_votes_and_becomes_a_call(world):
    t = await triad(world)
    result = await t.ken.slash(t.room, "call propose", title="Country visit planning",
                               slots="2026-01-13T09:00 Europe/Vienna; 2026-01-12T09:00",
                               duration="60")
    assert "Poll 1 is posted in this channel" in result.response.content
    (poll,) = [m for m in t.room.history() if m.content.startswith("Availability poll")]
    await t.gha.click(poll, label="Slot 2")
    await t.jpn.click(poll, label="Slot 2")
    await t.ken.click(poll, label="Slot 1")
    again = await t.ken.click(poll, label="Slot 1")
    assert said(again).startswith("You are no longer marked available")
    refused = await t.admin.click(poll, label="Slot 1")
    assert "This button needs" in refused.response.content

    (poll,) = [m for m in t.room.history() if m.content.startswith("Availability poll")]
    slot1, slot2 = field(poll, "Slot 1"), field(poll, "Slot 2")
    # slots are in time order: 12 January (read in Kenya's zone: 06:00 UTC) comes first
    assert slot1.startswith(ts(datetime(2026, 1, 12, 6, 0, tzinfo=UTC)))
    assert slot1.endswith("Available: no one yet")
    assert slot2.startswith(ts(datetime(2026, 1, 13, 8, 0, tzinfo=UTC)))
    assert slot2.endswith(f"Available (2): {t.gha.mention} (GHA), {t.jpn.mention} (JPN)")

    confirmed = await world.secretary.slash(t.room, "call confirm", poll=1, slot=2,
                                            link="https://meet.example.org/visit")
    assert f"planned for {ts(datetime(2026, 1, 13, 8, 0, tzinfo=UTC))}" in \
        confirmed.response.content
    (closed,) = [m for m in t.room.history() if m.content.startswith("Availability poll")]
    assert closed.components == [] and "Slot 2 was chosen" in closed.embeds[0].description
    (announced,) = announcements(t.room)
    assert announced.embeds[0].title == "Country visit planning"
    listing = (await t.jpn.slash(t.room, "call list")).response.content
    assert "**1** · Country visit planning" in listing
