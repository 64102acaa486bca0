"""Who clears an output follows the appointments of each review, not the State's registry."""

from __future__ import annotations

import pytest

from tests.behaviour.review_support import open_triad, register
from tests.behaviour.test_outputs import ANSWERS, answer_of

pytestmark = pytest.mark.usefixtures("answered_errors_only")

NOTE = {"note_verbale": "NV/2025/118", "note_date": "2025-12-20"}


def posts(channel) -> list:
    return [m for m in channel.history() if m.attachments]


async def test_the_focal_point_appointed_for_one_review_clears_there_and_only_there(world):
    await open_triad(world, "KEN", "GHA", "FRA")
    await open_triad(world, "UGA", "KEN", "FRA")
    await world.env.settle()
    ken_review = (await world.bot.services.reviews.find("KEN", 1)).id
    standing, named, expert = (world.member(n) for n in ("standing", "named", "expert"))
    await register(world, standing, "KEN", "focal_point")  # for every review of Kenya
    await register(world, expert, "KEN", "expert")
    appointed = await world.secretary.slash(
        world.secretariat_channel, "expert add", member=named, party="KEN", role="focal_point",
        review=str(ken_review), **NOTE)
    assert "is now appointed as the focal point of Kenya (KEN)" in appointed.response.content
    await world.env.settle()
    ken_channel = world.guild.channels["ken-criminalization"]
    uga_channel = world.guild.channels["uga-criminalization"]
    # in Kenya's review, the focal point appointed for it clears; the State-wide one no longer
    await expert.slash(ken_channel, "output submit", kind="questionnaire",
                       file=("answers.pdf", ANSWERS))
    (post,) = posts(ken_channel)
    refused = await standing.click(post, label="Clear for Kenya")
    assert refused.ephemeral and "Nothing was changed" in answer_of(refused)
    assert "awaiting its focal point's clearance" in posts(ken_channel)[0].content
    done = await named.click(posts(ken_channel)[0], label="Clear for Kenya")
    assert answer_of(done).startswith("Version 1 is cleared for Kenya.")
    # in Uganda's review, where Kenya reviews, its State-wide focal point clears its feedback
    await expert.slash(uga_channel, "output submit", kind="feedback",
                       file=("feedback.txt", b"Kenya's written feedback"))
    (feedback,) = posts(uga_channel)
    cleared = await standing.click(feedback, label="Clear for Kenya")
    assert answer_of(cleared).startswith("Version 1 is cleared for Kenya.")
