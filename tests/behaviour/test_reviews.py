"""Review channels, as the people of a review (and those outside it) see them."""

from __future__ import annotations

import json

import discord
import pytest
from simcord import BackendError

from bot.services.archives import read_zip
from tests.behaviour.review_support import (
    CHANNEL,
    card_of,
    open_triad,
    register,
    rest_calls,
    sees,
)

pytestmark = pytest.mark.usefixtures("answered_errors_only")


@pytest.fixture
async def triad(world):
    people = {
        "ken_fp": ("KEN", "focal_point"), "ken_expert": ("KEN", "expert"),
        "gha_expert": ("GHA", "expert"), "fra_fp": ("FRA", "focal_point"),
        "fra_observer": ("FRA", "observer"), "bra_expert": ("BRA", "expert"),
    }
    members = {}
    for name, (party, role) in people.items():
        members[name] = world.member(name)
        await register(world, members[name], party, role)
    await open_triad(world)
    return members


async def test_only_the_three_states_and_the_secretariat_see_the_review_channel(world, triad):
    channel = world.guild.channels[CHANNEL]
    for name in ("ken_fp", "ken_expert", "gha_expert", "fra_fp", "fra_observer"):
        assert sees(channel, triad[name]), name
        assert "review status" in triad[name].available_commands(channel)
    assert sees(channel, world.secretary)
    # a registered person of a fourth State, and a member with no role, cannot open it
    for stranger in (triad["bra_expert"], world.outsider):
        assert not sees(channel, stranger)
        assert stranger.available_commands(channel) == ()
        with pytest.raises(BackendError):
            await stranger.send(channel, "Hello?")
    # experts and focal points write; an observer reads but cannot post
    await triad["gha_expert"].send(channel, "Ghana's experts are ready.")
    await triad["ken_fp"].send(channel, "Welcome to the review of Kenya.")
    with pytest.raises(BackendError, match="Missing Permissions"):
        await triad["fra_observer"].send(channel, "A comment from an observer")
    seen = [m.content for m in channel.history(viewer=triad["fra_observer"])]
    assert "Welcome to the review of Kenya." in seen
    # the status card is pinned and names what is reviewed and by whom
    card = card_of(channel).embeds[0]
    assert card.title == "Review of Kenya (KEN) — cluster 1: Criminalization and jurisdiction"
    fields = {f.name: f.value for f in card.fields}
    assert "**Organized Crime Convention**: articles 2, 5, 6, 10, 15 and 23" in fields[
        "Instruments and articles under review"]
    assert fields["Reviewing States"].startswith("Ghana (GHA), same regional group")
    assert f"KEN: {triad['ken_fp'].mention}" in fields["Focal points"]
    assert "GHA: not appointed yet" in fields["Focal points"]
    assert "<t:" in fields["Deadlines"] and fields["Stage"] == "Opened"


async def test_adding_an_expert_opens_every_review_of_their_state_and_removing_closes(world):
    await open_triad(world, "KEN", "GHA", "FRA")
    await open_triad(world, "ARG", "MEX", "FRA")
    await open_triad(world, "NGA", "GHA", "ESP")
    channels = [world.guild.channels[n] for n in
                ("ken-criminalization", "arg-criminalization", "nga-criminalization")]
    newcomer = world.member("newcomer")
    assert not any(sees(c, newcomer) for c in channels)
    await register(world, newcomer, "FRA", "expert")
    assert [sees(c, newcomer) for c in channels] == [True, True, False]
    await newcomer.send(channels[1], "France's expert has joined.")
    removed = await world.secretary.slash(world.secretariat_channel, "expert remove",
                                          member=newcomer, party="FRA")
    assert "no longer serves France (FRA) in any review" in removed.response.content
    assert not any(sees(c, newcomer) for c in channels)


async def test_a_second_reconcile_sends_no_request(world, triad):
    await open_triad(world, "ARG", "MEX", "FRA")
    first = await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert first.response.content.startswith("Checked 2 reviews")
    since = len(world.env.http_requests)
    second = await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert second.response.content == (
        "Checked 2 reviews: 0 channels created, 0 status cards posted.")
    assert rest_calls(world, since) == []


async def test_a_restarted_bot_finds_everything_in_place_and_sends_nothing(world, triad,
                                                                          bot_factory):
    since = len(world.env.http_requests)
    await world.env.restart_bot(bot_factory())  # the start-up reconcile runs on ready
    await world.env.advance_time(0)
    calls = [c for c in rest_calls(world, since)
             if "/applications/" not in c and "/oauth2/" not in c and "/gateway" not in c]
    assert calls == []
    assert sees(world.guild.channels[CHANNEL], triad["ken_fp"])


async def test_a_channel_deleted_by_hand_comes_back_with_the_same_overwrites(world, triad):
    old = world.guild.channels[CHANNEL]
    before = {(o.target_id, o.type, o.allow, o.deny)
              for o in world.env.backend.channels[old.id].overwrites}
    # someone with Manage Channels deletes it in their client
    world.env.backend.delete_channel(old.id)
    await world.env.settle()
    result = await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert result.response.content.startswith("Checked 1 review:")
    new = world.guild.channels[CHANNEL]
    assert new.id != old.id
    after = {(o.target_id, o.type, o.allow, o.deny)
             for o in world.env.backend.channels[new.id].overwrites}
    assert after == before
    assert sees(new, triad["ken_fp"]) and not sees(new, triad["bra_expert"])
    assert card_of(new).embeds[0].title.startswith("Review of Kenya (KEN)")
    # the bot knows the new channel as the review's channel
    status = await triad["ken_fp"].slash(new, "review status")
    assert status.response.embeds[0].title.startswith("Review of Kenya (KEN)")


async def test_the_card_is_edited_in_place_when_the_stage_changes(world, triad):
    channel = world.guild.channels[CHANNEL]
    card = card_of(channel)
    refused = await triad["gha_expert"].slash(channel, "review stage",
                                              stage="questionnaire_submitted")
    assert "needs" in refused.response.content and "focal point" in refused.response.content
    wrong = await triad["fra_fp"].slash(channel, "review stage", stage="questionnaire_submitted")
    assert "the focal point of the State under review" in wrong.response.content
    since = len(world.env.http_requests)
    done = await triad["ken_fp"].slash(channel, "review stage", stage="questionnaire_submitted")
    assert "Self-assessment questionnaire submitted" in done.response.content
    assert rest_calls(world, since) == [f"PATCH /channels/{channel.id}/messages/{card.id}"]
    edited = card_of(channel)
    assert edited.id == card.id
    fields = {f.name: f.value for f in edited.embeds[0].fields}
    assert fields["Stage"] == "Self-assessment questionnaire submitted"
    assert "The written feedback of the reviewing States" in fields["Deadlines"]
    bot_posts = [m for m in channel.history() if m.author.id == world.bot.user.id and m.embeds]
    assert len(bot_posts) == 1


async def test_closing_archives_the_channel_read_only_and_hands_over_the_transcript(world, triad):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    channel = world.guild.channels[CHANNEL]
    await triad["ken_fp"].send(channel, "Our answers to the questionnaire are attached.",
                               attachments=[("answers-KEN.pdf", b"%PDF-1.7 answers")])
    bot_channel = world.bot.get_channel(channel.id)
    thread = await bot_channel.create_thread(name="Article 5",
                                             type=discord.ChannelType.public_thread)
    await world.env.settle()
    (thread_handle,) = channel.threads
    await triad["gha_expert"].send(thread_handle, "Could Kenya clarify article 5?")
    outsider_try = await triad["fra_fp"].slash(channel, "review-admin close")
    assert "needs the secretariat role" in outsider_try.response.content
    closed = await world.secretary.slash(channel, "review-admin close")
    assert "is closed" in closed.response.content and "read only" in closed.response.content
    archived = world.guild.channels[CHANNEL]
    assert archived.id == channel.id
    parent = world.env.backend.channels[world.env.backend.channels[channel.id].parent_id]
    assert parent.name == "Archived reviews"
    for name in ("ken_fp", "gha_expert", "fra_fp"):
        assert sees(archived, triad[name])
        with pytest.raises(BackendError, match="Missing Permissions"):
            await triad[name].send(archived, "One more thing")
    assert not sees(archived, triad["bra_expert"])
    handover = world.secretariat_channel.last_message
    assert "is closed" in handover.content and "archive is attached" in handover.content
    (zipped,) = handover.attachments
    assert zipped.filename == "archive-ken-criminalization-review-1.zip"
    files = read_zip(await zipped.read())
    assert "attachments/" in "".join(files)
    markdown = files["transcript.md"].decode()
    assert "Our answers to the questionnaire are attached." in markdown
    assert "answers-KEN.pdf" in markdown
    assert "## Thread “Article 5”" in markdown and "Could Kenya clarify article 5?" in markdown
    data = json.loads(files["transcript.json"])
    assert data["review"]["sur"] == "KEN"
    (kept_file,) = [a for m in data["messages"] for a in m["attachments"]]
    assert kept_file["filename"] == "answers-KEN.pdf"
    assert files[kept_file["path"]] == b"%PDF-1.7 answers"
    (kept,) = data["threads"]
    assert kept["id"] == str(thread.id) and kept["name"] == "Article 5"
    assert kept["messages"][0]["content"] == "Could Kenya clarify article 5?"
