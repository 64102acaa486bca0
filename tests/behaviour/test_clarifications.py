"""Clarification requests, as the people of a review (and those outside it) see them."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import pytest
from simcord import BackendError, SetupError

pytestmark = pytest.mark.usefixtures("answered_errors_only")

CHANNEL = "ken-criminalization"
REASON = "Agreed with the States concerned at the intersessional meeting"
DAY = 24 * 3600
PEOPLE = {
    "ken_fp": ("KEN", "focal_point"), "ken_expert": ("KEN", "expert"),
    "ken_observer": ("KEN", "observer"), "gha_fp": ("GHA", "focal_point"),
    "fra_fp": ("FRA", "focal_point"), "fra_expert": ("FRA", "expert"),
    "bra_expert": ("BRA", "expert"),
}


async def register(world, member, party: str, role: str) -> None:
    result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                         member=member, party=party, role=role,
                                         note_verbale="NV/2025/1", note_date="2020-06-15")
    assert " is now " in result.response.content, result.response.content


@pytest.fixture
async def triad(world):
    members = {}
    for name, (party, role) in PEOPLE.items():
        members[name] = world.member(name)
        await register(world, members[name], party, role)
    opened = await world.secretary.slash(world.secretariat_channel, "review-admin open", sur="KEN",
                                         cluster=1)
    assert "is open" in opened.response.content
    assigned = await world.secretary.slash(world.secretariat_channel, "review-admin assign",
                                           sur="KEN", cluster=1, same_group="GHA",
                                           other_group="FRA", reason=REASON)
    assert "Reviewing States of" in assigned.response.content
    return members


def answer_of(result) -> str:
    if result.followups:
        return result.followups[-1].content
    return result.response.content


def sees(channel, member) -> bool:
    try:
        channel.history(viewer=member)
    except SetupError:
        return False
    return True


LATE = "This notice is late: the bot was offline at the scheduled time."
QUESTION = "Does the law on organized criminal groups cover the offence of participation?"


async def ask(world, member, question: str = QUESTION, **options):
    channel = world.guild.channels[CHANNEL]
    result = await member.slash(channel, "clarify ask", question=question, **options)
    assert result.ephemeral
    return result


def thread_of(world, number: int = 1):
    channel = world.guild.channels[CHANNEL]
    found = [t for t in channel.threads if t.name.startswith(f"CR-{number} ")]
    assert len(found) == 1, [t.name for t in channel.threads]
    return found[0]


def card(thread):
    first = thread.history()[0]
    assert first.embeds and first.embeds[0].title.startswith("CR-")
    return first


def card_text(message) -> str:
    embed = message.embeds[0]
    return "\n".join([embed.title or "", embed.description or ""]
                     + [f"{f.name}: {f.value}" for f in embed.fields])


def buttons(message) -> list[str]:
    return [c.label for row in message.components for c in row.children]


def shared(channel, viewer) -> list[int]:
    """The messages this person sees in the channel, other than replies only they see."""
    return [m.id for m in channel.history(viewer=viewer) if not m.flags.ephemeral]


def texts(channel) -> list[str]:
    return [m.content for m in channel.history()]


def notices(thread) -> list[str]:
    """The bot's follow-up notices in a thread (not the card, answers or other entries)."""
    return [t for t in texts(thread)[1:] if "clarification request “cr-" in t.casefold()]


def escalations(world) -> list[str]:
    """What the secretariat channel was told about clarification requests."""
    return [t for t in texts(world.secretariat_channel) if "clarification request" in t]


async def advance_to(world, when: datetime) -> None:
    await world.env.advance_time((when - world.env.now()).total_seconds())


def at(day: str, hour: int = 6) -> datetime:
    """An instant in UTC; 06:00 UTC is 09:00 in Nairobi, Kenya's zone (notices go at 09:00)."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


# ------------------------------------------------------------------------ the whole flow


async def test_a_request_is_asked_answered_and_accepted_in_view_of_the_review_only(world, triad):
    channel = world.guild.channels[CHANNEL]
    asked = await ask(world, triad["fra_fp"], article="5", due="2026-02-15")
    assert answer_of(asked).startswith("Your question is recorded as **CR-1** in <#")
    assert "due on Sunday 15 February 2026" in answer_of(asked)
    thread = thread_of(world)
    assert thread.name == "CR-1 · Art. 5 UNTOC · " + QUESTION  # 100 characters: it fits
    first = card(thread)
    # the State under review's focal point and expert are mentioned; its observer is not
    assert triad["ken_fp"].mention in first.content and triad["ken_expert"].mention in first.content
    assert triad["ken_observer"].mention not in first.content
    assert QUESTION in card_text(first) and "Status: Open" in card_text(first)
    assert buttons(first) == ["Submit answer"]

    # the SUR's focal point answers with the button and a form
    form = await triad["ken_fp"].click(first, label="Submit answer")
    assert form.modal is not None
    done = await triad["ken_fp"].submit_modal(form, {"answer": "Yes: section 3 of the Act."})
    assert "Your answer to **CR-1** is recorded" in answer_of(done)
    first = card(thread)
    assert "Status: Answered on Thursday 1 January 2026" in card_text(first)
    assert buttons(first) == ["Accept", "Ask a follow-up"]
    told = texts(thread)[-1]
    assert told.startswith(f"{triad['fra_fp'].mention} **Answer to CR-1** from Kenya (KEN)")
    assert told.endswith("Yes: section 3 of the Act.")

    # the reviewer accepts
    accepted = await triad["fra_fp"].click(first, label="Accept")
    assert answer_of(accepted) == "You accepted the answer to **CR-1**. The request is closed."
    first = card(thread)
    assert "Status: Closed: the answer was accepted on Thursday 1 January 2026." in card_text(first)
    assert buttons(first) == []
    assert "accepted the answer to CR-1" in texts(thread)[-1]

    # every step is visible to the three States and the secretariat, and to nobody else
    everything = [m.id for m in thread.history()]
    assert len(everything) == 3  # the card, the answer, the acceptance
    for name in ("ken_fp", "ken_expert", "ken_observer", "gha_fp", "fra_fp", "fra_expert"):
        assert shared(thread, triad[name]) == everything, name
    assert shared(thread, world.secretary) == everything
    for stranger in (triad["bra_expert"], world.outsider, world.chair):
        with pytest.raises(SetupError):
            thread.history(viewer=stranger)
        with pytest.raises(SetupError):
            channel.history(viewer=stranger)
    # nothing of the request reached a channel outside the review
    for other in (world.general, world.draws, world.secretariat_channel):
        assert not any("CR-1" in t for t in texts(other))
    audit = await world.secretary.slash(world.secretariat_channel, "audit show", count=5)
    for action in ("clarify.ask", "clarify.answer", "clarify.accept"):
        assert action in audit.response.content


# ---------------------------------------------------------------------------- follow-ups


async def test_an_unanswered_request_is_followed_up_on_schedule(world, triad):
    await ask(world, triad["fra_expert"])  # due in 30 days: Saturday 31 January 2026
    thread = thread_of(world)
    schedule = [("2026-01-24", "Gentle reminder"), ("2026-01-31", "is due today"),
                ("2026-02-07", "Friendly follow-up"), ("2026-02-14", "Friendly follow-up"),
                ("2026-02-21", "Friendly follow-up")]
    for count, (day, words) in enumerate(schedule, start=1):
        await advance_to(world, at(day) - timedelta(minutes=1))
        assert len(notices(thread)) == count - 1, day
        await advance_to(world, at(day) + timedelta(minutes=1))
        sent = notices(thread)
        assert len(sent) == count, day
        assert words in sent[-1] and "Saturday 31 January 2026" in sent[-1]
        assert sent[-1].startswith(f"{triad['ken_fp'].mention} {triad['ken_expert'].mention} ")
        assert triad["fra_expert"].mention not in sent[-1] and LATE not in sent[-1]
        told = escalations(world)
        # the secretariat is told right after the second notice past the due date, once
        assert len(told) == (1 if count >= 4 else 0), day
    (told,) = escalations(world)
    assert told.startswith("For information: clarification request “CR-1 · ")
    assert "in review KEN, cluster 1 was expected on Saturday 31 January 2026; 2 follow-up " \
           "notices have been sent" in told
    assert f"<#{thread.id}>" in told
    # the other States were told nothing: no notice names them
    for name in ("gha_fp", "fra_fp", "fra_expert"):
        assert not any(triad[name].mention in t for t in notices(thread))


async def test_an_answer_left_unreviewed_for_a_week_reminds_the_askers_once(world, triad):
    await ask(world, triad["fra_expert"], due="10")
    thread = thread_of(world)
    await world.env.advance_time(2 * DAY)
    answered = await triad["ken_expert"].slash(thread, "clarify answer",
                                               text="The Act of 2019 covers it.")
    assert "Your answer to **CR-1** is recorded" in answer_of(answered)
    await world.env.advance_time(7 * DAY - 60)
    assert notices(thread) == []
    await world.env.advance_time(120)
    (reminder,) = notices(thread)
    assert reminder.startswith(f"{triad['fra_expert'].mention} {triad['fra_fp'].mention} ")
    assert "received an answer on Saturday 3 January 2026" in reminder
    assert "accept the answer or ask a follow-up question" in reminder
    await world.env.advance_time(30 * DAY)
    assert len(notices(thread)) == 1  # once, and no notice to the State that answered


async def test_a_follow_up_reopens_the_request_with_a_new_due_date(world, triad):
    await ask(world, triad["fra_fp"], due="2026-01-20")
    thread = thread_of(world)
    await triad["ken_fp"].slash(thread, "clarify answer", text="It does, since 2019.")
    form = await triad["fra_expert"].click(card(thread), label="Ask a follow-up")
    assert form.modal is not None
    done = await triad["fra_expert"].submit_modal(
        form, {"question": "Which courts have applied it?", "due": "2026-03-15"})
    assert answer_of(done) == ("Your follow-up question on **CR-1** is recorded in "
                               f"<#{thread.id}>; an answer is due on Sunday 15 March 2026.")
    shown = card_text(card(thread))
    assert ("Status: Open again with follow-up question 1: an answer is due on Sunday 15 March "
            "2026") in shown
    assert buttons(card(thread)) == ["Submit answer"]
    follow = texts(thread)[-1]
    assert follow.startswith(f"{triad['ken_fp'].mention} {triad['ken_expert'].mention} "
                             "**Follow-up question 1 on CR-1** from France (FRA)")
    assert follow.endswith("Which courts have applied it?")
    # the old due date passes quietly; the new one is followed up
    await advance_to(world, at("2026-03-08") - timedelta(minutes=1))
    assert notices(thread) == []
    await advance_to(world, at("2026-03-08") + timedelta(minutes=1))
    (notice,) = notices(thread)
    assert "is due on Sunday 15 March 2026, in 7 days" in notice


# ------------------------------------------------------------------------------ restarts


async def restart(world, bot_factory, *, down_until: datetime | None = None) -> None:
    """A new bot process on the same database; with `down_until`, the old one is offline
    (its timers stopped) until then."""
    if down_until is not None:
        await world.bot.services.timers.stop()
        await advance_to(world, down_until)
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(0)


async def test_the_schedule_holds_across_restarts_with_none_doubled_or_lost(
    world, triad, bot_factory
):
    await ask(world, triad["fra_fp"])  # due Saturday 31 January 2026
    thread = thread_of(world)
    await restart(world, bot_factory)
    await advance_to(world, at("2026-01-24") + timedelta(minutes=1))
    assert len(notices(thread)) == 1
    await restart(world, bot_factory)  # right after a notice went out
    await advance_to(world, at("2026-01-31") - timedelta(minutes=1))
    assert len(notices(thread)) == 1
    await restart(world, bot_factory)  # just before the next one is due
    await advance_to(world, at("2026-01-31") + timedelta(minutes=1))
    assert len(notices(thread)) == 2 and "is due today" in notices(thread)[-1]
    # the bot is offline when the first notice after the due date falls due: it goes out
    # when the bot is back, marked late, and the rest of the schedule is unchanged
    await restart(world, bot_factory, down_until=at("2026-02-07", hour=20))
    sent = notices(thread)
    assert len(sent) == 3 and "Friendly follow-up" in sent[-1] and sent[-1].endswith(LATE)
    await advance_to(world, at("2026-02-14") + timedelta(minutes=1))
    assert len(notices(thread)) == 4 and LATE not in notices(thread)[-1]
    assert len(escalations(world)) == 1
    await restart(world, bot_factory)
    await advance_to(world, at("2026-02-21") + timedelta(minutes=1))
    assert len(notices(thread)) == 5 and len(escalations(world)) == 1
    # the card's buttons, posted by the first process, still work
    form = await triad["ken_fp"].click(card(thread), label="Submit answer")
    done = await triad["ken_fp"].submit_modal(form, {"answer": "Please find it attached."})
    assert "Your answer to **CR-1** is recorded" in answer_of(done)
    await world.env.advance_time(60 * DAY)
    assert len(notices(thread)) == 6  # the answer stopped the notices; the askers told once
    assert "received an answer" in notices(thread)[-1]


async def test_pausing_a_review_holds_its_follow_ups_and_closing_ends_them(world, triad):
    channel = world.guild.channels[CHANNEL]
    await ask(world, triad["fra_fp"])  # due Saturday 31 January 2026
    thread = thread_of(world)
    await advance_to(world, at("2026-01-10"))
    paused = await world.secretary.slash(channel, "review-admin pause")
    assert "is paused" in answer_of(paused)
    await advance_to(world, at("2026-02-10"))
    assert notices(thread) == []  # nothing while paused
    await world.secretary.slash(channel, "review-admin resume")
    # 31 days of pause: the answer is now due 31 days later
    moved = texts(thread)[-1]
    assert moved == ("The review was paused, so the answer to CR-1 is now due on Tuesday 3 "
                     "March 2026 (the days of the pause were added).")
    assert "an answer is due on Tuesday 3 March 2026" in card_text(card(thread))
    await advance_to(world, at("2026-02-24") + timedelta(minutes=1))
    (notice,) = notices(thread)
    assert "is due on Tuesday 3 March 2026, in 7 days" in notice
    closed = await world.secretary.slash(channel, "review-admin close")
    assert "is closed" in answer_of(closed)
    assert "The review is closed, so this request no longer changes." in card_text(card(thread))
    assert buttons(card(thread)) == []
    await world.env.advance_time(90 * DAY)
    assert len(notices(thread)) == 1
    assert escalations(world) == []


# ------------------------------------------------------------------ who may do what


async def listing(world, who, channel=None, **options) -> str:
    result = await who.slash(channel or world.guild.channels[CHANNEL], "clarify list", **options)
    assert result.ephemeral
    return answer_of(result)


async def test_people_outside_the_review_cannot_ask_answer_or_list(world, triad):
    channel = world.guild.channels[CHANNEL]
    stranger = triad["bra_expert"]  # registered for Brazil, which is not in this review
    # the review channel does not even show to them, so they cannot run anything in it
    for command, options in (("clarify ask", {"question": QUESTION}), ("clarify list", {}),
                             ("clarify answer", {"request": 1, "text": "No."})):
        with pytest.raises((SetupError, BackendError)):
            await stranger.slash(channel, command, **options)
    # elsewhere, the bot refuses and says why
    for command, options in (("clarify ask", {"question": QUESTION}), ("clarify list", {})):
        refused = await stranger.slash(world.general, command, **options)
        assert refused.ephemeral
        assert answer_of(refused) == "This command works only inside a review channel."
    # inside the review, each side keeps to its part
    refused = await triad["ken_fp"].slash(channel, "clarify ask", question=QUESTION)
    assert "needs an expert or focal point of a reviewing State of this review" in \
        answer_of(refused)
    assert "Nothing was changed." in answer_of(refused)
    assert "has no clarification requests" in await listing(world, world.secretary)

    await ask(world, triad["fra_fp"])
    thread = thread_of(world)
    for who in (triad["fra_fp"], triad["gha_fp"], triad["ken_observer"]):
        refused = await who.slash(thread, "clarify answer", text="Here is our answer.")
        assert "needs an expert or focal point of the State under review" in answer_of(refused)
        refused = await who.click(card(thread), label="Submit answer")
        assert refused.modal is None
        assert answer_of(refused).startswith("This button needs")
    assert "Status: Open" in card_text(card(thread)) and len(texts(thread)) == 1
    lines = await listing(world, triad["ken_observer"])  # observers of the review may read
    assert lines.startswith("1 clarification request in this review:\n**CR-1** · ")
    await ask(world, triad["fra_fp"], "And does it cover the organizing of such a group?")
    lines = await listing(world, triad["ken_observer"])
    assert lines.startswith("2 clarification requests in this review:\n**CR-1** · ")


async def test_bad_input_changes_nothing_and_says_why(world, triad):
    channel = world.guild.channels[CHANNEL]
    fra = triad["fra_fp"]
    cases = [
        ({"question": "   "}, "The question is empty; please write it out. Nothing was changed."),
        ({"question": QUESTION, "due": "2025-12-01"},
         "The due date must be after today (2026-01-01)."),
        ({"question": QUESTION, "due": "next week"}, "could not be read as a due date"),
        ({"question": QUESTION, "article": "Art. 99"},
         "“Art. 99” is not an article under review here."),
    ]
    for options, why in cases:
        result = await fra.slash(channel, "clarify ask", **options)
        assert result.ephemeral and why in answer_of(result), answer_of(result)
    unknown = await triad["ken_fp"].slash(channel, "clarify answer", request=7, text="Yes.")
    assert answer_of(unknown) == ("There is no request CR-7 in this review. `/clarify list` "
                                  "shows its requests. Nothing was changed.")
    # nothing was made: no thread, no request, no record, and the first number is still free
    assert channel.threads == []
    assert "has no clarification requests" in await listing(world, fra)
    audit = await world.secretary.slash(world.secretariat_channel, "audit show", count=20)
    assert "clarify." not in audit.response.content
    await ask(world, fra)
    assert thread_of(world, 1)


async def test_a_withdrawn_request_keeps_its_number_and_stops_its_follow_ups(world, triad):
    channel = world.guild.channels[CHANNEL]
    await ask(world, triad["fra_fp"])
    await ask(world, triad["gha_fp"], question="How are the proceeds of crime confiscated?")
    refused = await triad["fra_fp"].slash(channel, "clarify withdraw", request=2)
    assert "Only the State that asked or the secretariat can withdraw" in answer_of(refused)
    done = await triad["gha_fp"].slash(channel, "clarify withdraw", request=2,
                                       reason="Answered in the questionnaire")
    assert answer_of(done).startswith("**CR-2** is withdrawn")
    second = thread_of(world, 2)
    assert "Status: Closed: withdrawn on Thursday 1 January 2026." in card_text(card(second))
    assert buttons(card(second)) == []
    assert texts(second)[-1].endswith("Reason given: Answered in the questionnaire")
    await ask(world, triad["fra_expert"], question="Is liability of legal persons provided for?")
    assert thread_of(world, 3)  # 2 is never given again
    lines = await listing(world, world.secretary)
    assert "**CR-2**" in lines and "withdrawn" in lines
    only_open = await listing(world, world.secretary, status="open")
    assert "**CR-1**" in only_open and "**CR-3**" in only_open and "**CR-2**" not in only_open
    await world.env.advance_time(90 * DAY)
    assert notices(second) == [] and len(notices(thread_of(world, 1))) >= 3


async def test_a_question_can_be_edited_until_it_is_answered(world, triad):
    channel = world.guild.channels[CHANNEL]
    await ask(world, triad["fra_fp"], article="Art. 5 UNTOC")
    thread = thread_of(world)
    form = await triad["fra_expert"].slash(channel, "clarify edit", request=1)
    assert form.modal is not None
    (field,) = [c["component"] for c in form.modal["components"] if c.get("component")] or [
        c["components"][0] for c in form.modal["components"]]
    assert field["value"] == QUESTION  # the form starts from the current wording
    done = await triad["fra_expert"].submit_modal(form, {"question": "Is participation an "
                                                                    "offence?"})
    assert "now reads as you wrote it" in answer_of(done)
    assert card(thread).embeds[0].description == "Is participation an offence?"
    assert thread_of(world).name == "CR-1 · Art. 5 UNTOC · Is participation an offence?"
    assert "was edited by France (FRA)" in texts(thread)[-1]
    await triad["ken_fp"].slash(thread, "clarify answer", text="Yes.")
    late = await triad["fra_fp"].slash(thread, "clarify edit")
    assert late.modal is None
    assert "can be edited only while it awaits an answer" in answer_of(late)
    export = await triad["fra_fp"].slash(channel, "clarify export")
    markdown = await answer_files(export)
    assert "Earlier wording:\n> " + QUESTION in markdown[0]


async def answer_files(result) -> list[str]:
    message = result.followups[-1] if result.followups else result.response
    return [(await a.read()).decode("utf-8-sig") for a in message.attachments]


# ------------------------------------------------------------------- long texts, export


async def test_a_long_answer_is_shown_whole_in_several_messages(world, triad):
    await ask(world, triad["fra_fp"], attachment=("questions.txt", b"Annex to the question"))
    thread = thread_of(world)
    paragraphs = [(f"Paragraph {n}. " + "The provisions apply to every offence. " * 12).strip()
                  for n in range(1, 9)]
    long_answer = "\n\n".join(paragraphs)
    assert 3000 < len(long_answer) < 4000
    form = await triad["ken_expert"].click(card(thread), label="Submit answer")
    await triad["ken_expert"].submit_modal(form, {"answer": long_answer})
    history = thread.history()
    annex = next(m for m in history if m.attachments)
    assert annex.content == "Attached to the question of CR-1:"
    assert await annex.attachments[0].read() == b"Annex to the question"
    parts = [m.content for m in history if m.id > annex.id]
    assert len(parts) >= 2 and all(len(p) <= 2000 for p in parts)
    words = " ".join(parts).split()  # Discord trims the ends of each message
    assert words[-len(long_answer.split()):] == long_answer.split()  # nothing cut, in order
    assert all(p.startswith("Paragraph ") for p in parts[1:])  # cut between paragraphs


async def test_the_export_gives_every_question_and_answer_as_markdown_and_csv(world, triad):
    channel = world.guild.channels[CHANNEL]
    await ask(world, triad["fra_fp"], article="5")
    await triad["ken_fp"].slash(thread_of(world), "clarify answer",
                                text="=Yes, under section 3.")
    result = await triad["gha_fp"].slash(channel, "clarify export")
    assert result.ephemeral
    markdown, table = await answer_files(result)
    assert markdown.startswith("# Clarification requests — review of Kenya (KEN), cluster 1")
    assert "## CR-1 · Art. 5 UNTOC" in markdown and f"> {QUESTION}" in markdown
    assert "**Answer** — Kenya (KEN)" in markdown and "> =Yes, under section 3." in markdown
    rows = list(csv.reader(table.splitlines()))
    assert rows[0][:3] == ["request", "article", "status"]
    assert rows[1][6] == "Question" and rows[1][10] == QUESTION
    assert rows[2][6] == "Answer" and rows[2][10] == "'=Yes, under section 3."
    refused = await world.outsider.slash(world.general, "clarify export")
    assert "works only inside a review channel" in answer_of(refused)


async def test_a_request_survives_discord_failing_and_a_restart_before_its_thread_exists(
    world, triad, bot_factory
):
    channel = world.guild.channels[CHANNEL]
    world.env.inject_error("POST", "/channels/*/threads", status=503, times=2)
    asked = await ask(world, triad["fra_fp"])
    assert answer_of(asked).startswith("Your question is recorded as **CR-1**; an answer is "
                                       "due on Saturday 31 January 2026. Discord did not take "
                                       "its thread just now: the bot keeps trying")
    assert channel.threads == []
    await restart(world, bot_factory)
    await world.env.advance_time(5 * 60)  # the thread is made when Discord works again
    thread = thread_of(world)
    assert QUESTION in card_text(card(thread)) and buttons(card(thread)) == ["Submit answer"]
    assert triad["ken_fp"].mention in card(thread).content
    assert len(channel.threads) == 1 and len(thread.history()) == 1  # made once
    await advance_to(world, at("2026-01-24") + timedelta(minutes=1))
    assert len(notices(thread)) == 1


async def test_the_secretariat_can_ask_and_record_an_answer_received_outside_discord(
    world, triad
):
    channel = world.guild.channels[CHANNEL]
    offered = await triad["fra_fp"].autocomplete(channel, "clarify ask", "article", "6")
    assert {"name": "Art. 6 — Organized Crime Convention", "value": "Art. 6 UNTOC"} in offered
    await ask(world, world.secretary, question="Could you share the 2024 statistics?")
    thread = thread_of(world)
    assert "Clarification request CR-1 from the secretariat to Kenya (KEN)." in \
        card(thread).content
    offered = await triad["ken_fp"].autocomplete(channel, "clarify answer", "request", "")
    assert [c["value"] for c in offered] == [1]
    recorded = await world.secretary.slash(channel, "clarify answer", request=1,
                                           text="Received by e-mail on 2 January: see annex.")
    assert "Your answer to **CR-1** is recorded" in answer_of(recorded)
    assert "**Answer to CR-1** from the secretariat" in texts(thread)[-1]
    refused = await triad["fra_fp"].click(card(thread), label="Accept")
    assert answer_of(refused) == "Only the State that asked can accept the answer or ask a " \
                                 "follow-up."
    accepted = await world.secretary.click(card(thread), label="Accept")
    assert "The request is closed." in answer_of(accepted)
