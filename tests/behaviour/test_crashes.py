"""The bot killed between a Discord request and its record, or between a commit and the
request, then started again: nothing is made twice and nothing is lost."""

from __future__ import annotations

import pytest

from storage.reviews import review_channel
from tests.behaviour.review_support import open_triad, register
from tests.support.crash import Killed, crash_at, restart_after_kill

DAY = 86400
CARD = "Review of Kenya (KEN)"


def bot_posts(world, channel, start: str = "") -> list:
    me = world.env.bot.user.id
    return [m for m in channel.history() if m.author.id == me and (
        m.content.startswith(start) if start else True)]


def cards(world, channel) -> list:
    return [m for m in bot_posts(world, channel) if m.embeds and m.embeds[0].title.startswith(CARD)]


async def opened_after_kill(world, bot_factory, method: str, path: str, nth: int, after: bool):
    with crash_at(world.bot, method, path, nth=nth, after=after) as window:
        try:
            await open_triad(world)
        except (Killed, AssertionError):
            pass  # the process died while it answered
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(5 * 60)


REVIEW_WINDOWS = [
    pytest.param("POST", "/guilds/*/channels", 1, True, id="after-category-made"),
    pytest.param("POST", "/guilds/*/channels", 2, True, id="after-channel-made"),
    pytest.param("POST", "/channels/*/messages", 1, False, id="commit-before-card"),
    pytest.param("POST", "/channels/*/messages", 1, True, id="after-card-posted"),
    pytest.param("PUT", "/channels/*/messages/pins/*", 1, True, id="after-card-pinned"),
]


@pytest.mark.parametrize(("method", "path", "nth", "after"), REVIEW_WINDOWS)
async def test_a_review_killed_while_its_channel_is_made_has_one_channel_and_one_card(
    world, bot_factory, method, path, nth, after
):
    await opened_after_kill(world, bot_factory, method, path, nth, after)
    channels = [c for n, c in world.guild.channels.items() if n.startswith("ken-")]
    assert len(channels) == 1
    (channel,) = channels
    (card,) = cards(world, channel)
    assert [m.id for m in channel.pinned_messages()] == [card.id]
    async with world.bot.services.store.read() as tx:
        row = await review_channel(tx, 1)
    assert row is not None and (row.channel_id, row.card_message_id) == (channel.id, card.id)
    categories = [c for c in world.guild.channels if "criminalization" in c.lower()
                  and c not in ("ken-criminalization",)]
    assert len(categories) <= 1


async def test_killed_as_a_reminder_is_posted_it_is_posted_once_after_the_restart(
    world, bot_factory
):
    await register(world, world.member("ken_fp"), "KEN", "focal_point")
    await open_triad(world)
    channel = world.guild.channels["ken-criminalization"]
    await world.env.advance_time(DAY)  # the monthly report is made on the first day
    await world.env.advance_time(6 * DAY + 8 * 3600)
    with crash_at(world.bot, "POST", f"/channels/{channel.id}/messages") as window:
        await world.env.advance_time(3600 + 60)  # the week-before reminder
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(3600)
    assert len([m for m in channel.history() if "Gentle reminder for review KEN" in m.content]) == 1


async def test_killed_after_committing_a_reminder_it_is_still_sent(world, bot_factory):
    await register(world, world.member("ken_fp"), "KEN", "focal_point")
    await open_triad(world)
    channel = world.guild.channels["ken-criminalization"]
    await world.env.advance_time(DAY)  # the monthly report is made on the first day
    await world.env.advance_time(6 * DAY + 8 * 3600)
    with crash_at(world.bot, "POST", f"/channels/{channel.id}/messages", after=False) as window:
        await world.env.advance_time(3600 + 60)
    assert window.fired
    assert [m for m in channel.history() if "Gentle reminder" in m.content] == []
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(3600)
    assert len([m for m in channel.history() if "Gentle reminder for review KEN" in m.content]) == 1


QUESTION = "Does the law on organized criminal groups cover the offence of participation?"
ASK_WINDOWS = [
    pytest.param("POST", "/channels/*/threads", 1, id="after-thread-made"),
    pytest.param("POST", "/channels/*/messages", 1, id="after-first-post-in-thread"),
]


async def clarify_triad(world):
    people = {}
    for name, party, role in (("ken_fp", "KEN", "focal_point"), ("fra_fp", "FRA", "focal_point")):
        people[name] = world.member(name)
        await register(world, people[name], party, role)
    await open_triad(world)
    return people, world.guild.channels["ken-criminalization"]


def request_threads(channel) -> list:
    return [t for t in channel.threads if t.name.startswith("CR-1 ")]


@pytest.mark.parametrize(("method", "path", "nth"), ASK_WINDOWS)
async def test_a_request_killed_while_its_thread_is_made_has_one_thread_and_one_card(
    world, bot_factory, method, path, nth
):
    people, channel = await clarify_triad(world)
    route = path.replace("*", str(channel.id)) if "threads" in path else path
    with crash_at(world.bot, method, route, nth=nth) as window:
        try:
            await people["fra_fp"].slash(channel, "clarify ask", question=QUESTION)
        except Killed:
            pass
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(10 * 60)
    (thread,) = request_threads(channel)
    firsts = [m for m in thread.history() if m.embeds and m.embeds[0].title.startswith("CR-1")]
    assert len(firsts) == 1


async def test_an_answer_killed_as_it_is_posted_is_posted_once(world, bot_factory):
    people, channel = await clarify_triad(world)
    await people["fra_fp"].slash(channel, "clarify ask", question=QUESTION)
    (thread,) = request_threads(channel)
    card = thread.history()[0]
    form = await people["ken_fp"].click(card, label="Submit answer")
    with crash_at(world.bot, "POST", f"/channels/{thread.id}/messages") as window:
        try:
            await people["ken_fp"].submit_modal(form, {"answer": "Yes: section 3 of the Act."})
        except Killed:
            pass
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(10 * 60)
    answers = [m for m in thread.history() if "**Answer to CR-1**" in m.content]
    assert len(answers) == 1 and answers[0].content.endswith("Yes: section 3 of the Act.")


async def test_a_call_announcement_killed_as_it_is_posted_is_posted_once(world, bot_factory):
    people, channel = await clarify_triad(world)
    with crash_at(world.bot, "POST", f"/channels/{channel.id}/messages") as window:
        try:
            await people["ken_fp"].slash(channel, "call schedule", title="Dialogue",
                                         start="2026-01-05T10:00 Europe/Vienna", duration="60")
        except Killed:
            pass
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(10 * 60)
    posted = [m for m in channel.history() if m.content.startswith("Conference call of the review")]
    assert len(posted) == 1


async def test_a_cancel_notice_killed_as_it_is_posted_is_posted_once(world, bot_factory):
    people, channel = await clarify_triad(world)
    await people["ken_fp"].slash(channel, "call schedule", title="Dialogue",
                                 start="2026-01-05T10:00 Europe/Vienna", duration="60")
    (announced,) = [m for m in channel.history()
                    if m.content.startswith("Conference call of the review")]
    await people["ken_fp"].click(announced, label="Accept")
    with crash_at(world.bot, "POST", f"/channels/{channel.id}/messages") as window:
        try:
            await people["ken_fp"].slash(channel, "call cancel", call=1, reason="No quorum")
        except Killed:
            pass
        await world.env.advance_time(60)
    assert window.fired
    await restart_after_kill(world, bot_factory)
    await world.env.advance_time(10 * 60)
    notices = [m for m in channel.history() if "cancelled" in m.content.lower()
               and not m.content.startswith("Conference call of the review")]
    assert len(notices) == 1, [m.content[:80] for m in notices]
