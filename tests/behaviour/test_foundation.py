"""The foundation, as the people using the bot see it."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import timedelta

from bot.cli import main as cli_main
from bot.ports import OutMessage
from storage.jobs import Job


async def test_audit_commands_are_refused_without_the_secretariat_role(world):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    for who in (world.outsider, world.chair):
        for command in ("audit verify", "audit show"):
            result = await who.slash(world.general, command)
            assert result.ephemeral
            assert "needs the secretariat role" in result.response.content
    # the refusals themselves were audited
    result = await world.secretary.slash(world.general, "audit show", count=10)
    assert result.response.content.count("access.refused") == 4


async def test_audit_verify_reports_an_intact_chain_after_audited_actions(world):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    before = await world.bot.services.audit.recent(50)  # the registry's first seeding
    await world.outsider.slash(world.general, "audit verify")  # a refusal: one audited action
    result = await world.secretary.slash(world.general, "audit verify")
    assert result.ephemeral
    assert result.response.content == f"Audit chain intact: {len(before) + 1} entries checked."


async def test_cli_audit_verify_names_an_edited_row(world, settings, capsys):
    world.grant_staff_commands(world.guild.default_role)  # Discord's gate open: the table decides
    for _ in range(3):
        await world.outsider.slash(world.general, "audit show")
    verify = ["--database", str(settings.database), "audit", "verify"]
    assert await asyncio.to_thread(cli_main, verify) == 0
    with sqlite3.connect(settings.database) as raw:
        raw.execute("DROP TRIGGER audit_log_no_update")
        raw.execute("UPDATE audit_log SET subject = 'audit verify' WHERE seq = 2")
    capsys.readouterr()
    assert await asyncio.to_thread(cli_main, verify) == 1
    assert "broken at entry 2" in capsys.readouterr().out
    result = await world.secretary.slash(world.general, "audit verify")
    assert "broken at entry 2" in result.response.content


async def test_an_unexpected_error_gives_an_incident_id_and_logs_it(world, settings, caplog):
    # a real fault under the bot: someone renamed the audit table behind its back
    with sqlite3.connect(settings.database) as raw:
        raw.execute("ALTER TABLE audit_log RENAME TO audit_log_moved")
    result = await world.secretary.slash(world.general, "audit verify")
    assert result.ephemeral
    assert "Something went wrong on our side (incident `" in result.response.content
    incident = result.response.content.split("`")[1]
    assert any(incident in r.getMessage() and r.exc_info for r in caplog.records)
    assert "audit_log" not in result.response.content  # no internals shown to the user
    assert any("no such table" in str(e) for e in world.env.errors)


async def _post_notice(world, job: Job, late: bool) -> None:
    suffix = " (late)" if late else ""
    await world.bot.messenger.post(job.payload["channel"], OutMessage(job.payload["text"] + suffix))


async def test_a_job_due_during_downtime_runs_after_restart_marked_late(world, bot_factory):
    bot = world.bot
    bot.services.timers.register("notice", lambda j, late: _post_notice(world, j, late))
    due = bot.clock.now() + timedelta(hours=1)
    async with bot.services.store.transaction() as tx:
        await bot.services.timers.schedule(
            tx, "notice", due, {"channel": world.general.id, "text": "Call starts soon"},
            key="notice:1",
        )
    await world.env.advance_time(30 * 60)
    assert world.general.last_message is None
    # the bot goes down: its timers stop, and two hours pass before it comes back
    await bot.services.timers.stop()
    await world.env.advance_time(2 * 3600)
    assert world.general.last_message is None
    new_bot = bot_factory()
    await world.env.restart_bot(new_bot)
    await world.env.advance_time(0)
    # no handler in the new process yet: the job is kept (and retried), never lost
    assert world.general.last_message is None
    new_bot.services.timers.register("notice", lambda j, late: _post_notice(world, j, late))
    await world.env.advance_time(3600)
    assert [m.content for m in world.general.history()] == ["Call starts soon (late)"]
    await world.env.advance_time(24 * 3600)
    assert len(world.general.history()) == 1  # sent once


async def test_a_failing_job_is_retried_and_reported_never_lost(world, bot_factory):
    tries: list[int] = []

    async def flaky(job: Job, late: bool) -> None:
        tries.append(job.attempts)
        if len(tries) < 5:
            raise ConnectionError("Discord is unavailable")
        await _post_notice(world, job, late)

    async with world.bot.services.store.transaction() as tx:
        await world.bot.services.timers.schedule(
            tx, "notice", world.bot.clock.now() + timedelta(minutes=5),
            {"channel": world.general.id, "text": "Reminder"},
        )
    bot = bot_factory()  # a fresh process picks the job up from the table
    await world.env.restart_bot(bot)
    bot.services.timers.register("notice", flaky)
    await world.env.advance_time(5 * 60)
    assert tries == [0]
    await world.env.advance_time(3 * 3600)
    assert tries == [0, 1, 2, 3, 4]
    reports = [m.content for m in world.secretariat_channel.history()]
    assert len(reports) == 1 and "keeps failing" in reports[0]
    assert [m.content for m in world.general.history()] == ["Reminder (late)"]
