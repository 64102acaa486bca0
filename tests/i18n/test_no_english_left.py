"""A French-speaking secretariat and French-speaking experts use the bot end to end; no reply,
card or form they read holds English the bot wrote. Codes, mentions, timestamps, command
names in backticks, country names from the registry and what people typed are left aside."""

from __future__ import annotations

import re

import pytest

from tests.behaviour.review_support import CHANNEL

pytestmark = pytest.mark.usefixtures("answered_errors_only")

ENGLISH = re.compile(
    r"\b(the|is|are|was|were|you|your|this|that|with|please|nothing|changed|has|have|been|"
    r"will|not|of|and|for|to|in|by|no|review|call|request|answer|reviewing|cluster|"
    r"registered|yet|now|there)\b", re.IGNORECASE)
DATES = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|"
                   r"Dec)\b")  # English dates; French writes "mar.", "déc."
WRITTEN = ("Dialogue sur l'article 5", "La loi couvre-t-elle la participation ?")
COUNTRIES = ("Kenya", "France", "Ghana", "Japan")


def english_in(text: str) -> list[str]:
    """The English words left in a text once codes, mentions and written content are out."""
    for kept in WRITTEN + COUNTRIES:
        text = text.replace(kept, " ")
    text = re.sub(r"`[^`]*`|<[@#t/][^>]*>|https?://\S+|\b[A-Z]{3}\b|\b[\w./+-]+/[\w./+-]+\b"
                  r"|[\w-]+\.csv \([^)]*\)", " ", text)  # the registry's source, as recorded
    return ENGLISH.findall(text) + DATES.findall(text)


def shown(result) -> list[str]:
    """Everything the person reads of a reply: text, cards, the last follow-up."""
    message = result.followups[-1] if result.followups else result.response
    texts = [message.content or ""]
    for embed in message.embeds:
        texts += [embed.title or "", embed.description or ""]
        texts += [f"{f.name} {f.value}" for f in embed.fields]
        texts.append(embed.footer.text or "" if embed.footer else "")
    return texts


def assert_french(label: str, result) -> None:
    found = {text: english_in(text) for text in shown(result)}
    left = {text: words for text, words in found.items() if words}
    assert not left, f"{label}: English left in {left}"


async def test_a_french_secretariat_and_french_experts_read_no_english(world, client_locale):
    sec, desk = world.secretary, world.secretariat_channel
    ken, fra = world.member("ken_fp"), world.member("fra_expert")
    gha = world.member("gha_fp")
    for person in (sec, ken, fra, gha):
        client_locale[person.id] = "fr"

    seen = [("party show", await sec.slash(desk, "party show", party="KEN"))]
    for member, party, role in ((ken, "KEN", "focal_point"), (fra, "FRA", "expert"),
                                (gha, "GHA", "focal_point")):
        seen.append(("expert add", await sec.slash(desk, "expert add", member=member,
                                                   party=party, role=role,
                                                   note_verbale="NV/2025/1",
                                                   note_date="2020-06-15")))
    seen.append(("expert list", await sec.slash(desk, "expert list")))
    seen.append(("review-admin open", await sec.slash(desk, "review-admin open", sur="KEN",
                                                      cluster=1)))
    seen.append(("review-admin assign", await sec.slash(
        desk, "review-admin assign", sur="KEN", cluster=1, same_group="GHA",
        other_group="FRA", reason="Convenu lors de la réunion intersessions")))
    channel = world.guild.channels[CHANNEL]
    seen.append(("review status", await fra.slash(channel, "review status")))
    seen.append(("clarify ask", await fra.slash(channel, "clarify ask", question=WRITTEN[1],
                                                due="10")))
    seen.append(("clarify list", await fra.slash(channel, "clarify list")))
    seen.append(("call schedule", await ken.slash(
        channel, "call schedule", title=WRITTEN[0], start="2026-01-15T14:00 Europe/Vienna",
        duration="1h30")))
    seen.append(("call list", await ken.slash(channel, "call list")))
    seen.append(("call schedule, bad time", await ken.slash(
        channel, "call schedule", title=WRITTEN[0], start="demain", duration="60")))
    seen.append(("call reschedule, past", await ken.slash(
        channel, "call reschedule", call=1, start="2025-01-01T10:00 Europe/Vienna")))
    seen.append(("timezone", await ken.slash(channel, "timezone")))
    seen.append(("draw status", await sec.slash(desk, "draw status")))
    seen.append(("review-admin pause", await sec.slash(desk, "review-admin pause", sur="KEN",
                                                       cluster=1)))
    seen.append(("review-admin resume", await sec.slash(desk, "review-admin resume",
                                                        sur="KEN", cluster=1)))
    seen.append(("report status", await sec.slash(desk, "report status")))
    seen.append(("review-admin overview", await sec.slash(desk, "review-admin overview")))
    for label, result in seen:
        assert result.ephemeral, label
        assert_french(label, result)
    report, overview = (shown(seen[-2][1])[0], shown(seen[-1][1])[0])
    assert report.startswith("**État d'avancement des examens de pays (au ")
    assert overview.startswith("**Examens pour le suivi du secrétariat**")
    # and the check itself would see English: the same command in English is caught
    client_locale[sec.id] = "en-US"
    english = await sec.slash(desk, "draw status")
    assert english_in(shown(english)[0])
