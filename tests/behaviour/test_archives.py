"""Archives: a closed review keeps its channel read only for its retention period, then the
channel leaves the server, its archive kept; `/review transcript` gives the archive ZIP again
to the review's people and the secretariat, and nobody else. The archive reads like the
conversation: names with State and role, times in UTC and in the State's zone, every card's
fields, the reactions, and every attached file's bytes (hashes as in the audit log)."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import discord
import pytest

from bot.domain.readable import has_raw_markup
from bot.services.archives import read_zip
from tests.behaviour.test_call_rooms import review, schedule, ts

pytestmark = pytest.mark.usefixtures("answered_errors_only")

DAY = 24 * 3600
HOSTILE = "<script>alert('x')</script></div><img src=x onerror=alert(1)> \"quoted\" & more"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
PDF = b"%PDF-1.7 Kenya's answers to the questionnaire"


def answer_of(result) -> tuple[str, list]:
    message = result.followups[-1] if result.followups else result.response
    return message.content, message.attachments


async def audit_entries(world, action: str):
    return [e for e in await world.bot.services.audit.recent(500) if e.action == action]


async def a_review_with_its_conversation(world):
    r = await review(world)
    await schedule(world, r)
    (card,) = [m for m in r.channel.history() if m.embeds and "Dialogue on article 5" in (
        m.embeds[0].title or "") + (m.content or "")][:1]
    await r.gha.react(card, "👍")
    when = discord.utils.utcnow() + timedelta(days=3)
    secretariat = world.secretariat_role.id
    await r.ken.send(r.channel, f"{HOSTILE}\nAsk <@{r.gha.id}> before {ts(when, 'F')}; "
                                f"<@&{secretariat}> please note.",
                     attachments=[("answers.pdf", PDF), ("chart <1>.png", PNG)])
    return r


async def test_a_closed_review_past_its_retention_loses_its_channel_and_keeps_its_archive(world):
    r = await a_review_with_its_conversation(world)
    channel_id = r.channel.id
    closed = await world.secretary.slash(r.channel, "review-admin close")
    content, _ = answer_of(closed)
    assert "is closed" in content and "archived and read only" in content
    handover = world.secretariat_channel.last_message
    assert "Its archive is attached" in handover.content
    assert "The channel leaves the server after 90 days" in handover.content
    (given,) = handover.attachments
    first = await given.read()

    # read only for its retention period: still there after 89 days, gone after 90
    for _ in range(89):  # a day at a time: each day's reminders and jobs run in their turn
        await world.env.advance_time(DAY)
    assert world.env.backend.channels.get(channel_id) is not None
    await world.env.advance_time(DAY + 60)
    assert world.env.backend.channels.get(channel_id) is None
    (removed,) = await audit_entries(world, "review.channel_removed")
    (final,) = await audit_entries(world, "review.archive.final")
    assert removed.details["sha256"] == final.details["sha256"]
    # a reconcile does not make the channel again
    await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert "ken-criminalization" not in world.guild.channels

    # the review's people have the archive again, from anywhere
    result = await r.gha_observer.slash(world.general, "review transcript", review="KEN 1")
    assert result.ephemeral
    content, files = answer_of(result)
    assert "The archive of the review of Kenya (KEN) in cluster 1" in content
    (zipped,) = files
    data = await zipped.read()
    assert hashlib.sha256(data).hexdigest() == final.details["sha256"] in content
    archive = read_zip(data)
    assert {"transcript.html", "transcript.md", "transcript.json"} <= set(archive)
    assert read_zip(first)["attachments/" + [p for p in archive if "answers" in p][0].split(
        "/", 1)[1]] == PDF

    html = archive["transcript.html"].decode()
    markdown = archive["transcript.md"].decode()
    for text in (html, markdown):
        assert not has_raw_markup(text)
        # the status card's fields and the call card's local times
        assert "Reviewing States" in text and "Focal points" in text
        assert "16:00–17:00 EAT" in text and "22:00–23:00 JST" in text
        # names with State and role; the time in UTC and in Kenya's zone
        assert "gha (Ghana, focal point)" in text and "(Africa/Nairobi)" in text
        assert "jpn (Japan, focal point)" in text  # named on the card only, never writing
        assert "👍 1: gha (Ghana, focal point)" in text
    # everything people wrote is escaped in the page; it runs no script
    assert "<script>" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;/div&gt;" in html
    assert "&quot;quoted&quot; &amp; more" in html
    assert "<strong>Organized Crime Convention</strong>" in html  # Discord's bold, shown so
    assert "@Secretariat please note" in markdown
    # every attachment's bytes, linked from the page, hashed as the audit log says
    kept = {f["name"]: f for f in final.details["files"]}
    for name, body in (("answers.pdf", PDF), ("chart <1>.png", PNG)):
        path = kept[name]["path"]
        assert archive[path] == body
        assert kept[name]["sha256"] == hashlib.sha256(body).hexdigest()
        assert f'href="{path}"' in html and f"]({path})" in markdown
    assert '<img src="attachments/' in html
    machine = json.loads(archive["transcript.json"])
    assert machine["files"][kept["answers.pdf"]["path"]] == kept["answers.pdf"]["sha256"]


async def test_the_archive_is_for_the_reviews_people_and_the_secretariat_only(world):
    r = await a_review_with_its_conversation(world)
    await world.secretary.slash(r.channel, "review-admin close")
    refused = await r.fra.slash(world.general, "review transcript", review="KEN 1")
    content, files = answer_of(refused)
    assert refused.ephemeral and files == [] and "No review of yours" in content
    outsider = await world.outsider.slash(world.general, "review transcript", review="KEN 1")
    assert outsider.ephemeral and "needs" in answer_of(outsider)[0]
    choices = await r.fra.autocomplete(world.general, "review transcript", "review", "")
    assert choices == []
    choices = await r.ken.autocomplete(world.general, "review transcript", "review", "")
    assert [c["name"] for c in choices] == ["Kenya (KEN), cluster 1 (Closed)"]
    mine = await r.ken.slash(world.general, "review transcript", review=choices[0]["value"])
    assert [a.filename for a in answer_of(mine)[1]] == [
        "archive-ken-criminalization-review-1.zip"]
    desk = await world.secretary.slash(world.secretariat_channel, "review transcript",
                                       review="KEN 1")
    assert len(answer_of(desk)[1]) == 1


async def test_a_review_not_closed_has_no_archive_yet(world):
    r = await review(world)
    result = await r.ken.slash(r.channel, "review transcript")
    content, files = answer_of(result)
    assert files == [] and "no archive yet" in content


async def test_an_archived_channel_deleted_by_hand_is_not_made_again_empty(world):
    r = await a_review_with_its_conversation(world)
    await world.secretary.slash(r.channel, "review-admin close")
    await world.bot.get_channel(r.channel.id).delete()
    await world.env.settle()
    await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
    assert "ken-criminalization" not in world.guild.channels
    result = await r.ken_expert.slash(world.general, "review transcript", review="KEN 1")
    (zipped,) = answer_of(result)[1]
    archive = read_zip(await zipped.read())
    assert PDF in archive.values()
    assert "&lt;script&gt;" in archive["transcript.html"].decode()
