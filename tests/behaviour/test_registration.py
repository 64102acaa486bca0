"""Asking to be registered with /register, as the person and the secretariat see it."""

from __future__ import annotations

import pytest

from tests.behaviour.review_support import open_triad, sees

pytestmark = pytest.mark.usefixtures("answered_errors_only")

ASK = {"party": "KEN", "role": "expert", "note_verbale": "NV/KEN/2025/44",
       "note_date": "2025-12-18"}


def answer_of(result) -> str:
    return result.followups[-1].content if result.followups else result.response.content


def dms(member) -> list[str]:
    return [m.content for m in member.user.dm_channel.history()]


def requests(world) -> list:
    return [m for m in world.secretariat_channel.history()
            if "Request to be registered" in m.content]


def buttons(message) -> list[str]:
    return [c.label for row in message.components for c in row.children]


async def listing(world) -> str:
    result = await world.secretary.slash(world.secretariat_channel, "expert list")
    return result.response.content


async def test_a_request_grants_nothing_until_the_secretariat_approves_it(world, bot_factory):
    await open_triad(world)
    applicant = world.member("applicant")
    asked = await applicant.slash(world.general, "register", **ASK)
    assert asked.ephemeral
    assert answer_of(asked) == (
        "Your request to be registered as expert of Kenya (KEN) was sent to the secretariat. "
        "Nothing is granted until they approve it; you will be told their decision by direct "
        "message.")
    await world.env.settle()
    (posted,) = requests(world)
    assert posted.content.startswith(
        f"**Request to be registered** (no. 1): {applicant.mention} asks to be registered as "
        "expert of Kenya (KEN), on note verbale NV/KEN/2025/44 of 18 Dec 2025.")
    assert buttons(posted) == ["Approve", "Decline"]
    channel = world.guild.channels["ken-criminalization"]
    assert not sees(channel, applicant)
    assert await listing(world) == "No one is appointed for any State party yet."
    # only the secretariat decides
    refused = await world.chair.click(posted, label="Approve")
    assert refused.ephemeral and "needs the secretariat role" in answer_of(refused)
    assert not sees(channel, applicant)
    # the buttons still work after a restart
    await world.env.restart_bot(bot_factory())
    approved = await world.secretary.click(posted, label="Approve")
    assert approved.ephemeral
    assert answer_of(approved).startswith(
        f"{applicant.mention} is now appointed as an expert of Kenya (KEN) for all of its reviews")
    assert "The secretariat has approved your request to be registered." in dms(applicant)[-1]
    await world.env.settle()
    assert sees(channel, applicant)
    (shown,) = requests(world)
    assert shown.id == posted.id and buttons(shown) == []
    assert f"Approved by {world.secretary.mention}" in shown.content
    audit = await world.secretary.slash(world.secretariat_channel, "audit show", count=4)
    assert "**registration.approve** request 1" in audit.response.content
    assert "**registration.request** request 1" in audit.response.content


async def test_a_declined_person_is_told_and_gets_nothing(world):
    await open_triad(world)
    applicant = world.member("applicant")
    await applicant.slash(world.general, "register", **{**ASK, "role": "focal_point"})
    await world.env.settle()
    (posted,) = requests(world)
    declined = await world.secretary.click(posted, label="Decline")
    assert answer_of(declined).startswith(
        f"Request no. 1 declined; nothing was granted to {applicant.mention}.")
    (notice,) = dms(applicant)
    assert notice.startswith("The secretariat has declined your request to be registered as "
                             "focal point of Kenya (KEN). Nothing was granted.")
    await world.env.settle()
    assert not sees(world.guild.channels["ken-criminalization"], applicant)
    assert await listing(world) == "No one is appointed for any State party yet."
    (shown,) = requests(world)
    assert buttons(shown) == [] and "Declined by" in shown.content  # the decision is final


async def test_bad_requests_are_refused_plainly_and_change_nothing(world):
    applicant = world.member("applicant")
    for changed, expected in (({"note_date": "18/12/2025"}, "is not a date"),
                              ({"note_date": "2026-03-01"}, "dated after today"),
                              ({"party": "Atlantis"}, "There is no party “Atlantis”"),
                              ({"note_verbale": "N" * 101}, "at most 100 characters")):
        result = await applicant.slash(world.general, "register", **{**ASK, **changed})
        assert result.ephemeral and expected in answer_of(result), answer_of(result)
    await world.env.settle()
    assert requests(world) == []
    await applicant.slash(world.general, "register", **ASK)
    again = await applicant.slash(world.general, "register", **ASK)
    assert "You already have a request waiting" in answer_of(again)
    await world.env.settle()
    assert len(requests(world)) == 1


async def test_a_request_whose_post_fails_is_posted_once_later(world, bot_factory):
    applicant = world.member("applicant")
    world.env.inject_error("POST", f"/channels/{world.secretariat_channel.id}/messages",
                           status=403, code=50013, message="Missing Permissions")
    asked = await applicant.slash(world.general, "register", **ASK)
    assert "was sent to the secretariat" in answer_of(asked)
    await world.env.settle()
    assert requests(world) == []  # Discord refused the post; the request is kept
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(3600)  # the retry's back-off is at most an hour
    (posted,) = requests(world)
    assert buttons(posted) == ["Approve", "Decline"]
    await world.env.advance_time(3600)
    assert len(requests(world)) == 1  # never posted twice
