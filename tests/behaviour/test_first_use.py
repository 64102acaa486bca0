"""What a new user meets first reads right: counts, suggestions, choices and registrations."""

from __future__ import annotations

from typing import Any

from tests.behaviour.review_support import open_triad, register

REVIEW_COMMANDS_NAMING_A_STATE = (
    "review-admin open", "review-admin assign", "review-admin close", "review-admin pause",
    "review-admin resume", "review stage",
)


def synced_option(world, command: str, sub: str, option: str) -> dict[str, Any]:
    """The option as Discord received it from the bot's command sync."""
    root = world.env.backend.find_command(command, world.guild.id)
    (leaf,) = [o for o in root["options"] if o["name"] == sub]
    (found,) = [o for o in leaf["options"] if o["name"] == option]
    return found


async def test_every_review_command_suggests_states_as_party_show_does(world):
    for name in REVIEW_COMMANDS_NAMING_A_STATE:
        assert synced_option(world, *name.split(), "sur").get("autocomplete") is True, name
        offered = await world.secretary.autocomplete(world.secretariat_channel, name, "sur", "ken")
        assert {"name": "Kenya (KEN)", "value": "KEN"} in offered, name
    offered = await world.secretary.autocomplete(
        world.secretariat_channel, "review-admin close", "sur", "ivoire")
    assert [c["value"] for c in offered] == ["CIV"]


def test_cluster_choices_read_the_same_in_review_and_draw_commands(world):
    review = synced_option(world, "review-admin", "open", "cluster")["choices"]
    draw = synced_option(world, "draw-admin", "open", "cluster")["choices"]
    assert review == draw
    assert [c["value"] for c in review] == [1, 2, 3, 4]
    assert review[0]["name"].startswith("1 · ")


async def test_a_registration_names_one_focal_point_and_one_of_several_experts(world):
    fp, expert, observer = world.member("fp"), world.member("expert"), world.member("observer")
    said = {}
    for member, role in ((fp, "focal_point"), (expert, "expert"), (observer, "observer")):
        result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                             member=member, party="KEN", role=role,
                                             note_verbale="NV/2025/1", note_date="2020-06-15")
        said[role] = result.response.content
    for member, role, named in ((fp, "focal_point", "the focal point"),
                                (expert, "expert", "an expert"),
                                (observer, "observer", "an observer")):
        assert said[role].startswith(
            f"{member.mention} is now appointed as {named} of Kenya (KEN) for all of its reviews")


async def test_one_review_is_counted_as_one(world):
    ken = world.member("ken_fp")
    await register(world, ken, "KEN", "focal_point")
    await open_triad(world, "KEN", "GHA", "FRA")
    mine = await ken.slash(world.general, "review status")
    assert mine.response.content.splitlines()[0] == "1 review:"
