"""Checkpoints witnessed in Discord expose a rewritten audit log; verifying never freezes."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

from pydantic import SecretStr

from bot.app import create_bot
from bot.cli import main as cli_main
from bot.domain.audit import entry_hash
from tests.behaviour.review_support import register
from tests.conftest import SimulatedClock

KEY = "a-long-random-audit-key-0123456789"


def said(result) -> str:
    return result.followups[-1].content if result.followups else result.response.content


def posted_checkpoints(world) -> list[str]:
    return [m.content for m in world.checkpoints.history() if "Audit checkpoint" in m.content]


async def export_checkpoints(world, path: Path) -> Path:
    result = await world.secretary.slash(world.general, "audit checkpoints")
    message = result.followups[-1] if result.followups else result.response
    (attachment,) = message.attachments
    path.write_bytes(await attachment.read())
    return path


def verify(database: Path, checkpoints: Path | None, capsys) -> tuple[int, str]:
    capsys.readouterr()
    args = ["--database", str(database), "audit", "verify"]
    code = cli_main(args + (["--checkpoints", str(checkpoints)] if checkpoints else []))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def tampered(original: Path, tmp_path: Path, name: str, *statements: str) -> Path:
    copy = tmp_path / f"{name}.sqlite3"
    with sqlite3.connect(original) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("DROP TRIGGER audit_log_no_delete")
        for statement in statements:
            raw.execute(statement)
    return copy


def recompute_from(database: Path, seq: int) -> None:
    """Rewrite entry `seq` and recompute every later hash, as someone with the file can."""
    with sqlite3.connect(database) as raw:
        raw.execute("UPDATE audit_log SET subject = 'KEN <@666>' WHERE seq = ?", (seq,))
        rows = raw.execute("SELECT seq, at, actor, action, subject, details FROM audit_log "
                           "WHERE seq >= ? ORDER BY seq", (seq,)).fetchall()
        prev = raw.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()[0]
        for s, at, actor, action, subject, details in rows:
            digest = entry_hash(s, at, actor, action, subject, json.loads(details), prev)
            raw.execute("UPDATE audit_log SET prev_hash = ?, hash = ?, alg = 'sha256' "
                        "WHERE seq = ?", (prev, digest, s))
            prev = digest


async def witnessed_history(world, settings) -> int:
    """Sensitive actions, each followed by a published checkpoint; returns the last seq."""
    await world.env.advance_time(3600)  # an hour after the bot started
    for name, party in (("amina", "KEN"), ("kofi", "GHA")):
        await register(world, world.member(name), party, "expert")
        for _ in range(2):
            await world.outsider.slash(world.general, "audit show")  # refused, audited
    await world.env.settle()
    assert len(posted_checkpoints(world)) == 2
    with sqlite3.connect(settings.database) as raw:
        return raw.execute("SELECT max(seq) FROM audit_log").fetchone()[0]


async def test_each_rewrite_is_found_where_chain_and_checkpoints_part(
        world, settings, tmp_path, capsys):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    last = await witnessed_history(world, settings)
    assert "entry" in posted_checkpoints(world)[-1] and "KEN" not in posted_checkpoints(world)[-1]
    file = await export_checkpoints(world, tmp_path / "checkpoints.jsonl")
    db = Path(settings.database)
    code, out = await asyncio.to_thread(verify, db, file, capsys)
    assert code == 0 and "against 2 published checkpoints" in out

    seen = max(json.loads(line)["seq"] for line in file.read_text().splitlines())
    assert seen < last  # entries after the last checkpoint are not witnessed yet
    cut = tampered(db, tmp_path, "cut", f"DELETE FROM audit_log WHERE seq > {seen - 1}")
    code, out = await asyncio.to_thread(verify, cut, file, capsys)
    assert code == 1 and f"ends at entry {seen - 1}" in out and f"witnessed entry {seen}" in out
    assert (await asyncio.to_thread(verify, cut, None, capsys))[0] == 0  # alone it looks intact

    rewritten = tampered(db, tmp_path, "rewritten")
    first = min(json.loads(line)["seq"] for line in file.read_text().splitlines())
    recompute_from(rewritten, first + 1)  # an entry between the two checkpoints
    code, out = await asyncio.to_thread(verify, rewritten, file, capsys)
    assert code == 1 and f"broken at entry {seen}" in out
    assert f"the chain and the checkpoints part after entry {first}" in out

    old_date = tampered(db, tmp_path, "old-date")
    with sqlite3.connect(old_date) as raw:
        prev = raw.execute("SELECT hash FROM audit_log WHERE seq = ?", (last,)).fetchone()[0]
        at = "2026-01-01T00:00:00Z"
        digest = entry_hash(last + 1, at, "system", "expert.add", "KEN <@666>", {}, prev)
        raw.execute("INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash,"
                    " hash) VALUES (?, ?, 'system', 'expert.add', 'KEN <@666>', '{}', ?, ?)",
                    (last + 1, at, prev, digest))
    code, out = await asyncio.to_thread(verify, old_date, file, capsys)
    assert code == 1 and f"broken at entry {last + 1}" in out and "added afterwards" in out

    garbled = tampered(db, tmp_path, "garbled",
                       "UPDATE audit_log SET details = 'not json {' WHERE seq = 2")
    code, out = await asyncio.to_thread(verify, garbled, file, capsys)
    assert code == 1 and "broken at entry 2" in out and "not JSON" in out
    assert "Traceback" not in out


async def test_with_the_key_an_appended_forgery_is_found(world, settings, tmp_path, capsys,
                                                         monkeypatch):
    keyed = settings.model_copy(update={"audit_key": SecretStr(KEY)})
    await world.env.restart_bot(create_bot(keyed, clock=SimulatedClock()))
    await register(world, world.member("amina"), "KEN", "expert")
    await world.env.settle()
    monkeypatch.setenv("DESKREVIEW_AUDIT_KEY", KEY)
    db = Path(settings.database)
    with sqlite3.connect(db) as raw:
        last, prev = raw.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC").fetchone()
    code, out = await asyncio.to_thread(verify, db, None, capsys)
    assert code == 0 and "with the key" in out  # the old plain entries still verify
    forged = tampered(db, tmp_path, "forged")
    with sqlite3.connect(forged) as raw:
        at = "2027-01-01T00:00:00Z"
        digest = entry_hash(last + 1, at, "system", "expert.add", "KEN <@666>", {}, prev)
        raw.execute("INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash,"
                    " hash, alg) VALUES (?, ?, 'system', 'expert.add', 'KEN <@666>', '{}', ?, ?,"
                    " 'sha256')", (last + 1, at, prev, digest))
    code, out = await asyncio.to_thread(verify, forged, None, capsys)
    assert code == 1 and f"broken at entry {last + 1}" in out and "without the key" in out
    monkeypatch.delenv("DESKREVIEW_AUDIT_KEY")
    code, out = await asyncio.to_thread(verify, db, None, capsys)
    assert code == 1 and "DESKREVIEW_AUDIT_KEY is not set" in out


def fill_audit_log(database: Path, count: int) -> None:
    """`count` more chained entries, written straight into the file (a long-lived log)."""
    with sqlite3.connect(database) as raw:
        last, prev = raw.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC").fetchone()
        rows = []
        for seq in range(last + 1, last + count + 1):
            at = "2026-01-01T00:00:00Z"
            digest = entry_hash(seq, at, "system", "test", f"entry {seq}", {}, prev)
            rows.append((seq, at, "system", "test", f"entry {seq}", "{}", prev, digest))
            prev = digest
        raw.executemany("INSERT INTO audit_log (seq, at, actor, action, subject, details,"
                        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def command_payload(world, member, channel, name: str, **options) -> tuple[object, dict]:
    """An INTERACTION_CREATE for a slash command, built as SimCord builds it."""
    from simcord import interactions as sim
    from simcord.enums import InteractionType

    parts = name.split()
    root = world.env.backend.find_command(parts[0], world.guild.id)
    leaf, nesting = sim.walk_to_subcommand(root, parts[1:])
    leaf_options, _ = sim.build_options(member, name, leaf, options, channel_id=channel.id)
    data = {"id": root["id"], "name": root["name"], "type": 1,
            "options": sim.nest_options(root, nesting, leaf_options)}
    return sim.base_payload(world.env.backend, type=InteractionType.APPLICATION_COMMAND,
                            channel_id=channel.id, guild_id=world.guild.id, user_id=member.id,
                            data=data)


async def test_other_people_are_answered_while_a_long_verify_runs(world, settings):
    from simcord.results import InteractionResult

    fill_audit_log(Path(settings.database), 100_000)
    loop = asyncio.get_running_loop()
    record, payload = command_payload(world, world.outsider, world.general, "party show",
                                      party="KEN")
    sent: list[bool] = []
    tries = iter(range(200_000))  # a verify on the event loop would never let this run

    def when_verify_is_in_its_worker() -> None:
        # as soon as the verify runs in its worker thread, someone else asks something
        if world.env._work.executors and not sent:
            sent.append(True)
            world.env.backend.emit("INTERACTION_CREATE", payload)
        elif not sent and next(tries, None) is not None:
            loop.call_soon(when_verify_is_in_its_worker)

    loop.call_soon(when_verify_is_in_its_worker)
    verified = await world.secretary.slash(world.general, "audit verify")
    assert sent == [True]
    assert said(verified).startswith("Audit chain intact: 1000")  # 100,000 and more
    shown = InteractionResult(world.env, record)
    assert "Kenya" in shown.response.embeds[0].title
    order = [e.path for e in world.env.http_requests]
    answered = order.index(f"/interactions/{record.id}/{record.token}/callback")
    verify_done = max(i for i, path in enumerate(order) if path.startswith("/webhooks/"))
    assert answered < verify_done  # Kenya's entry came back before the verify finished

