"""Appointments per review, as the secretariat and the States' people see them in Discord."""

from __future__ import annotations

import pytest

from tests.behaviour.review_support import card_of, open_triad, register, sees

pytestmark = pytest.mark.usefixtures("answered_errors_only")

NOTE = {"note_verbale": "NV/2025/117", "note_date": "2025-12-20"}


def dms(member) -> list[str]:
    return [m.content for m in member.user.dm_channel.history()]


def focal_points(channel) -> str:
    fields = {f.name: f.value for f in card_of(channel).embeds[0].fields}
    return fields["Focal points"]


@pytest.fixture
async def two_reviews(world):
    """Kenya under review (with Ghana and France), and Uganda under review with Kenya."""
    await open_triad(world, "KEN", "GHA", "FRA")
    await open_triad(world, "UGA", "KEN", "FRA")
    await world.env.settle()
    reviews = world.bot.services.reviews
    ken, uga = await reviews.find("KEN", 1), await reviews.find("UGA", 1)
    return {"ken": ken.id, "uga": uga.id,
            "ken_channel": world.guild.channels["ken-criminalization"],
            "uga_channel": world.guild.channels["uga-criminalization"]}


async def appoint(world, member, party: str, role: str, review: int | None = None, **note):
    options = {"member": member, "party": party, "role": role, **(note or NOTE)}
    if review is not None:
        options["review"] = str(review)
    result = await world.secretary.slash(world.secretariat_channel, "expert add", **options)
    assert result.ephemeral
    return result.response.content


async def test_a_focal_point_for_one_review_is_not_the_focal_point_of_another(world, two_reviews):
    standing, named = world.member("standing"), world.member("named")
    await register(world, standing, "KEN", "focal_point")  # for every review of Kenya
    answer = await appoint(world, named, "KEN", "focal_point", two_reviews["ken"])
    assert answer.startswith(
        f"{named.mention} is now appointed as the focal point of Kenya (KEN) for the review KEN, "
        "cluster 1 only, on note verbale NV/2025/117 of 20 Dec 2025.")
    assert f"{standing.mention} was the focal point there and is now an expert there" in answer
    assert "You serve there as an **expert** from now on" in dms(standing)[-1]
    assert "on note verbale NV/2025/117 of 20 Dec 2025" in dms(named)[-1]
    audit = await world.secretary.slash(world.secretariat_channel, "audit show", count=3)
    assert f"**appointment.add** KEN {named.mention}" in audit.response.content
    assert f"**appointment.role** KEN {standing.mention}" in audit.response.content
    await world.env.settle()
    ken_channel, uga_channel = two_reviews["ken_channel"], two_reviews["uga_channel"]
    assert f"KEN: {named.mention}" in focal_points(ken_channel)
    assert f"KEN: {standing.mention}" in focal_points(uga_channel)
    # what only a focal point of the review may do follows the appointment
    done = await named.slash(ken_channel, "review language", first="fr")
    assert "Nothing was changed" not in done.response.content
    refused = await standing.slash(ken_channel, "review language", first="es")
    assert refused.ephemeral
    assert "needs the focal point of one of this review's States" in refused.response.content
    done = await standing.slash(uga_channel, "review language", first="fr")
    assert "Nothing was changed" not in done.response.content
    assert sees(ken_channel, standing)  # still an expert of Kenya's review
    assert not sees(uga_channel, named)  # appointed for Kenya's review only
    appointments = world.bot.services.appointments
    assert await appointments.focal_point_for(two_reviews["ken"], "KEN") == named.id
    assert await appointments.focal_point_for(two_reviews["uga"], "KEN") == standing.id


async def test_an_expert_for_one_review_does_not_see_the_other_reviews_of_the_state(
        world, two_reviews):
    expert = world.member("expert")
    answer = await appoint(world, expert, "KEN", "expert", two_reviews["uga"])
    assert "for the review UGA, cluster 1 only" in answer
    await world.env.settle()
    assert sees(two_reviews["uga_channel"], expert)
    assert not sees(two_reviews["ken_channel"], expert)
    assert "review status" not in expert.available_commands(two_reviews["ken_channel"])
    listing = await world.secretary.slash(world.secretariat_channel, "expert list", party="KEN")
    assert listing.response.content == (
        f"**Kenya (KEN)**\n{expert.mention}: expert, for the review UGA, cluster 1 only; note "
        "verbale NV/2025/117 of 20 Dec 2025")
    # the same person then appointed for all of Kenya's reviews sees both
    await appoint(world, expert, "KEN", "observer")
    await world.env.settle()
    assert sees(two_reviews["ken_channel"], expert) and sees(two_reviews["uga_channel"], expert)
    # ending the appointment for Uganda's review keeps the State-wide one there
    removed = await world.secretary.slash(world.secretariat_channel, "expert remove",
                                          member=expert, party="KEN",
                                          review=str(two_reviews["uga"]))
    assert removed.response.content.startswith(
        f"{expert.mention} no longer serves Kenya (KEN) in the review UGA, cluster 1.")
    await world.env.settle()
    assert sees(two_reviews["uga_channel"], expert)  # as an observer, for all reviews
    with pytest.raises(Exception, match="Missing Permissions"):
        await expert.send(two_reviews["uga_channel"], "An observer cannot post")


async def test_an_appointment_without_a_note_verbale_is_refused_and_changes_nothing(
        world, two_reviews):
    amina = world.member("amina")
    cases = [({}, "An appointment rests on a note verbale"),
             ({"note_verbale": "NV/2025/9"}, "An appointment rests on a note verbale"),
             ({"note_verbale": "NV/2025/9", "note_date": "20.12.2025"}, "is not a date"),
             ({"note_verbale": "NV/2025/9", "note_date": "2026-02-01"}, "dated after today")]
    for note, expected in cases:
        result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                             member=amina, party="KEN", role="expert", **note)
        assert result.ephemeral and expected in result.response.content, result.response.content
        assert "Nothing was changed." in result.response.content
    await world.env.settle()
    listing = await world.secretary.slash(world.secretariat_channel, "expert list")
    assert listing.response.content == "No one is appointed for any State party yet."
    assert not sees(two_reviews["ken_channel"], amina)
    assert dms(amina) == []
    # a State that is not one of the review's States is refused as well
    result = await world.secretary.slash(world.secretariat_channel, "expert add", member=amina,
                                         party="DEU", role="expert",
                                         review=str(two_reviews["ken"]), **NOTE)
    assert "Germany (DEU) is not one of the States of the review KEN, cluster 1" in (
        result.response.content)
    # an appointment that would change nothing is refused too
    await register(world, amina, "KEN", "expert")
    again = await appoint(world, amina, "KEN", "expert", two_reviews["ken"])
    assert again == (f"{amina.mention} is already appointed as an expert of Kenya (KEN) for all "
                     "of its reviews. Nothing was changed.")


async def test_an_output_is_cleared_by_the_focal_point_appointed_for_its_review(
        world, two_reviews):
    standing, named, expert = world.member("standing"), world.member("named"), world.member("e")
    await register(world, standing, "KEN", "focal_point")
    await register(world, expert, "KEN", "expert")
    await appoint(world, named, "KEN", "focal_point", two_reviews["ken"])
    await world.env.settle()
    channel = two_reviews["ken_channel"]
    data = b"%PDF-1.7\n% Answers of Kenya to the questionnaire\n"
    await expert.slash(channel, "output submit", kind="questionnaire", file=("answers.pdf", data))
    (post,) = [m for m in channel.history() if m.attachments]
    refused = await standing.click(post, label="Clear for Kenya")
    assert refused.ephemeral and "Nothing was changed" in (
        refused.followups[-1].content if refused.followups else refused.response.content)
    cleared = await named.click(post, label="Clear for Kenya")
    assert (cleared.followups[-1].content if cleared.followups else cleared.response.content
            ).startswith("Version 1 is cleared for Kenya.")
