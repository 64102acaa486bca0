"""The scripted review cycle: real bot, simulated Discord, recorded beacon, simulated clock."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord

from bot.app import DeskReviewBot, create_bot
from bot.demo.record import Transcript
from bot.demo.simulation import simulation
from bot.demo.stage import answer_of, set_stage
from bot.settings import Settings

# The recorded beacon rounds lie in 2023: the story starts a few minutes before round 123.
ANCHOR = datetime(2023, 8, 23, 15, 0, tzinfo=UTC)
DAY = 86400


class _Simulated:
    def now(self) -> datetime:
        return discord.utils.utcnow()


@dataclass
class Outcome:
    out: Path
    transcript: Transcript
    draw_log: Path
    calendar: Path
    verified_draw: bool  # status 3, for the recorded beacon only
    verified_audit: bool


async def _advance(env: Any, bot: DeskReviewBot, until: datetime) -> None:
    seconds = (until - bot.clock.now()).total_seconds()
    if seconds > 0:
        await env.advance_time(seconds)


def demo_bot(out: Path) -> DeskReviewBot:
    """The real bot on a fresh database in ``out``, the recorded beacon, the simulated clock.

    Run it with :func:`bot.demo.simulation.simulation` at :data:`ANCHOR`: the simulated world,
    Discord's message ids included, then tells its story in 2023, before the recorded rounds.
    """
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("deskreview.sqlite3*"):
        stale.unlink()
    settings = Settings(
        _env_file=None, database=out / "deskreview.sqlite3", beacon="recorded",  # type: ignore[call-arg]
    )
    return create_bot(settings, clock=_Simulated())


async def close_store(bot: DeskReviewBot) -> None:
    if bot._services is not None:
        await bot._services.store.close()
        bot._services = None


async def play(out: Path, echo: Any = print) -> Outcome:
    bot = demo_bot(out)
    story = Transcript(echo=echo)
    async with simulation(bot, ANCHOR) as env:
        try:
            return await _cycle(env, bot, story, out)
        finally:
            await close_store(bot)


async def _held_in_its_room(env: Any, bot: DeskReviewBot, story: Transcript, stage: Any,
                            start: datetime, before: int) -> None:
    """The call takes place in the review's private voice room; its attendance is posted."""
    channel, people, guild = stage.channel, stage.people, stage.guild
    room = next(c for c in guild.channels.values() if c.name and c.name.startswith("Call 1 ·"))
    story.step(f"The call is held in its private room '{room.name}'", bot.clock.now())
    opened = next(m for m in channel.history()[before:] if m.content.startswith("The room"))
    story.saw("the triad", opened.content, 300)
    observer = f"{stage.second.lower()}-observer"
    joiners = ["ken-focal", f"{stage.first.lower()}-focal", observer]
    for name in joiners:
        await people[name].join_voice(room)
    outsider = next(n for n in people if n.endswith("-expert") and not n.startswith("ken"))
    try:
        await people[outsider].join_voice(room)
        story.note(f"{outsider} (another State) joined the room: this must not happen")
    except Exception:  # SimCord refuses a member who cannot connect, as Discord does
        story.note(f"{outsider}, of a State outside the review, cannot join the room")
    await stage.secretary.join_voice(room)
    await _advance(env, bot, start + timedelta(minutes=1))
    await people[observer].leave_voice()
    await _advance(env, bot, start + timedelta(minutes=40))
    for member in (people["ken-focal"], people[f"{stage.first.lower()}-focal"], stage.secretary):
        await member.leave_voice()
    await _advance(env, bot, start + timedelta(minutes=76))
    messages = channel.history()[before:]
    call_reminders = [m.content for m in messages if "Dialogue on cluster 1" in (m.content or "")
                      and not m.content.startswith(("Attendance", "The room"))]
    for text in call_reminders:
        story.saw("the triad", text, 200)
    story.facts["call_reminders"] = call_reminders
    record = next(m.content for m in messages if m.content.startswith("Attendance of the call"))
    story.saw("the triad (attendance record)", record, 600)
    story.facts["call_attendance"] = record
    story.facts["call_room_closed"] = all(c.name != room.name for c in guild.channels.values())


ANSWERS = (b"%PDF-1.4\n% Answers of Kenya to the self-assessment questionnaire, cluster 1 "
           b"(demonstration)\n%%EOF\n")


async def _questionnaire(bot: DeskReviewBot, story: Transcript, channel: Any,
                         people: dict[str, Any]) -> None:
    story.step("The State under review submits its answers; its focal point clears them",
               bot.clock.now())
    sent = await people["ken-expert"].slash(channel, "output submit", kind="questionnaire",
                                            file=("answers-ken.pdf", ANSWERS))
    story.saw("ken-expert (/output submit)", answer_of(sent), 300)
    post = next(m for m in reversed(channel.history()) if m.attachments)
    story.saw("the triad", post.content, 400)
    cleared = await people["ken-focal"].click(post, label="Clear for Kenya")
    story.saw("ken-focal (Clear for Kenya)", answer_of(cleared), 300)
    card = next(m for m in channel.history() if m.pinned)
    story.saw("the triad (status card)", card.embeds[0].description, 200)
    story.facts["questionnaire_cleared"] = answer_of(cleared)
    story.facts["stage_after_answers"] = card.embeds[0].description


async def _cycle(env: Any, bot: DeskReviewBot, story: Transcript, out: Path) -> Outcome:
    stage = await set_stage(env, bot, story)
    guild, general, channel = stage.guild, stage.general, stage.channel
    secretary, passer_by, people = stage.secretary, stage.passer_by, stage.people
    first, draw = stage.first, stage.draw
    asker = people[f"{first.lower()}-focal"]
    await _questionnaire(bot, story, channel, people)
    story.step("A reviewing State asks for clarification", bot.clock.now())
    asked = await asker.slash(channel, "clarify ask", article="5",
                              question="Please describe how participation in an organized "
                                       "criminal group is criminalized in your law.", due="30")
    story.saw(f"{first.lower()}-focal", answer_of(asked), 300)
    thread = channel.threads[-1]
    story.saw(f"everyone in the review, thread '{thread.name}'", thread.history()[0].content,
              300)

    story.step("Courteous follow-ups on the simulated clock", bot.clock.now())
    before = len(thread.history())
    await env.advance_time(31 * DAY)
    reminders = thread.history()[before:]
    for message in reminders:
        story.saw("the State under review", message.content, 240)
    story.facts["clarification_reminders"] = [m.content for m in reminders]

    story.step("The State under review answers; the reviewer accepts", bot.clock.now())
    answered = await people["ken-focal"].slash(
        thread, "clarify answer", request=1,
        text="Article 5 is implemented by section 4 of the Prevention of Organized Crimes Act.")
    story.saw("ken-focal", answer_of(answered), 200)
    request_message = thread.history()[0]
    accepted = await asker.click(request_message, label="Accept")
    story.saw(f"{first.lower()}-focal", answer_of(accepted), 200)

    story.step("A call across the triad's time zones", bot.clock.now())
    suggested = await people["ken-focal"].slash(channel, "call suggest", duration="60")
    story.saw("ken-focal (/call suggest)", answer_of(suggested), 500)
    stamp = re.search(r"<t:(\d+):", answer_of(suggested))
    if stamp is None:
        raise RuntimeError("no common working hour was found for the demo triad")
    start = datetime.fromtimestamp(int(stamp.group(1)), UTC)
    scheduled = await people["ken-focal"].slash(
        channel, "call schedule", title="Dialogue on cluster 1",
        start=start.strftime("%Y-%m-%dT%H:%MZ"), duration="60")
    story.saw("ken-focal", answer_of(scheduled), 200)
    announcement = next(m for m in reversed(channel.history()) if m.attachments)
    story.saw("the triad", announcement.content or "(announcement)", 500)
    calendar = out / "call.ics"
    calendar.write_bytes(await announcement.attachments[0].read())
    await asker.click(announcement, label="Accept")
    before = len(channel.history())
    await _advance(env, bot, start - timedelta(minutes=5))
    await _held_in_its_room(env, bot, story, stage, start, before)

    story.step("The secretariat closes the review; the transcript is handed over",
               bot.clock.now())
    secretariat = next(c for c in guild.channels.values() if c.name == "secretariat")
    before = len(secretariat.history())
    closed = await secretary.slash(channel, "review-admin close")
    story.saw("secretary", answer_of(closed), 300)
    handed = []
    for message in secretariat.history()[before:]:
        for attachment in message.attachments:
            (out / attachment.filename).write_bytes(await attachment.read())
            handed.append(attachment.filename)
    story.note("transcripts handed to the secretariat: " + (", ".join(handed) or "none"))
    story.facts["transcripts"] = handed

    story.step("Anyone checks the draw; the secretariat checks the audit chain",
               bot.clock.now())
    log = await passer_by.slash(general, "draw log", draw=draw)
    draw_log = out / f"draw-{draw}.jsonl"
    draw_log.write_bytes(await log.response.attachments[0].read())
    verifier = await passer_by.slash(general, "draw verifier")
    verifier_path = out / verifier.response.attachments[0].filename
    verifier_path.write_bytes(await verifier.response.attachments[0].read())
    run = subprocess.run([sys.executable, "-I", "-S", str(verifier_path), str(draw_log)],
                         capture_output=True, text=True, check=False)
    story.saw("standalone verifier", (run.stdout + run.stderr).strip(), 300)
    audit = await secretary.slash(general, "audit verify")
    story.saw("secretary (/audit verify)", answer_of(audit), 200)
    # offline, the best a log can get is status 3, and for the recorded beacon alone: every
    # check held, publication before each round included, but the value is a recording
    unverified = [line for line in run.stdout.splitlines() if "not verified:" in line]
    recorded_only = run.returncode == 3 and bool(unverified) and all(
        "not live drand quicknet" in line for line in unverified)
    story.facts["draw_log_status"] = run.returncode
    story.facts["draw_log_verified"] = recorded_only
    story.facts["audit_verified"] = answer_of(audit).startswith("Audit chain intact")
    (out / "transcript.txt").write_text(story.text(), encoding="utf-8")
    (out / "facts.json").write_text(json.dumps(story.facts, indent=1, ensure_ascii=False),
                                    encoding="utf-8")
    return Outcome(out, story, draw_log, calendar, recorded_only,
                   bool(story.facts["audit_verified"]))
