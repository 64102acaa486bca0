"""Follow-on notices with the bot killed as they are posted: a clarification follow-up, a call
moved, a call's reminder. After the restart each is in its channel exactly once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.behaviour.fault_calls import vienna
from tests.behaviour.fault_jobs import next_run, until_just_before
from tests.behaviour.review_support import open_triad, register
from tests.support.crash import Killed, crash_at, restart_after_kill


async def triad(world):
    people = {}
    for name, party in (("ken_fp", "KEN"), ("fra_fp", "FRA")):
        people[name] = world.member(name)
        await register(world, people[name], party, "focal_point")
    await open_triad(world)
    return people, world.guild.channels["ken-criminalization"]


def bot_texts(world, channel, words: str) -> list[str]:
    me = world.bot.user.id
    return [m.content for m in channel.history() if m.author.id == me and words in m.content]


FOLLOW_UP_WINDOWS = [  # killed after the post or before it; down for minutes; others talk
    pytest.param(True, 0, 0, id="after-posted"),
    pytest.param(False, 0, 0, id="commit-before-post"),
    pytest.param(True, 30, 0, id="after-posted-restarted-late"),
    pytest.param(True, 10, 120, id="after-posted-then-120-messages"),
]


@pytest.mark.parametrize(("after", "down", "chatter"), FOLLOW_UP_WINDOWS)
async def test_a_follow_up_killed_as_it_is_posted_arrives_once(world, bot_factory, after, down,
                                                               chatter):
    people, channel = await triad(world)
    await people["fra_fp"].slash(channel, "clarify ask", question="Which act covers it?",
                                 due="8")
    (thread,) = channel.threads
    await until_just_before(world, await next_run(world, "key = 'cr:1:before'", ()))
    with crash_at(world.bot, "POST", f"/channels/{thread.id}/messages", after=after) as window:
        await world.env.advance_time(120)
    assert window.fired
    for n in range(chatter):  # the thread goes on while the bot is down
        await people["ken_fp"].send(thread, f"Working on it, note {n}.")
    await world.env.advance_time(down * 60)
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(3600)
    assert len(bot_texts(world, thread, "Gentle reminder")) == 1


async def planned_call(world):
    people, channel = await triad(world)
    start = (world.env.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    await people["ken_fp"].slash(channel, "call schedule", title="Dialogue", start=vienna(start),
                                 duration="60")
    (announced,) = [m for m in channel.history()
                    if m.content.startswith("Conference call of the review")]
    await people["ken_fp"].click(announced, label="Accept")
    return people, channel, start


async def test_a_moved_call_notice_killed_as_it_is_posted_arrives_once(world, bot_factory):
    people, channel, start = await planned_call(world)
    with crash_at(world.bot, "POST", f"/channels/{channel.id}/messages") as window:
        try:
            await people["ken_fp"].slash(channel, "call reschedule", call=1,
                                         start=vienna(start + timedelta(days=1)))
        except Killed:
            pass
        await world.env.advance_time(60)
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(600)
    assert len(bot_texts(world, channel, "The call **Dialogue** has moved")) == 1


async def test_a_call_reminder_killed_as_it_is_posted_arrives_once(world, bot_factory):
    people, channel, start = await planned_call(world)
    await until_just_before(world, start - timedelta(hours=24))
    with crash_at(world.bot, "POST", f"/channels/{channel.id}/messages") as window:
        await world.env.advance_time(120)
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(600)
    assert len([t for t in bot_texts(world, channel, "Reminder:")
                if t.startswith("Reminder:")]) == 1
