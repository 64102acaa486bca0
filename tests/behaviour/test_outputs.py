"""Outputs of a review's steps: drafts kept by the bot, cleared by the right focal point only."""

from __future__ import annotations

import hashlib
import io
import zipfile

import discord
import pytest
from docx import Document

from bot.services.archives import read_zip
from tests.behaviour.review_support import card_of, open_triad, register

pytestmark = pytest.mark.usefixtures("answered_errors_only")

CHANNEL = "ken-criminalization"
PEOPLE = {
    "ken_fp": ("KEN", "focal_point"), "ken_expert": ("KEN", "expert"),
    "ken_observer": ("KEN", "observer"), "gha_fp": ("GHA", "focal_point"),
    "gha_expert": ("GHA", "expert"), "fra_fp": ("FRA", "focal_point"),
    "bra_expert": ("BRA", "expert"),
}
ANSWERS = b"%PDF-1.7\n% Answers of Kenya to the questionnaire, cluster 1\n" + bytes(range(256))


def docx_bytes(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.fixture
async def triad(world):
    members = {}
    for name, (party, role) in PEOPLE.items():
        members[name] = world.member(name)
        await register(world, members[name], party, role)
    await open_triad(world)
    return members


def channel_of(world):
    return world.guild.channels[CHANNEL]


def answer_of(result) -> str:
    return result.followups[-1].content if result.followups else result.response.content


def posts(world) -> list:
    return [m for m in channel_of(world).history() if m.attachments]


async def submit(world, member, kind: str, name: str, data: bytes):
    result = await member.slash(channel_of(world), "output submit", kind=kind, file=(name, data))
    assert result.ephemeral
    return result


async def stored_versions(world) -> int:
    row = await world.bot.services.store.fetchone("SELECT count(*) AS n FROM output_versions")
    return int(row["n"])


async def test_a_draft_is_kept_and_given_again_byte_for_byte_after_its_post_is_deleted(
        world, triad):
    done = await submit(world, triad["ken_expert"], "questionnaire", "answers.pdf", ANSWERS)
    assert answer_of(done).startswith(
        "Version 1 of **Answers of Kenya to the self-assessment questionnaire** is kept")
    (post,) = posts(world)
    assert "Answers of Kenya to the self-assessment questionnaire**, version 1" in post.content
    assert hashlib.sha256(ANSWERS).hexdigest() in post.content
    assert "Kenya: awaiting its focal point's clearance" in post.content
    assert [b.label for row in post.components for b in row.children] == ["Clear for Kenya"]
    assert await post.attachments[0].read() == ANSWERS
    tidy = world.guild.create_role("Moderator", permissions=discord.Permissions(
        manage_messages=True))
    moderator = world.member("moderator", world.secretariat_role, tidy)
    await moderator.delete(post)
    assert all(m.id != post.id for m in channel_of(world).history())
    for reader in (triad["ken_observer"], triad["fra_fp"], world.secretary):
        again = await reader.slash(channel_of(world), "output get", kind="questionnaire")
        assert again.ephemeral
        (file,) = again.response.attachments
        assert file.filename == "answers.pdf" and await file.read() == ANSWERS
    listed = await triad["gha_fp"].slash(channel_of(world), "output list")
    assert "**Answers of Kenya to the self-assessment questionnaire** v1: “answers.pdf”" in (
        listed.response.content)
    assert "awaiting clearance" in listed.response.content


async def test_only_the_states_focal_point_clears_and_the_stage_and_deadline_follow(
        world, triad):
    await submit(world, triad["ken_expert"], "questionnaire", "answers.pdf", ANSWERS)
    (post,) = posts(world)
    before = post.content
    for who in ("gha_fp", "ken_expert", "ken_observer"):
        refused = await triad[who].click(post, label="Clear for Kenya")
        assert refused.ephemeral, who
        assert "Nothing was changed" in answer_of(refused), (who, answer_of(refused))
    (post,) = posts(world)
    assert post.content == before  # nothing changed
    assert card_of(channel_of(world)).embeds[0].description.endswith(
        "Stage: **Opened**.")
    cleared = await triad["ken_fp"].click(post, label="Clear for Kenya")
    assert cleared.ephemeral
    assert answer_of(cleared).startswith("Version 1 is cleared for Kenya. Every State concerned "
                                         "has cleared it: the review is now at the stage "
                                         "“Self-assessment questionnaire submitted”")
    (post,) = posts(world)
    assert "State: **agreed: cleared by every State concerned**." in post.content
    assert f"Kenya: cleared by {triad['ken_fp'].mention}" in post.content
    assert not [b for row in post.components for b in row.children]
    card = card_of(channel_of(world)).embeds[0]
    assert "Stage: **Self-assessment questionnaire submitted**." in card.description
    deadlines = next(f.value for f in card.fields if f.name == "Deadlines")
    # the written feedback's six months start on the day the answers were cleared
    assert "The written feedback of the reviewing States" in deadlines
    assert "<t:1782896400:D>" in deadlines  # 1 July 2026, 09:00 UTC
    # a second click changes nothing
    again = await triad["ken_fp"].slash(channel_of(world), "output list")
    assert "agreed" in again.response.content


async def test_a_newer_draft_reopens_clearance_and_keeps_the_earlier_versions(world, triad):
    await submit(world, triad["ken_expert"], "questionnaire", "answers.pdf", ANSWERS)
    (first,) = posts(world)
    second_bytes = b"# Answers of Kenya, revised\n\nArticle 5: section 4 of the Act.\n"
    await submit(world, triad["ken_fp"], "questionnaire", "answers-v2.md", second_bytes)
    first, second = posts(world)
    assert "superseded by a newer version (kept)" in first.content
    assert not [b for row in first.components for b in row.children]
    refused = await triad["ken_fp"].slash(channel_of(world), "output get", kind="questionnaire",
                                          version=1)
    assert await refused.response.attachments[0].read() == ANSWERS  # the earlier one is kept
    await triad["ken_fp"].click(second, label="Clear for Kenya")
    third_bytes = docx_bytes("Answers of Kenya, third draft")
    await submit(world, triad["ken_expert"], "questionnaire", "answers.docx", third_bytes)
    first, second, third = posts(world)
    assert "agreed: cleared by every State concerned" in second.content  # never changes
    assert "State: **awaiting clearance**." in third.content
    assert [b.label for row in third.components for b in row.children] == ["Clear for Kenya"]
    got = await triad["gha_fp"].slash(channel_of(world), "output get", kind="questionnaire",
                                      version=2)
    assert await got.response.attachments[0].read() == second_bytes
    card = card_of(channel_of(world)).embeds[0]
    assert "Stage: **Self-assessment questionnaire submitted**." in card.description


async def test_feedback_of_each_reviewer_moves_the_stage_and_the_secretariat_clears_with_a_reason(
        world, triad):
    channel = channel_of(world)
    offered = await triad["ken_fp"].autocomplete(channel, "output get", "party", "")
    assert [c["value"] for c in offered] == ["FRA", "GHA"]
    await submit(world, triad["gha_expert"], "feedback", "feedback-gha.txt", b"Ghana's feedback")
    await submit(world, triad["fra_fp"], "feedback", "feedback-fra.txt", b"France's feedback")
    gha, fra = posts(world)
    assert "Written feedback of Ghana**" in gha.content
    got = await triad["ken_fp"].slash(channel, "output get", kind="feedback", party="FRA")
    assert await got.response.attachments[0].read() == b"France's feedback"
    unnamed = await triad["ken_fp"].slash(channel, "output get", kind="feedback")
    assert "Name the reviewing State whose written feedback you want" in answer_of(unnamed)
    assert [b.label for row in fra.components for b in row.children] == ["Clear for France"]
    await triad["gha_fp"].click(gha, label="Clear for Ghana")
    assert "Stage: **Opened**." in card_of(channel).embeds[0].description
    form = await world.secretary.click(fra, label="Clear for France")
    done = await world.secretary.submit_modal(form, {
        "reason": "The focal point of France confirmed by note verbale of 3 March"})
    assert "the review is now at the stage “Written feedback sent”" in answer_of(done)
    (_gha, fra) = posts(world)
    assert "France: cleared on its behalf by the secretariat" in fra.content
    assert "note verbale of 3 March" in fra.content
    assert "Stage: **Written feedback sent**." in card_of(channel).embeds[0].description
    entries = await world.bot.services.audit.recent(20)
    assert any(e.action == "output.clear" and e.details.get("on_behalf") for e in entries)


async def test_observations_and_summary_need_all_three_and_only_an_agreed_summary_is_published(
        world, triad):
    channel = channel_of(world)
    refused = await world.secretary.slash(channel, "output-admin publish")
    assert "No version of the summary is cleared by all three States" in answer_of(refused)
    await submit(world, triad["gha_expert"], "summary", "summary.docx", docx_bytes("Summary"))
    (post,) = posts(world)
    labels = [b.label for row in post.components for b in row.children]
    assert labels == ["Clear for Kenya", "Clear for France", "Clear for Ghana"]
    for who, label in (("ken_fp", "Kenya"), ("gha_fp", "Ghana")):
        await triad[who].click(posts(world)[0], label=f"Clear for {label}")
    assert "Stage: **Opened**." in card_of(channel).embeds[0].description
    done = await triad["fra_fp"].click(posts(world)[0], label="Clear for France")
    assert "the review is now at the stage “Summary agreed”" in answer_of(done)
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    outsider = await triad["ken_fp"].slash(channel, "output-admin publish")
    assert "needs the secretariat role" in answer_of(outsider)
    published = await world.secretary.slash(channel, "output-admin publish")
    assert "Version 1 of the summary is marked for publication" in answer_of(published)
    assert "marked for publication by the secretariat" in posts(world)[0].content


@pytest.mark.parametrize(("name", "data", "why"), [
    ("tool.exe", b"MZ\x90\x00", "is not a file the bot keeps as an output"),
    ("answers.pdf", b"<html>not a pdf</html>", "does not hold what its name says"),
    ("answers.docx", b"PK\x03\x04 broken zip", "does not hold what its name says"),
    ("notes.txt", b"\xff\xfe\x00bin\x00", "does not hold what its name says"),
    ("big.pdf", b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "is larger than 10 MB"),
])
async def test_a_forbidden_or_oversized_file_is_refused_and_nothing_is_stored(
        world, triad, name, data, why):
    before = len(channel_of(world).history())
    refused = await submit(world, triad["ken_expert"], "questionnaire", name, data)
    assert why in answer_of(refused) and "Nothing was stored." in answer_of(refused)
    assert await stored_versions(world) == 0
    assert len(channel_of(world).history()) == before


async def test_only_the_owning_states_people_submit_and_only_the_review_sees_outputs(
        world, triad):
    wrong = await submit(world, triad["gha_expert"], "questionnaire", "a.pdf", ANSWERS)
    assert "Only the experts and the focal point of the State under review" in answer_of(wrong)
    observer = await submit(world, triad["ken_observer"], "questionnaire", "a.pdf", ANSWERS)
    assert "needs" in answer_of(observer)
    assert await stored_versions(world) == 0
    await submit(world, triad["ken_expert"], "questionnaire", "a.pdf", ANSWERS)
    # people of another State, and anyone else, get nothing out of this review
    for member in (triad["bra_expert"], world.outsider):
        elsewhere = await member.slash(world.general, "output get", kind="questionnaire")
        assert elsewhere.ephemeral and not elsewhere.response.attachments
        assert "only inside a review channel" in answer_of(elsewhere)


async def test_templates_open_in_a_docx_reader_and_hold_the_reviews_facts(world, triad):
    for kind, heading in (("observations", "List of observations: review of Kenya"),
                          ("summary", "Summary: review of Kenya")):
        result = await triad["gha_expert"].slash(channel_of(world), "output template", kind=kind)
        (file,) = result.response.attachments
        assert file.filename.endswith("-ken-cluster-1.docx")
        data = await file.read()
        assert zipfile.is_zipfile(io.BytesIO(data))
        doc = Document(io.BytesIO(data))
        text = "\n".join(p.text for p in doc.paragraphs)
        cells = "\n".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
        assert doc.core_properties.title == heading and heading in text
        assert "Kenya" in cells and "Ghana" in cells and "France" in cells
        assert "Organized Crime Convention: articles 2, 5, 6, 8, 9, 10, 15 and 23" in cells or (
            "Organized Crime Convention" in cells)
        assert "Thursday 1 January 2026" in cells or "1 January 2026" in cells
        if kind == "observations":
            assert "Article 5" in text and "Technical assistance needs" in text
        else:
            assert "The review of Kenya was conducted by Ghana and France." in text


async def test_a_clear_button_works_after_a_restart(world, triad, bot_factory):
    await submit(world, triad["ken_expert"], "questionnaire", "answers.pdf", ANSWERS)
    await world.env.restart_bot(bot_factory())
    done = await triad["ken_fp"].click(posts(world)[0], label="Clear for Kenya")
    assert "Version 1 is cleared for Kenya." in answer_of(done)


async def test_the_transcript_lists_every_version_with_its_digest_and_clearances(world, triad):
    await submit(world, triad["ken_expert"], "questionnaire", "answers.pdf", ANSWERS)
    await triad["ken_fp"].click(posts(world)[0], label="Clear for Kenya")
    await submit(world, triad["ken_expert"], "questionnaire", "answers.txt", b"Revised answers")
    before = len(world.secretariat_channel.history())
    await world.secretary.slash(channel_of(world), "review-admin close")
    handed = [a for m in world.secretariat_channel.history()[before:] for a in m.attachments]
    archive = read_zip(await next(a for a in handed if a.filename.endswith(".zip")).read())
    text = archive["transcript.md"].decode()
    assert "## Outputs (2 versions)" in text
    digest = hashlib.sha256(ANSWERS).hexdigest()
    assert (f"- Answers of Kenya to the self-assessment questionnaire, version 1: answers.pdf "
            f"({len(ANSWERS)} bytes, SHA-256 {digest}), submitted by ken_expert (Kenya, "
            "expert) on ") in text
    assert "cleared for KEN by its focal point ken_fp (Kenya, focal point), " in text
    assert "version 2: answers.txt (15 bytes" in text and "; not agreed." in text
    assert archive["outputs/questionnaire-KEN/v1-answers.pdf"] == ANSWERS
    assert 'href="outputs/questionnaire-KEN/v2-answers.txt"' in archive[
        "transcript.html"].decode()
    # the bot's own copies, for the review's archive
    files = await world.bot.services.outputs.archive(1)
    names = [f.name for f in files]
    assert names == ["outputs/outputs.json", "outputs/questionnaire-KEN/v1-answers.pdf",
                     "outputs/questionnaire-KEN/v2-answers.txt"]
    assert files[1].data == ANSWERS


async def test_a_template_comes_in_the_readers_language_right_to_left_in_arabic(world, triad):
    await triad["ken_fp"].slash(world.general, "language", language="ar")
    result = await triad["ken_fp"].slash(channel_of(world), "output template", kind="summary")
    doc = Document(io.BytesIO(await result.response.attachments[0].read()))
    assert doc.core_properties.title.startswith("الموجز")
    assert "كينيا" in doc.core_properties.title or "Kenya" in doc.core_properties.title
    first = doc.paragraphs[0]._p
    assert first.pPr is not None and first.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi") is not None


async def test_a_post_discord_refused_is_made_later_once_and_the_reply_says_so(world, triad):
    channel = channel_of(world)
    world.env.inject_error("POST", f"/channels/{channel.id}/messages", status=503, times=2)
    done = await submit(world, triad["ken_expert"], "questionnaire", "answers.pdf", ANSWERS)
    assert "is kept by the bot" in answer_of(done)
    assert "Discord did not take its post in this channel just now" in answer_of(done)
    assert posts(world) == [] and await stored_versions(world) == 1
    await world.env.advance_time(10 * 60)  # the job's back-off: one minute, then two
    (post,) = posts(world)
    assert await post.attachments[0].read() == ANSWERS
    await world.env.advance_time(3600)
    assert len(posts(world)) == 1  # and never a second time
