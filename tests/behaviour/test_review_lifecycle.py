"""Opening reviews (by hand and from a draw), status lists, deadline reminders, recovery."""

from __future__ import annotations

import discord
import pytest

from bot.domain.actor import SYSTEM
from bot.domain.handoffs import DrawOutcome
from storage.parties import all_parties
from tests.behaviour.review_support import (
    card_of,
    open_triad,
    register,
    rest_calls,
    sees,
)

pytestmark = pytest.mark.usefixtures("answered_errors_only")

DAY = 86400
WEEK_BEFORE = ("Gentle reminder for review KEN, cluster 1: the appointment of a focal point "
               "by each State is due on Thursday 15 January 2026, one week from now.")


def notices(channel, text: str) -> list[str]:
    return [m.content for m in channel.history() if text in m.content]


async def test_bad_requests_are_answered_and_change_nothing(world):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    cases = [
        ({"sur": "XYZ", "cluster": 1}, "No State party with the code “XYZ” is registered"),
        ({"sur": "NIU", "cluster": 1}, "Niue (NIU) has no regional group in the registry"),
        ({"sur": "KEN", "cluster": 1, "start": "15/01/2026"}, "Write the start as YYYY-MM-DD"),
    ]
    for options, answer in cases:
        result = await world.secretary.slash(world.secretariat_channel, "review-admin open",
                                             **options)
        assert result.ephemeral and answer in result.response.content
    await open_triad(world)
    again = await world.secretary.slash(world.secretariat_channel, "review-admin open", sur="KEN",
                                        cluster=1)
    assert "A review of Kenya (KEN) in cluster 1 is already open" in again.response.content
    wrong = await world.secretary.slash(world.secretariat_channel, "review-admin assign", sur="KEN",
                                        cluster=1, same_group="FRA", other_group="GHA",
                                        reason="swap")
    assert "France (FRA) is not in the regional group of Kenya (KEN)" in wrong.response.content
    refused = await world.outsider.slash(world.general, "review-admin open", sur="GHA", cluster=1)
    assert "needs the secretariat role" in refused.response.content
    names = [n for n in world.guild.channels if n.endswith("-criminalization")]
    assert names == ["ken-criminalization"]


async def test_a_draw_opens_its_reviews_with_their_channels(world):
    fra = world.member("fra_expert")
    await register(world, fra, "FRA", "expert")
    await world.bot.services.reviews.record_assignments(SYSTEM, DrawOutcome.model_validate({
        "draw_id": "2026-cluster-1", "cluster": 1,
        "assignments": {
            "KEN": {"same_group": "GHA", "other_group": "FRA", "additional": []},
            "ARG": {"same_group": "MEX", "other_group": "ESP",
                    "additional": [{"code": "FRA", "slot": "other_group"}]},
        },
    }))
    await world.env.settle()
    for name in ("ken-criminalization", "arg-criminalization"):
        channel = world.guild.channels[name]
        assert sees(channel, fra)
        reviewers = {f.name: f.value for f in card_of(channel).embeds[0].fields}[
            "Reviewing States"]
        assert "drawn by lot" in reviewers
    assert "France (FRA), additional reviewer (drawn by lot)" in card_of(
        world.guild.channels["arg-criminalization"]).embeds[0].fields[1].value


async def test_status_lists_only_the_reviews_a_person_may_see_by_state_code(world):
    ken, bra = world.member("ken_fp"), world.member("bra_expert")
    await register(world, ken, "KEN", "focal_point")
    await register(world, bra, "BRA", "expert")
    await open_triad(world, "NGA", "KEN", "FRA")
    await open_triad(world, "KEN", "GHA", "FRA")
    await open_triad(world, "ARG", "MEX", "ESP")
    mine = await ken.slash(world.general, "review status")
    lines = mine.response.content.splitlines()
    assert lines[0] == "2 reviews, listed by the code of the State under review:"
    assert lines[1].startswith("**Kenya (KEN)**, cluster 1")
    assert lines[2].startswith("**Nigeria (NGA)**, cluster 1")
    assert "next deadline" in lines[1]
    assert "Argentina" not in mine.response.content
    all_of_them = await world.secretary.slash(world.general, "review status")
    assert [line.split("**")[1] for line in all_of_them.response.content.splitlines()[1:]] == [
        "Argentina (ARG)", "Kenya (KEN)", "Nigeria (NGA)"]
    nothing = await bra.slash(world.general, "review status")
    assert "You have no review to follow here" in nothing.response.content
    here = await ken.slash(world.guild.channels["ken-criminalization"], "review status")
    assert here.ephemeral and here.response.embeds[0].title.startswith("Review of Kenya (KEN)")


async def test_a_reminder_falls_due_once_and_a_missed_one_survives_a_restart(world, bot_factory):
    ken = world.member("ken_fp")
    await register(world, ken, "KEN", "focal_point")  # Ghana and France have none yet
    await open_triad(world)
    channel = world.guild.channels["ken-criminalization"]
    await world.env.advance_time(7 * DAY + 9 * 3600 - 60)  # 8 January, 08:59 UTC
    assert notices(channel, "reminder") == []
    await world.env.advance_time(120)
    assert notices(channel, "reminder") == [
        f"{ken.mention} {WEEK_BEFORE} If it has already been done, thank you."]
    await world.env.advance_time(DAY)
    assert len(notices(channel, "reminder")) == 1
    # the bot is down on the day the focal points are due, and comes back three hours later
    await world.bot.services.timers.stop()
    await world.env.advance_time(7 * DAY)  # 15 January, 09:01
    await world.env.advance_time(3 * 3600)
    assert notices(channel, "is due today") == []
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(0)
    (late,) = notices(channel, "is due today")
    assert late.startswith(f"{ken.mention} For review KEN, cluster 1: the appointment of a "
                           "focal point by each State is due today, Thursday 15 January 2026.")
    assert "This notice is late: the bot was offline at the scheduled time." in late
    await world.env.advance_time(2 * DAY)
    assert len(notices(channel, "is due today")) == 1
    # the day after, only the secretariat hears that it is still not recorded
    missed = notices(world.secretariat_channel, "was due on Thursday 15 January 2026")
    assert len(missed) == 1 and "<@" not in missed[0]
    assert notices(channel, "was due on") == []


async def test_a_met_deadline_and_a_paused_review_send_no_reminder(world):
    people = [world.member(n) for n in ("ken_fp", "gha_fp", "fra_fp")]
    for member, party in zip(people, ("KEN", "GHA", "FRA"), strict=True):
        await register(world, member, party, "focal_point")
    await open_triad(world)
    channel = world.guild.channels["ken-criminalization"]
    await world.env.advance_time(8 * DAY)
    assert notices(channel, "focal point by each State") == []  # all three appointed
    assert notices(channel, "governmental experts") == []  # not yet: due 29 January
    paused = await world.secretary.slash(channel, "review-admin pause")
    assert "is paused" in paused.response.content
    assert "paused by the secretariat" in card_of(channel).embeds[0].description
    await world.env.advance_time(14 * DAY)  # 23 January: past the experts' week-before notice
    assert notices(channel, "governmental experts") == []
    await world.secretary.slash(channel, "review-admin resume")
    await world.env.advance_time(7 * DAY)  # 30 January: the experts were due yesterday
    (due,) = notices(channel, "governmental experts")
    assert "is due today" in due and all(p.mention in due for p in people)


async def test_a_failure_halfway_is_completed_by_the_next_run(world):
    world.env.inject_error("POST", "/channels/*/messages", status=503)  # the card fails once
    await world.secretary.slash(world.secretariat_channel, "review-admin open", sur="KEN",
                                cluster=1)
    channel = world.guild.channels["ken-criminalization"]
    assert channel.pinned_messages() == []
    result = await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert result.response.content == (
        "Checked 1 review: 0 channels created, 1 status card posted.\n"
        "Repaired:\n- review KEN, cluster 1: status card posted")
    assert card_of(channel).embeds[0].title.startswith("Review of Kenya (KEN)")
    assert [n for n in world.guild.channels if n.startswith("ken-")] == ["ken-criminalization"]
    since = len(world.env.http_requests)
    await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert rest_calls(world, since) == []


async def test_a_full_category_opens_another_and_the_secretariat_is_warned_near_500(world):
    for i in range(394):  # a busy server: 398 channels before any review
        world.guild.create_text_channel(f"working-group-{i}")
    await world.env.settle()
    async with world.bot.services.store.read() as tx:
        codes = [p.code for p in await all_parties(tx) if p.group is not None]
    surs = codes[:51]
    others = [c for c in codes if c not in surs][:2]
    await world.bot.services.reviews.record_assignments(SYSTEM, DrawOutcome.model_validate({
        "draw_id": "big", "cluster": 1,
        "assignments": {s: {"same_group": others[0], "other_group": others[1]} for s in surs},
    }))
    await world.env.settle()
    backend = world.env.backend
    sizes = {}
    for channel in backend.channels.values():
        if channel.parent_id is not None and channel.name.endswith("-criminalization"):
            parent = backend.channels[channel.parent_id].name
            sizes[parent] = sizes.get(parent, 0) + 1
    assert sizes == {"Reviews · Criminalization and jurisdiction": 50,
                     "Reviews · Criminalization and jurisdiction (2)": 1}
    (warning,) = notices(world.secretariat_channel, "The server has crossed")  # told once
    assert warning.startswith("The server has crossed 450 channels: it holds 451 of Discord's "
                              "500")


async def test_a_status_card_deleted_by_hand_is_put_back(world):
    await open_triad(world)
    channel = world.guild.channels["ken-criminalization"]
    old = card_of(channel)
    tidy = world.guild.create_role("Moderator", permissions=discord.Permissions(
        manage_messages=True))
    moderator = world.member("moderator", world.secretariat_role, tidy)
    await moderator.delete(old)
    new = card_of(channel)  # exactly one pinned card again
    assert new.id != old.id
    assert new.embeds[0].title == old.embeds[0].title
    since = len(world.env.http_requests)
    await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert rest_calls(world, since) == []  # and nothing left to repair
