"""Draws by lot, as the chair, the focal points and any State checking them see it.

The recorded beacon holds two real drand quicknet rounds: 123 (2023-08-23T15:15:33Z) and
657413 (2023-09-15T11:00:03Z). The simulated world here — the bot's clock and the simulated
Discord, whose message ids carry their time — starts at 2023-08-23T15:00:00Z, so a draw opened
at once (10 minutes' notice) uses round 123, and a redraw asked within the next three weeks uses
round 657413. A further round is not recorded: a request that needs one is accepted and waits,
and the bot says its value cannot be had.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import pytest
import simcord

from bot.cli import main as cli_main
from bot.demo.simulation import start_at
from bot.domain.canonical import canon
from bot.domain.draw import compute_result
from bot.settings import Settings

pytestmark = pytest.mark.usefixtures("answered_errors_only")

ANCHOR = datetime(2023, 8, 23, 15, 0, tzinfo=UTC)
ROUND_123 = datetime(2023, 8, 23, 15, 15, 33, tzinfo=UTC)
ROUND_657413 = datetime(2023, 9, 15, 11, 0, 3, tzinfo=UTC)
R123 = "fb8f7bc29bf24db51871ec8c79f3a1e4bd0557bc0dfcee9ed1d924e69d1c60dc"
DRAW = "2023-c1-1"
REASON = "The two governments negotiate a treaty on this very subject"


@pytest.fixture
async def simcord_env(simcord_bot):
    """SimCord's environment, its clock started at ANCHOR (the errors are checked by
    ``answered_errors_only``, which every test here uses)."""
    env = simcord.Env(simcord_bot)
    start_at(env, ANCHOR)
    await env.start()
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture
def redraws() -> int:
    return 2


@pytest.fixture
def settings(settings: Settings, redraws: int) -> Settings:
    return settings.model_copy(update={"beacon": "recorded", "draw_redraws": redraws})


def answer(result) -> str:
    if result.followups:
        return result.followups[-1].content
    return result.response.content


def now(world) -> datetime:
    return world.bot.clock.now()


async def advance_to(world, moment: datetime, extra: float = 5) -> None:
    await world.env.advance_time((moment - now(world)).total_seconds() + extra)


def posts(world) -> list[discord.Message]:
    return world.draws.history()


def results(world) -> list[discord.Message]:
    return [m for m in posts(world) if m.content.startswith("**Result of draw")]


async def attachment_json(message: discord.Message) -> dict:
    (attachment,) = message.attachments
    return json.loads(await attachment.read())


async def open_draw(world, parties: str = "KEN, NGA, FRA", who=None):
    result = await (who or world.chair).slash(world.draws, "draw-admin open",
                                              title="Intersessional meeting, first group",
                                              parties=parties, cluster=1)
    assert result.ephemeral
    return result


async def register(world, name: str, party: str, role: str = "focal_point"):
    member = world.member(name)
    result = await world.secretary.slash(world.secretariat_channel, "expert add",
                                         member=member, party=party, role=role,
                                         note_verbale="NV/2025/1", note_date="2020-06-15")
    assert " is now " in result.response.content, result.response.content
    return member


async def drawn(world) -> dict:
    """Open the usual draw and let its round come; return the posted result."""
    opened = await open_draw(world)
    assert f"Draw **{DRAW}** is open for 3 States" in answer(opened)
    await advance_to(world, ROUND_123)
    (posted,) = results(world)
    return await attachment_json(posted)


async def redraw(world, who, **options):
    fields = {"draw": DRAW, "sur": "KEN", "slot": "same_group", "requested_by": "KEN",
              "reason": REASON, **options}
    return await who.slash(world.draws, "draw redraw", **fields)


async def log_bytes(world, who) -> bytes:
    result = await who.slash(world.general, "draw log", draw=DRAW)
    (attachment,) = result.response.attachments
    return await attachment.read()


async def cli(*argv: str) -> int:
    return await asyncio.to_thread(cli_main, list(argv))


def standalone(tmp_path: Path, verifier: bytes, log: bytes) -> subprocess.CompletedProcess[str]:
    (tmp_path / "verify_draw.py").write_bytes(verifier)
    (tmp_path / "draw.jsonl").write_bytes(log)
    return subprocess.run([sys.executable, "-I", "-S", str(tmp_path / "verify_draw.py"),
                           str(tmp_path / "draw.jsonl")], capture_output=True, text=True,
                          timeout=120, check=False)


# --------------------------------------------------------------------------- opening


async def test_a_chair_opens_a_draw_and_the_round_gives_the_result(world, tmp_path, capsys):
    opened = await open_draw(world)
    text = answer(opened)
    assert "beacon round 123" in text
    (manifest_post,) = posts(world)
    manifest = await attachment_json(manifest_post)
    sha = hashlib.sha256(await manifest_post.attachments[0].read()).hexdigest()
    assert f"Manifest SHA-256: `{sha}`" in manifest_post.content
    assert sha in text
    assert "RECORDED drand quicknet round 123" in manifest_post.content
    assert "**Warning:** the draw relies on registry values that are not confirmed" in (
        manifest_post.content)
    assert "KEN (legal system)" in manifest_post.content
    assert "Left out, having no regional group" in manifest_post.content
    assert "EUU" in manifest_post.content
    assert manifest["under_review"] == ["KEN", "NGA", "FRA"]
    assert manifest["beacon"]["source"] == "drand-quicknet (recorded)"
    assert manifest["rules"]["max_reviews_per_state"] == 3
    assert "EUU" not in [p["code"] for p in manifest["pool"]]

    await world.env.advance_time(10 * 60)  # before the round: nothing is drawn
    assert len(posts(world)) == 1
    result = await drawn_after_round(world)
    assert canon(result) == canon(compute_result(manifest, R123))
    (result_post,) = results(world)
    titles = [e.title for e in result_post.embeds]
    assert titles == [f"African States — draw {DRAW}",
                      f"Western European and other States — draw {DRAW}"]
    kenya = result["assignments"]["KEN"]
    assert "**Kenya (KEN)** — same group:" in result_post.embeds[0].description
    # the reviewers are recorded: each State under review has its review channel
    for code in ("ken", "nga", "fra"):
        assert f"{code}-criminalization" in world.guild.channels
    card = world.guild.channels["ken-criminalization"].pinned_messages()[0].embeds[0]
    reviewing = {f.name: f.value for f in card.fields}["Reviewing States"]
    assert f"({kenya['same_group']})" in reviewing and f"({kenya['other_group']})" in reviewing
    status = await world.outsider.slash(world.general, "draw status", draw=DRAW)
    assert "result posted" in status.response.content
    assert "every check that can be made holds" in status.response.content
    assert "drand-quicknet (recorded)" in status.response.content

    # any State checks the log: with the CLI and with the standalone verifier
    log = await log_bytes(world, world.outsider)
    (tmp_path / "draw.jsonl").write_bytes(log)
    capsys.readouterr()
    # status 3, for the recorded beacon only: the manifest's message (its id carries Discord's
    # time) was posted before the round, as the log's posted field shows
    assert await cli("draw", "verify", str(tmp_path / "draw.jsonl")) == 3
    said = capsys.readouterr().out
    assert said.startswith("NOT FULLY VERIFIED: 3 lines, draw still open")
    (item,) = [line for line in said.splitlines() if "not verified:" in line]
    assert "drand-quicknet (recorded)" in item and "beacon round 123" in item
    posted = json.loads(log.split(b"\n")[1])["posted"]
    manifest_post = next(m for m in posts(world) if m.content.startswith("**Draw"))
    assert posted == {"channel_id": str(world.draws.id), "message_id": str(manifest_post.id)}
    verifier = await world.outsider.slash(world.general, "draw verifier")
    (program,) = verifier.response.attachments
    assert program.filename == "verify_draw.py"
    checked = standalone(tmp_path, await program.read(), log)
    assert checked.returncode == 3, checked.stdout + checked.stderr
    assert checked.stdout.startswith("NOT FULLY VERIFIED: 3 lines, draw still open")
    assert manifest["meta"]["verifier_sha256"] == hashlib.sha256(await program.read()).hexdigest()
    # one changed byte in the result line is found, and named
    lines = log.split(b"\n")
    lines[2] = lines[2].replace(kenya["same_group"].encode(), b"ZZZ", 1)
    (tmp_path / "draw.jsonl").write_bytes(b"\n".join(lines))
    assert await cli("draw", "verify", str(tmp_path / "draw.jsonl")) == 1
    assert "FAILED at line 3" in capsys.readouterr().out
    tampered = standalone(tmp_path, await program.read(), b"\n".join(lines))
    assert tampered.returncode == 1 and "FAILED at line 3" in tampered.stdout


async def drawn_after_round(world) -> dict:
    await advance_to(world, ROUND_123)
    (posted,) = results(world)
    return await attachment_json(posted)


async def test_only_the_chair_can_open_a_draw(world):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    focal_point = await register(world, "ken_fp", "KEN")
    for who in (world.outsider, world.secretary, focal_point):
        result = await open_draw(world, who=who)
        assert result.response.content == (
            "`/draw-admin open` needs the working-group chair role. Nothing was changed.")
    assert posts(world) == []
    status = await world.outsider.slash(world.general, "draw status")
    assert status.response.content == "No draw has been opened yet."


async def test_a_regional_group_can_be_named_and_a_state_without_one_cannot(world):
    refused = await open_draw(world, parties="KEN, EUU")
    assert "European Union (EUU) has no regional group" in answer(refused)
    assert posts(world) == []
    await open_draw(world, parties="Eastern European States")
    manifest = await attachment_json(posts(world)[0])
    eastern = [p["code"] for p in manifest["pool"] if p["group"] == "EASTERN_EUROPE"]
    assert manifest["under_review"] == eastern and len(eastern) == 23
    busy = await open_draw(world, parties="KEN")
    assert f"Draw {DRAW} of cluster 1 is waiting for its result" in answer(busy)


# --------------------------------------------------------------------------- restarts


async def test_a_restart_between_open_and_result_yields_exactly_one_result(world, bot_factory):
    await open_draw(world)
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(5 * 60)
    await world.env.restart_bot(bot_factory())
    result = await drawn_after_round(world)
    assert result["order"]
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(3600)
    assert len(results(world)) == 1
    assert len(posts(world)) == 2  # the manifest and the result, nothing twice


async def test_a_result_due_while_the_bot_was_down_is_posted_once_and_marked_late(
        world, bot_factory):
    await open_draw(world)
    await world.bot.services.timers.stop()  # the bot goes down before the round
    await advance_to(world, ROUND_123 + timedelta(hours=1))
    assert results(world) == []
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(60)
    (posted,) = results(world)
    assert "posted late" in posted.content
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(3600)
    assert len(results(world)) == 1


async def test_a_failed_post_of_the_result_is_retried_without_drawing_again(world):
    await open_draw(world)
    world.env.inject_error("POST", "/channels/*/messages", times=1)
    await advance_to(world, ROUND_123)
    assert results(world) == []  # Discord refused the message; the result is in the log
    await world.env.advance_time(5 * 60)  # the job is tried again
    assert len(results(world)) == 1
    log = await log_bytes(world, world.outsider)
    assert [json.loads(line)["type"] for line in log.splitlines()] == [
        "manifest", "beacon", "result"]


async def test_a_manifest_discord_refused_is_posted_shortly_after_and_before_the_round(world):
    world.env.inject_error("POST", "/channels/*/messages", times=1)
    opened = await open_draw(world)
    assert "could not be posted in the draw channel yet" in answer(opened)
    assert posts(world) == []
    await world.env.advance_time(2 * 60)
    (manifest_post,) = posts(world)
    assert manifest_post.content.startswith(f"**Draw {DRAW}: ")
    assert "posted after its round" not in manifest_post.content
    assert now(world) < ROUND_123


async def test_a_manifest_discord_refused_until_its_round_is_never_used(world, tmp_path,
                                                                          capsys):
    world.env.inject_error("POST", f"/channels/{world.draws.id}/messages", status=403,
                           code=50013, message="Missing Permissions", times=None)
    opened = await open_draw(world)
    assert "could not be posted in the draw channel yet" in answer(opened)
    await advance_to(world, ROUND_123, extra=60)  # Discord refused every post until the round
    world.env.backend.faults.clear()
    await world.env.advance_time(5 * 60)  # Discord takes posts again; the bot tries again
    assert results(world) == []  # nothing was drawn with round 123
    (notice,) = [m for m in posts(world) if "will not be used" in m.content]
    assert notice.content.startswith(f"Draw {DRAW} will not be used: its manifest could not "
                                     "be posted in the draw channel before beacon round 123")
    assert "replaced by draw **2023-c1-2**, with the same States, for beacon round 657413" in (
        notice.content)
    old_post = [m for m in posts(world) if m.content.startswith(f"**Draw {DRAW}:")]
    assert old_post == []  # the unused manifest is not posted after its round
    status = await world.outsider.slash(world.general, "draw status", draw=DRAW)
    assert "**not used**" in status.response.content and "2023-c1-2" in status.response.content
    refused = await redraw(world, world.chair)
    assert f"Draw {DRAW} is not used" in answer(refused)
    # the new draw, posted before its round, gives the result
    (new_post,) = [m for m in posts(world) if m.content.startswith("**Draw 2023-c1-2:")]
    manifest = await attachment_json(new_post)
    assert manifest["meta"]["replaces"]["draw_id"] == DRAW
    assert manifest["under_review"] == ["KEN", "NGA", "FRA"]
    await advance_to(world, ROUND_657413)
    (result_post,) = results(world)
    assert "2023-c1-2" in result_post.content
    log = await world.outsider.slash(world.general, "draw log", draw="2023-c1-2")
    (tmp_path / "draw.jsonl").write_bytes(await log.response.attachments[0].read())
    capsys.readouterr()
    assert await cli("draw", "verify", str(tmp_path / "draw.jsonl")) == 3  # the recording only
    assert capsys.readouterr().out.count("not verified:") == 1


# --------------------------------------------------------------------------- redraws


async def test_a_focal_points_third_request_is_refused_with_the_reason(world, tmp_path, capsys):
    ken_fp = await register(world, "ken_fp", "KEN")
    result = await drawn(world)
    kenya = result["assignments"]["KEN"]
    others = await redraw(world, ken_fp, requested_by=kenya["other_group"])
    assert answer(others) == (
        "As focal point of KEN you can ask for a redraw on behalf of KEN only: set "
        "requested_by to KEN. Nothing was changed.")

    first = await redraw(world, ken_fp)
    assert "Redraw request 1 by KEN for KEN is recorded" in answer(first)
    assert "beacon round 657413" in answer(first)
    request_post = posts(world)[-1]
    assert "request 1 by KEN for KEN, of the 2 the rules allow" in request_post.content
    assert f"Reason: {REASON}" in request_post.content
    await advance_to(world, ROUND_657413)
    outcome = posts(world)[-1]
    assert outcome.content.startswith(f"**Redraw result in draw {DRAW}**")
    new = (await attachment_json(outcome))["new"]
    assert "is replaced by **" in outcome.content and f"({new})**" in outcome.content
    card = world.guild.channels["ken-criminalization"].pinned_messages()[0].embeds[0]
    assert f"({new})" in {f.name: f.value for f in card.fields}["Reviewing States"]

    # the second request needs a round that is not recorded: it is accepted and waits
    second = await redraw(world, ken_fp)
    assert "Redraw request 2 by KEN for KEN is recorded" in answer(second)
    await world.env.advance_time(15 * 60)
    cannot = [m for m in posts(world) if "cannot be had yet" in m.content]
    assert len(cannot) == 1 and "is not among the recorded rounds" in cannot[0].content
    await world.env.advance_time(3 * 3600)  # the bot keeps trying, and says it only once
    assert len([m for m in posts(world) if "cannot be had yet" in m.content]) == 1
    assert any("keeps failing" in m.content for m in world.secretariat_channel.history())
    status = await ken_fp.slash(world.general, "draw status", draw=DRAW)
    assert "a redraw for KEN is waiting for beacon round" in status.response.content

    third = await redraw(world, ken_fp)
    assert answer(third) == (
        "KEN has made 2 redraw requests for KEN, and the rules of this draw allow 2. A further "
        "request is exceptional: only the chair can make it, with a written authorization. "
        "Nothing was changed.")
    by_focal_point = await redraw(world, ken_fp, exceptional=True, authorization="Myself")
    assert "Only the chair can make an exceptional redraw request." in answer(by_focal_point)
    unsigned = await redraw(world, world.chair, exceptional=True)
    assert "An exceptional redraw needs a written authorization" in answer(unsigned)
    # the chair's authorised request passes the allowance, but the log takes one redraw at a
    # time: it must wait until the pending one has its round (which is not recorded here)
    blocked = await redraw(world, world.chair, exceptional=True, authorization="The Bureau")
    assert f"A redraw in draw {DRAW} is already waiting for beacon round" in answer(blocked)
    count = len(posts(world))
    log = await log_bytes(world, ken_fp)
    assert len(log.splitlines()) == 7 and len(posts(world)) == count
    (tmp_path / "draw.jsonl").write_bytes(log)
    capsys.readouterr()
    # status 3: two recorded beacons, and the pending request, whose message the next line
    # (still to come) will name
    assert await cli("draw", "verify", str(tmp_path / "draw.jsonl")) == 3
    said = capsys.readouterr().out
    assert said.count("not verified:") == 3 and "line 7: the publication of the redraw" in said


async def test_the_focal_point_of_a_reviewing_state_may_ask_for_its_own_state(world):
    result = await drawn(world)
    reviewer = result["assignments"]["KEN"]["same_group"]
    reviewer_fp = await register(world, "reviewer_fp", reviewer)
    stranger = next(c for c in ("BRA", "ARG", "CHL") if c not in json.dumps(result))
    stranger_fp = await register(world, "stranger_fp", stranger)
    refused = await redraw(world, stranger_fp, requested_by=stranger)
    assert answer(refused) == (
        f"{stranger} is neither KEN nor one of its reviewing States in this draw, so it cannot "
        "ask for this redraw. Nothing was changed.")
    asked = await redraw(world, reviewer_fp, requested_by=reviewer)
    assert f"Redraw request 1 by {reviewer} for KEN is recorded" in answer(asked)
    await advance_to(world, ROUND_657413)
    outcome = await attachment_json(posts(world)[-1])
    assert outcome["old"] == reviewer and outcome["new"] != reviewer


@pytest.mark.parametrize("redraws", [0])
async def test_an_exceptional_request_by_the_chair_with_an_authorization_goes_through(
        world, tmp_path, capsys):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    ken_fp = await register(world, "ken_fp", "KEN")
    result = await drawn(world)
    refused = await redraw(world, ken_fp, slot="other_group")
    assert "the rules of this draw allow 0. A further request is exceptional" in answer(refused)
    authorization = "The Bureau, at its meeting of 24 August 2023, at Kenya's written request"
    asked = await redraw(world, world.chair, slot="other_group", exceptional=True,
                         authorization=authorization)
    assert "Redraw request 1 by KEN for KEN is recorded" in answer(asked)
    request_post = posts(world)[-1]
    assert f"Exceptional request, authorised: {authorization}" in request_post.content
    assert "beyond the 0 the rules allow" in request_post.content
    await advance_to(world, ROUND_657413)
    outcome = await attachment_json(posts(world)[-1])
    assert outcome["old"] == result["assignments"]["KEN"]["other_group"]
    assert outcome["slot"] == "other_group" and outcome["new"] != outcome["old"]

    # closing: the chair only; the final log verifies with the standalone verifier
    not_chair = await ken_fp.slash(world.draws, "draw-admin close", draw=DRAW)
    assert "needs the working-group chair role" in not_chair.response.content
    closed = await world.chair.slash(world.draws, "draw-admin close", draw=DRAW)
    assert f"Draw {DRAW} is closed" in answer(closed)
    closing = posts(world)[-1]
    assert closing.content.startswith(f"**Draw {DRAW} is closed**")
    (final_log,) = closing.attachments
    log = await final_log.read()
    assert log == await log_bytes(world, world.outsider)
    verifier = await world.outsider.slash(world.general, "draw verifier")
    checked = standalone(tmp_path, await verifier.response.attachments[0].read(), log)
    assert checked.returncode == 3, checked.stdout
    assert checked.stdout.startswith("NOT FULLY VERIFIED: 7 lines, draw closed")
    assert checked.stdout.count("not verified:") == 2  # the two recorded beacons, nothing else
    assert checked.stdout.count("not live drand quicknet") == 2
    again = await redraw(world, world.chair, exceptional=True, authorization=authorization)
    assert f"Draw {DRAW} is closed; its reviewers are final." in answer(again)
