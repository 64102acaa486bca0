"""Each person's own clock (`/timezone`), their calendar of coming calls (`/call mine`), and a
call's notes exported with its attendance (`/call notes`)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from bot.services.archives import read_zip
from tests.behaviour.test_call_rooms import advance_to, at, review, room_of, said, schedule

pytestmark = pytest.mark.usefixtures("answered_errors_only")


def answer(result) -> str:
    """What the person sees in reply (a deferred answer comes as a follow-up)."""
    return result.followups[-1].content if result.followups else result.response.content


def ts(moment: datetime) -> str:
    return f"<t:{int(moment.timestamp())}:F>"


async def test_timezone_changes_how_a_start_without_a_zone_is_read_for_that_person(world):
    r = await review(world)
    # Kenya's focal point without a zone of their own: read on Nairobi's clock (UTC+03:00)
    first = await r.ken.slash(r.channel, "call schedule", title="First", start="2026-01-15 14:00",
                              duration="60")
    assert f"planned for {ts(datetime(2026, 1, 15, 11, 0, tzinfo=UTC))} (read in " \
           "Africa/Nairobi)" in first.response.content

    shown = await r.ken.slash(r.channel, "timezone")
    assert shown.ephemeral and "read in **Africa/Nairobi**" in shown.response.content
    set_ = await r.ken.slash(r.channel, "timezone", zone="europe/vienna")
    assert set_.ephemeral and "Your time zone is now **Europe/Vienna**" in set_.response.content
    second = await r.ken.slash(r.channel, "call schedule", title="Second",
                               start="2026-01-15 14:00", duration="60")
    assert f"planned for {ts(datetime(2026, 1, 15, 13, 0, tzinfo=UTC))} (read in " \
           "Europe/Vienna)" in second.response.content
    # someone of another State still reads their own State's time
    third = await r.gha.slash(r.channel, "call schedule", title="Third",
                              start="2026-01-16 14:00", duration="60")
    assert "(read in Africa/Accra)" in third.response.content

    # a zone that does not exist changes nothing
    bad = await r.ken.slash(r.channel, "timezone", zone="Mars/Olympus")
    assert bad.ephemeral and "Mars/Olympus" in bad.response.content
    again = await r.ken.slash(r.channel, "timezone")
    assert "read in **Europe/Vienna**" in again.response.content
    # and back to the State's zone
    reset = await r.ken.slash(r.channel, "timezone", zone="none")
    assert "read in **Africa/Nairobi** again" in reset.response.content


async def test_call_mine_holds_the_persons_coming_calls_only(world):
    r = await review(world)
    await schedule(world, r)  # call 1, 15 January
    await r.gha.slash(r.channel, "call schedule", title="Second round",
                      start="2026-01-20T09:00Z", duration="90")  # call 2
    # another review, of France, with Japan and Ghana reviewing: Kenya is not in it
    sec, desk = world.secretary, world.secretariat_channel
    await sec.slash(desk, "review-admin open", sur="FRA", cluster=1)
    await sec.slash(desk, "review-admin assign", sur="FRA", cluster=1, same_group="AUT",
                    other_group="JPN", reason="Agreed at the session")
    france = world.guild.channels["fra-criminalization"]
    await r.fra.slash(france, "call schedule", title="France dialogue",
                      start="2026-01-16T09:00Z", duration="60")  # call 3
    # Kenya's expert declined call 2
    (second,) = [m for m in r.channel.history()
                 if m.embeds and m.embeds[0].title == "Second round"]
    await r.ken_expert.click(second, label="Decline")

    await r.ken.slash(r.channel, "timezone", zone="Europe/Vienna")
    result = await r.ken.slash(r.channel, "call mine")
    assert result.ephemeral and "I sent you a direct message with your 2 coming calls" in (
        answer(result))
    (dm,) = [m for m in r.ken.user.dm_channel.history() if m.attachments]
    assert dm.content.startswith("Your coming calls, in your time zone (Europe/Vienna;")
    assert "Thu 15 Jan 2026, 14:00–15:00 CET (UTC+01:00)" in dm.content  # Vienna time
    assert "France dialogue" not in dm.content
    calendar = Calendar.from_ical(await dm.attachments[0].read())
    uids = [str(e.uid) for e in calendar.events]
    assert uids == [f"call-1.{world.guild.id}@deskreview", f"call-2.{world.guild.id}@deskreview"]
    assert [e.start for e in calendar.events] == [datetime(2026, 1, 15, 13, 0, tzinfo=UTC),
                                                  datetime(2026, 1, 20, 9, 0, tzinfo=UTC)]

    # the expert who declined call 2 gets call 1 only; France's focal point call 3 only
    await r.ken_expert.slash(r.channel, "call mine")
    (dm,) = [m for m in r.ken_expert.user.dm_channel.history() if m.attachments]
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(await dm.attachments[0].read()).events
            ] == ["Dialogue on article 5"]
    await r.fra.slash(france, "call mine")
    (dm,) = [m for m in r.fra.user.dm_channel.history() if m.attachments]
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(await dm.attachments[0].read()).events
            ] == ["France dialogue"]
    # someone with no call is told so, with no file
    empty = await world.outsider.slash(world.general, "call mine")
    assert "You have no coming call" in answer(empty)
    # after the call, it is no longer among the coming ones
    await advance_to(world, at(15, 0))
    await r.ken.slash(r.channel, "call mine")
    last = [m for m in r.ken.user.dm_channel.history() if m.attachments][-1]
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(await last.attachments[0].read()).events
            ] == ["Second round"]


async def test_call_notes_exports_the_thread_with_the_attendance(world):
    r = await review(world)
    await schedule(world, r)
    early = await r.ken.slash(r.channel, "call notes", call=1)
    assert early.ephemeral and "has not started yet" in early.response.content
    await advance_to(world, at(13, 0))
    room = room_of(world)
    await r.ken.join_voice(room)
    await r.jpn.join_voice(room)
    (thread,) = r.channel.threads
    await r.ken.send(thread, "Agreed: Kenya sends the amended act by 1 March.")
    await advance_to(world, at(13, 45))
    for person in (r.ken, r.jpn):
        await person.leave_voice()
    await advance_to(world, at(14, 15))

    result = await r.jpn.slash(thread, "call notes", call=1)
    assert result.ephemeral
    (attachment,) = result.response.attachments
    assert attachment.filename == "call-1-notes.md"
    text = (await attachment.read()).decode()
    assert text.startswith("# Call 1: Dialogue on article 5\n")
    assert "In the room from 2026-01-15 13:00 UTC to 2026-01-15 13:45 UTC (45 min)." in text
    assert f"- Kenya (KEN)\n  - user {r.ken.id}: 45 min (13:00–13:45 UTC)" in text
    assert f"- Japan (JPN)\n  - user {r.jpn.id}: 45 min (13:00–13:45 UTC)" in text
    assert "Ghana" not in text.split("## Notes")[0].split("Review of")[1].split("\n", 1)[1]
    assert "> Agreed: Kenya sends the amended act by 1 March." in text
    # people of other States cannot have it
    refused = await r.fra.slash(world.general, "call notes", call=1)
    assert refused.ephemeral and "review channel" in refused.response.content


async def test_the_review_transcript_includes_the_attendance_record(world):
    r = await review(world)
    await schedule(world, r)
    await advance_to(world, at(13, 0))
    await r.gha.join_voice(room_of(world))
    await advance_to(world, at(13, 30))
    await r.gha.leave_voice()
    await advance_to(world, at(14, 15))
    assert said(r.channel, "Attendance of the call")
    before = len(world.secretariat_channel.history())
    await world.secretary.slash(r.channel, "review-admin close")
    files = [a for m in world.secretariat_channel.history()[before:] for a in m.attachments]
    (archive,) = [a for a in files if a.filename.endswith(".zip")]
    text = read_zip(await archive.read())["transcript.md"].decode()
    assert "Attendance of the call **Dialogue on article 5** (call 1)" in text
    print(text)
    assert "**Ghana (GHA):** @gha (Ghana, focal point) (30 min: 13:00 (UTC) · 16:00" in text
    assert "<@" not in text
    assert "## Thread “Call 1 · notes”" in text
