"""Timers that cannot stall: a failing, damaged or late job keeps no other from its time."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from tests.behaviour.review_support import open_triad, register

pytestmark = pytest.mark.usefixtures("answered_errors_only")

DAY = 86400


def containing(channel, text: str) -> list:
    return [m for m in channel.history() if text in m.content]


def on_time(message, due, slack: timedelta = timedelta(minutes=1)) -> bool:
    return timedelta(0) <= message.created_at - due <= slack


async def two_reviews(world):
    for name, party in (("ken_fp", "KEN"), ("nga_fp", "NGA")):
        await register(world, world.member(name), party, "focal_point")
    await open_triad(world, "KEN", "GHA", "FRA")
    await open_triad(world, "NGA", "GHA", "ESP")
    return world.guild.channels["ken-criminalization"], world.guild.channels["nga-criminalization"]


async def test_a_job_failing_for_thirty_days_delays_no_other_review_and_is_reported(
    world, bot_factory
):
    ken, nga = await two_reviews(world)
    start = world.bot.clock.now()  # 1 January 2026, 00:00 UTC
    tries: list[int] = []

    async def unreachable(job, late: bool) -> None:  # a service that is down for a month
        tries.append(job.attempts)
        raise ConnectionError("the archive service does not answer")

    async with world.bot.services.store.transaction() as tx:
        await world.bot.services.timers.schedule(tx, "archive.export", start, key="export:KEN")
    bot = bot_factory()  # a process that knows the task picks it up from the table
    await world.env.restart_bot(bot)
    bot.services.timers.register("archive.export", unreachable, label="an archive export")
    for _ in range(30):
        await world.env.advance_time(DAY)
    week_before = start + timedelta(days=7, hours=9)
    for channel, sur in ((ken, "KEN"), (nga, "NGA")):
        (week,) = containing(channel, f"Gentle reminder for review {sur}, cluster 1: the "
                                      "appointment of a focal point")
        assert on_time(week, week_before)
        (due,) = containing(channel, f"For review {sur}, cluster 1: the appointment of a focal "
                                     "point by each State is due today")
        assert on_time(due, week_before + timedelta(days=7))
    assert len(tries) >= 29 * 24  # still tried every hour at the end of the month
    # the secretariat heard of it: what it is and why, once, then at most daily
    reports = containing(world.secretariat_channel, "keeps failing")
    assert 25 <= len(reports) <= 30
    for report in reports:
        assert "an archive export (export:KEN" in report.content
        assert "the archive service does not answer" in report.content
    times = [r.created_at for r in reports]
    assert all(b - a >= timedelta(days=1) for a, b in zip(times, times[1:], strict=False))


async def test_a_damaged_job_row_is_reported_and_stops_no_other(world, settings):
    ken, nga = await two_reviews(world)
    start = world.bot.clock.now()
    with sqlite3.connect(settings.database) as raw:  # a row someone edited by hand
        raw.execute("INSERT INTO jobs (kind, key, payload, due_at, run_at, created_at) VALUES"
                    " ('review.deadline', 'damaged', '{not json', ?, ?, ?)",
                    ("2026-01-01T01:00:00Z",) * 3)
    for _ in range(7):
        await world.env.advance_time(DAY)
    await world.env.advance_time(9 * 3600 + 10 * 60)
    for channel, sur in ((ken, "KEN"), (nga, "NGA")):
        (week,) = containing(channel, f"Gentle reminder for review {sur}")
        assert on_time(week, start + timedelta(days=7, hours=9))
    (report, *_) = containing(world.secretariat_channel, "keeps failing")
    assert "a review deadline reminder (damaged" in report.content


async def test_a_job_that_starts_late_is_said_to_the_secretariat(world, bot_factory, caplog):
    ken, _ = await two_reviews(world)
    await world.bot.services.timers.stop()  # the bot is down on 8 January at 09:00
    await world.env.advance_time(7 * DAY + 12 * 3600)
    await world.env.restart_bot(bot_factory())
    await world.env.advance_time(60)
    (late,) = containing(world.secretariat_channel, "started late")
    assert "a review deadline reminder" in late.content and "minutes late" in late.content
    assert any("late" in r.getMessage() and "review.deadline" in r.getMessage()
               for r in caplog.records)
    assert len(containing(ken, "Gentle reminder for review KEN")) == 1
