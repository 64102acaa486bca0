"""A server near Discord's 500 channels: the secretariat is told once at 450, 475 and 490,
closing still archives at 499 and 500, and a reconcile reports every review it could not place."""

from __future__ import annotations

from datetime import timedelta

import pytest
from simcord import BackendError

from tests.behaviour.review_support import open_triad, register, sees
from tests.behaviour.test_call_rooms import advance_to, at, review, schedule

CROSSED = "The server has crossed"


def channel_count(world) -> int:
    return sum(1 for c in world.env.backend.channels.values()
               if getattr(c, "guild_id", None) == world.guild.id and not c.is_thread)


async def fill_to(world, total: int) -> None:
    """Channels made by hand by the server's administrator, up to `total` in the server."""
    n = channel_count(world)
    while n < total:
        world.guild.create_text_channel(f"filler-{n}")
        n += 1
    await world.env.settle()
    assert channel_count(world) == total


def notices(world) -> list[str]:
    return [m.content for m in world.secretariat_channel.history() if CROSSED in m.content]


async def open_review(world, sur: str, cluster: int = 1):
    result = await world.secretary.slash(world.secretariat_channel, "review-admin open",
                                         sur=sur, cluster=cluster)
    await world.env.settle()
    return result


async def close(world, sur: str):
    result = await world.secretary.slash(world.secretariat_channel, "review-admin close",
                                         sur=sur, cluster=1)
    await world.env.settle()
    return result


async def test_warnings_come_once_per_mark_and_closing_works_at_the_limit(world):
    world.grant_staff_commands(world.guild.default_role)
    ken = world.member("ken_fp")
    await register(world, ken, "KEN", "focal_point")
    await open_triad(world, "KEN", "GHA", "FRA")
    await open_triad(world, "NGA", "GHA", "FRA")
    await fill_to(world, 449)
    assert notices(world) == []
    await open_review(world, "ARG")  # the 450th channel
    assert channel_count(world) == 450
    (first,) = notices(world)
    assert "crossed 450 channels: it holds 450 of Discord's 500" in first
    assert "room for 50 more" in first
    await open_review(world, "BRA")  # 451: nothing new to tell
    await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert len(notices(world)) == 1
    await fill_to(world, 474)
    await open_review(world, "CHL")
    await open_review(world, "COL")
    assert [n.split(":")[0] for n in notices(world)] == [
        "The server has crossed 450 channels", "The server has crossed 475 channels"]
    await fill_to(world, 489)
    await open_review(world, "MEX")
    await open_review(world, "PER")
    assert len(notices(world)) == 3 and "crossed 490 channels" in notices(world)[-1]
    assert "No closed review holds a channel" in notices(world)[-1]

    # 499: closing makes the archive category (the 500th channel); the move is not a creation
    await fill_to(world, 499)
    closed = await close(world, "KEN")
    assert "is closed" in closed.response.content and "archived and read only" in (
        closed.response.content)
    channel = world.guild.channels["ken-criminalization"]
    parent = world.env.backend.channels[world.env.backend.channels[channel.id].parent_id]
    assert parent.name == "Archived reviews"
    assert sees(channel, ken)
    with pytest.raises(BackendError, match="Missing Permissions"):
        await ken.send(channel, "One more thing")
    assert channel_count(world) == 500
    # 500: the next close moves into the archive category's free room
    closed = await close(world, "NGA")
    assert "archived and read only" in closed.response.content
    moved = world.guild.channels["nga-criminalization"]
    assert world.env.backend.channels[moved.id].parent_id == parent.id
    assert channel_count(world) == 500
    assert len(notices(world)) == 3  # still nothing told twice

    # a full server: every review is examined, each one that cannot be placed is reported
    await open_review(world, "ESP")
    await open_review(world, "ITA")
    report = await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    text = report.response.content
    assert "Checked 10 reviews" in text
    assert "Spain (ESP), cluster 1" in text and "Italy (ITA), cluster 1" in text


async def test_the_mark_told_survives_a_restart_and_is_told_again_after_room_is_made(
        world, bot_factory):
    await open_triad(world, "KEN", "GHA", "FRA")
    await fill_to(world, 449)
    await open_review(world, "ARG")
    assert len(notices(world)) == 1
    await world.env.restart_bot(bot_factory())  # the start-up reconcile looks again
    await world.env.settle()
    assert len(notices(world)) == 1
    for channel in list(world.env.backend.channels.values()):
        if getattr(channel, "name", "").startswith("filler-") and channel_count(world) > 440:
            await world.bot.get_channel(channel.id).delete()
    await world.env.settle()
    await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert len(notices(world)) == 1  # fell below 450: nothing to tell
    await fill_to(world, 449)
    await open_review(world, "BRA")
    assert len(notices(world)) == 2  # a new crossing is told again


@pytest.mark.usefixtures("answered_errors_only")
async def test_a_review_waits_for_room_in_order_and_gets_its_channel_when_room_is_made(
        world, bot_factory):
    world.grant_staff_commands(world.guild.default_role)
    await open_triad(world, "KEN", "GHA", "FRA")
    await close(world, "KEN")  # its archive is kept; its channel could leave the server now
    await fill_to(world, 500)  # by hand: the count is looked at by the next check
    await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert "1 closed review holds a channel that could leave the server now" in notices(world)[-1]

    first = await open_review(world, "ESP")
    text = first.response.content
    assert "is open from" in text and "It has no channel yet" in text
    assert "number 1 in line" in text and "being prepared" not in text
    second = await open_review(world, "ITA")
    assert "number 2 in line" in second.response.content
    waits = [m.content for m in world.secretariat_channel.history() if "waits for a channel"
             in m.content]
    assert len(waits) == 2 and "Spain (ESP)" in waits[0] and "number 1 in line" in waits[0]

    # the line is kept in the database: a restart neither loses nor repeats it
    await world.env.restart_bot(bot_factory())
    await world.env.settle()
    assert "esp-criminalization" not in world.guild.channels
    assert len([m for m in world.secretariat_channel.history()
                if "waits for a channel" in m.content]) == 2

    # the archive's channel leaves the server: the first in line gets its channel
    removed = await world.secretary.slash(world.secretariat_channel, "review-admin archive",
                                          sur="KEN", cluster=1)
    assert "has left the server" in removed.response.content
    await world.env.settle()
    assert "ken-criminalization" not in world.guild.channels
    assert "esp-criminalization" in world.guild.channels
    assert "ita-criminalization" not in world.guild.channels
    served = world.secretariat_channel.last_message
    assert "Spain (ESP) in cluster 1 has its channel now" in served.content
    assert world.secretary.mention in served.content
    assert channel_count(world) == 500

    # any channel deleted by hand makes room for the next one
    filler = next(c for c in world.env.backend.channels.values()
                  if getattr(c, "name", "").startswith("filler-"))
    await world.bot.get_channel(filler.id).delete()
    await world.env.settle()
    assert "ita-criminalization" in world.guild.channels
    again = await world.secretary.slash(world.secretariat_channel, "review-admin archive",
                                        sur="KEN", cluster=1)
    assert "no channel on the server any more" in again.response.content
    assert channel_count(world) == 500


async def test_call_rooms_at_the_mark_tell_it_once_not_at_every_call(world):
    r = await review(world)
    await schedule(world, r)
    second = await r.ken.slash(r.channel, "call schedule", title="Dialogue on article 6",
                               start="2026-01-16T14:00 Europe/Vienna", duration="60")
    assert "Dialogue on article 6" in second.response.content
    await fill_to(world, 449)
    await advance_to(world, at(12, 46))  # the first call's room: the 450th channel
    assert channel_count(world) == 450
    (told,) = notices(world)
    assert "crossed 450 channels" in told
    await advance_to(world, at(14, 30))  # its room has closed
    assert channel_count(world) == 449
    await advance_to(world, at(12, 46) + timedelta(days=1))  # the second call's room
    assert channel_count(world) == 450
    assert len(notices(world)) == 1
