"""Calls held inside Discord: the review's private voice room, its attendance and its notes.

The review: Kenya (KEN, Africa/Nairobi) under review by Ghana (GHA) and Japan (JPN). Ghana has
an observer too; France (FRA) is a fourth State, not of this review. The simulated clock starts
on Thursday 1 January 2026, 00:00 UTC. The call: Thursday 15 January, 13:00–14:00 UTC, without
an outside link, so its room opens at 12:45 and may close from 14:15.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import discord
import pytest
from simcord import BackendError

pytestmark = pytest.mark.usefixtures("answered_errors_only")

MINUTE = 60
START = datetime(2026, 1, 15, 13, 0, tzinfo=UTC)
ROOM = "Call 1 · ken-criminalization"


@dataclass
class Review:
    channel: Any
    ken: Any  # focal point of Kenya
    ken_expert: Any
    gha: Any  # focal point of Ghana
    gha_observer: Any
    jpn: Any  # focal point of Japan
    fra: Any  # focal point of France, a State not of this review
    admin: Any  # a server administrator registered for no State


async def review(world) -> Review:
    sec, desk = world.secretary, world.secretariat_channel
    members = {}
    for name, party, role in (("ken", "KEN", "focal_point"), ("ken_expert", "KEN", "expert"),
                              ("gha", "GHA", "focal_point"), ("gha_observer", "GHA", "observer"),
                              ("jpn", "JPN", "focal_point"), ("fra", "FRA", "focal_point")):
        members[name] = world.member(name)
        result = await sec.slash(desk, "expert add", member=members[name], party=party,
                                 role=role,
                                 note_verbale="NV/2025/1", note_date="2020-06-15")
        assert " is now " in result.response.content, result.response.content
    await sec.slash(desk, "review-admin open", sur="KEN", cluster=1)
    await sec.slash(desk, "review-admin assign", sur="KEN", cluster=1, same_group="GHA",
                    other_group="JPN", reason="Agreed at the session")
    admins = world.guild.create_role("Server admin",
                                     permissions=discord.Permissions(administrator=True))
    return Review(world.guild.channels["ken-criminalization"],
                  admin=world.member("admin", admins), **members)


async def schedule(world, r: Review, **options: str) -> str:
    result = await r.ken.slash(r.channel, "call schedule", title="Dialogue on article 5",
                               start="2026-01-15T14:00 Europe/Vienna", duration="60", **options)
    return result.response.content


async def advance_to(world, moment: datetime) -> None:
    await world.env.advance_time((moment - discord.utils.utcnow()).total_seconds())


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 1, 15, hour, minute, tzinfo=UTC)


def room_of(world) -> Any:
    return world.guild.channels.get(ROOM)


def allows(world, member, channel, *names: str) -> dict[str, bool]:
    """What Discord lets the member do in the channel, by permission."""
    bits = discord.Permissions(world.env.backend.compute_permissions(world.guild.id, member.id,
                                                                     channel.id))
    return {name: getattr(bits, name) for name in names}


def ts(moment: datetime, style: str) -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def said(channel, prefix: str) -> list[str]:
    return [m.content for m in channel.history() if m.content.startswith(prefix)]


def no_scheduled_event(world) -> None:
    assert not world.env.backend.get_guild(world.guild.id).scheduled_events
    assert not any("scheduled-events" in e.path for e in world.env.http_requests)


# ------------------------------------------------------------------ the room


async def test_the_room_opens_before_the_start_for_the_reviews_people_only(world):
    r = await review(world)
    await schedule(world, r)
    (announced,) = [m for m in r.channel.history() if m.content.startswith("Conference call")]
    assert "**Where:** in this review's private voice room in Discord" in (
        announced.embeds[0].description)
    await advance_to(world, at(12, 44))
    assert room_of(world) is None  # not yet
    await world.env.advance_time(MINUTE)  # 12:45, fifteen minutes before the start
    room = room_of(world)
    assert room is not None
    assert world.env.backend.get_channel(room.id).type == discord.ChannelType.voice.value
    (opened,) = said(r.channel, "The room of the call")
    assert f"<#{room.id}>" in opened and ts(START, "R") in opened

    speak = ("view_channel", "connect", "speak", "stream")
    for person in (r.ken, r.ken_expert, r.gha, r.jpn, world.secretary):
        assert allows(world, person, room, *speak) == dict.fromkeys(speak, True), person
    # the observer joins and listens, but cannot speak nor share video or screen
    assert allows(world, r.gha_observer, room, *speak) == {
        "view_channel": True, "connect": True, "speak": False, "stream": False}
    await r.gha_observer.join_voice(room)
    for person in (r.fra, world.outsider, world.chair):
        assert allows(world, person, room, "view_channel", "connect") == {
            "view_channel": False, "connect": False}
        with pytest.raises(BackendError):
            await person.join_voice(room)
    # the room does not lean on its category: @everyone is denied on the room itself
    overwrites = {o.target_id: o for o in world.env.backend.get_channel(room.id).overwrites}
    everyone = overwrites[world.guild.id]
    assert everyone.deny & discord.Permissions(view_channel=True, connect=True).value
    assert world.env.bot.user.id in overwrites
    no_scheduled_event(world)


async def test_a_call_with_an_outside_link_gets_no_room(world):
    r = await schedule_with_link(world)
    await advance_to(world, at(13, 30))
    assert room_of(world) is None
    assert not said(r.channel, "The room of the call")
    # its notes thread opens all the same
    assert [t.name for t in r.channel.threads] == ["Call 1 · notes"]


async def schedule_with_link(world) -> Review:
    r = await review(world)
    await schedule(world, r, link="https://meet.example.org/ken-1")
    return r


async def test_a_restart_between_scheduling_and_the_start_still_opens_the_room(world,
                                                                               bot_factory):
    r = await review(world)
    await schedule(world, r)
    await world.env.restart_bot(bot_factory())
    await advance_to(world, at(12, 45))
    assert room_of(world) is not None
    assert len(said(r.channel, "The room of the call")) == 1
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(MINUTE)
    assert len([c for c in world.guild.channels if c == ROOM]) == 1
    assert len(said(r.channel, "The room of the call")) == 1  # not posted twice
    no_scheduled_event(world)


async def test_a_cancelled_call_never_opens_its_room(world):
    r = await review(world)
    await schedule(world, r)
    result = await r.ken.slash(r.channel, "call cancel", call=1, reason="The expert is ill")
    assert "is cancelled" in result.response.content
    await advance_to(world, at(13, 30))
    assert room_of(world) is None and not r.channel.threads


# ------------------------------------------------------------------ attendance


async def test_joins_and_leaves_give_the_attendance_record_and_the_room_closes(world):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(12, 50))
    room = room_of(world)
    await r.ken.join_voice(room)
    await advance_to(world, at(13, 0))
    await r.gha.join_voice(room, self_mute=True)
    # the call starts: its notes thread opens under the review channel
    (thread,) = r.channel.threads
    assert thread.name == "Call 1 · notes"
    await r.gha.set_voice(self_mute=False)  # the same stay, not a new one
    await advance_to(world, at(13, 5))
    await world.secretary.join_voice(room)
    await advance_to(world, at(13, 20))
    await r.ken.leave_voice()
    await advance_to(world, at(13, 30))
    await r.ken.join_voice(room)  # back after ten minutes
    await advance_to(world, at(13, 50))
    for person in (r.gha, world.secretary):
        await person.leave_voice()
    await advance_to(world, at(14, 0))
    await r.ken.leave_voice()
    assert room_of(world) is not None  # open until 14:15
    before = len(r.channel.history())
    await advance_to(world, at(14, 15))
    assert room_of(world) is None  # closed, nobody being left in it

    (record,) = [m.content for m in r.channel.history()[before:]]
    assert record.startswith(
        f"Attendance of the call **Dialogue on article 5** (call 1), held in its room from "
        f"{ts(at(12, 50), 'f')} to {ts(at(14, 0), 't')}: 1 h 10 min.")
    lines = record.splitlines()
    assert lines[1] == (f"**Kenya (KEN):** <@{r.ken.id}> (1 h: {ts(at(12, 50), 't')}–"
                        f"{ts(at(13, 20), 't')}, {ts(at(13, 30), 't')}–{ts(at(14, 0), 't')})")
    assert lines[2] == (f"**Ghana (GHA):** <@{r.gha.id}> (50 min: {ts(at(13, 0), 't')}–"
                        f"{ts(at(13, 50), 't')})")
    assert lines[3] == (f"**Secretariat:** <@{world.secretary.id}> (45 min: "
                        f"{ts(at(13, 5), 't')}–{ts(at(13, 50), 't')})")
    # nothing about who did not come: Japan is not named, nor Kenya's expert
    assert "Japan" not in record and str(r.ken_expert.id) not in record
    assert len(lines) == 5 and lines[4] == "The room is closed."
    # the secretariat heard of nothing unusual
    assert not said(world.secretariat_channel, f"<@{r.ken.id}>")
    no_scheduled_event(world)


async def test_a_room_still_in_use_closes_when_the_last_person_leaves(world):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(13, 0))
    await r.jpn.join_voice(room_of(world))
    await advance_to(world, at(14, 30))  # past 14:15, still talking
    assert room_of(world) is not None
    await r.jpn.leave_voice()
    assert room_of(world) is None
    (record,) = said(r.channel, "Attendance of the call")
    assert f"**Japan (JPN):** <@{r.jpn.id}> (1 h 30 min:" in record


async def test_an_administrator_who_gets_in_is_reported_to_the_secretariat_at_once(world):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(13, 0))
    room = room_of(world)
    await r.admin.join_voice(room)  # Discord lets an administrator in
    (alert,) = said(world.secretariat_channel, f"<@{r.admin.id}> joined the room of call 1")
    assert "neither one of the review's people nor of the secretariat" in alert
    assert not said(r.channel, f"<@{r.admin.id}>")  # the triad's channel is not where to say it
    await advance_to(world, at(13, 3))
    await r.admin.leave_voice()
    await advance_to(world, at(14, 15))
    (record,) = said(r.channel, "Attendance of the call")
    assert f"**Not of this review (the secretariat was told):** <@{r.admin.id}> (3 min:" in record


async def test_a_restart_while_people_are_in_the_room_keeps_their_attendance(world,
                                                                             bot_factory):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(13, 0))
    room = room_of(world)
    await r.ken.join_voice(room)
    await r.gha.join_voice(room)
    await world.env.restart_bot(bot_factory())
    await advance_to(world, at(13, 40))
    await r.gha.leave_voice()
    await advance_to(world, at(14, 0))
    await r.ken.leave_voice()
    await advance_to(world, at(14, 15))
    assert room_of(world) is None
    (record,) = said(r.channel, "Attendance of the call")
    assert f"<@{r.ken.id}> (1 h: " in record and f"<@{r.gha.id}> (40 min: " in record


async def test_a_full_server_gets_no_room_and_the_secretariat_is_told_why(world):
    r = await review(world)
    await schedule(world, r)
    spare = world.guild.create_category("Working documents")
    while len(world.guild.channels) < 500:
        world.guild.create_text_channel(f"document-{len(world.guild.channels)}", category=spare)
    await world.env.settle()
    await advance_to(world, at(12, 45))
    assert room_of(world) is None
    (told,) = said(r.channel, "The room of the call")
    assert "could not be opened" in told and "Discord's limit is 500" in told
    assert said(world.secretariat_channel, "The room of call 1")


async def test_a_room_discord_refused_is_opened_at_the_next_try_and_announced_once(world):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(12, 44))
    world.env.inject_error("POST", f"/guilds/{world.guild.id}/channels", status=503, times=1)
    await world.env.advance_time(MINUTE)  # 12:45: Discord fails
    assert room_of(world) is None
    await world.env.advance_time(MINUTE)  # 12:46: the job is tried again
    assert room_of(world) is not None
    assert len(said(r.channel, "The room of the call")) == 1


async def test_a_moved_call_opens_its_room_at_the_new_time(world):
    r = await review(world)
    await schedule(world, r)
    moved = await r.ken.slash(r.channel, "call reschedule", call=1,
                              start="2026-01-16T14:00 Europe/Vienna")
    assert "moved to" in moved.response.content
    await advance_to(world, at(13, 30))
    assert room_of(world) is None and not r.channel.threads
    await advance_to(world, datetime(2026, 1, 16, 12, 45, tzinfo=UTC))
    assert room_of(world) is not None


async def test_a_room_due_while_the_bot_was_down_opens_on_start_saying_it_is_late(world,
                                                                                  bot_factory):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(12, 40))
    await world.bot.services.timers.stop()  # the bot goes down over the opening time
    await advance_to(world, at(13, 5))
    assert room_of(world) is None
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(0)
    assert room_of(world) is not None
    (opened,) = said(r.channel, "The room of the call")
    assert opened.endswith("This notice is late: the bot was offline when the room was due "
                           "to open.")


async def test_a_room_follows_the_registry_while_it_is_open(world):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(12, 45))
    room = room_of(world)
    newcomer = world.member("gha_expert")
    with pytest.raises(BackendError):
        await newcomer.join_voice(room)
    await world.secretary.slash(world.secretariat_channel, "expert add", member=newcomer,
                                party="GHA", role="expert",
                                note_verbale="NV/2025/1", note_date="2020-06-15")
    assert allows(world, newcomer, room, "connect", "speak") == {"connect": True,
                                                                 "speak": True}
    await world.secretary.slash(world.secretariat_channel, "expert remove", member=r.jpn,
                                party="JPN")
    assert allows(world, r.jpn, room, "view_channel", "connect") == {
        "view_channel": False, "connect": False}
    await newcomer.join_voice(room)
    assert not said(world.secretariat_channel, f"<@{newcomer.id}> joined")


async def test_a_long_record_is_posted_in_several_messages_naming_everyone(world):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(13, 0))
    room = room_of(world)
    present = [r.ken, r.ken_expert, r.gha, r.gha_observer, r.jpn, world.secretary]
    for _ in range(8):  # a poor connection: everyone drops out and comes back, eight times
        for person in present:
            await person.join_voice(room)
        await world.env.advance_time(4 * MINUTE)
        for person in present:
            await person.leave_voice()
        await world.env.advance_time(MINUTE)
    await advance_to(world, at(14, 15))
    start = next(i for i, m in enumerate(r.channel.history())
                 if m.content.startswith("Attendance of the call"))
    parts = [m.content for m in r.channel.history()[start:]]
    assert len(parts) >= 2 and all(len(p) <= 2000 for p in parts)
    assert parts[-1].endswith("The room is closed.")
    record = "\n".join(parts)
    for person in present:
        assert record.count(f"<@{person.id}> (32 min:") == 1, person
    assert "**Secretariat:**" in record
