"""A review's channel that Discord refuses for thirty days: its reminders keep being tried and
the secretariat hears of them; no other review's notice comes a minute late; once Discord
takes posts again, every owed reminder arrives, each once."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from tests.behaviour.test_timers import DAY, containing, on_time, two_reviews


async def test_a_channel_refused_for_thirty_days_delays_no_other_review_and_is_reported(world):
    ken, nga = await two_reviews(world)
    start = world.bot.clock.now()  # 1 January 2026, 00:00 UTC
    world.env.inject_error("POST", f"/channels/{ken.id}/messages", status=403, code=50013,
                           message="Missing Permissions", times=None)
    for _ in range(30):
        await world.env.advance_time(DAY)
    week_before = start + timedelta(days=7, hours=9)
    (week,) = containing(nga, "Gentle reminder for review NGA, cluster 1: the appointment of a "
                              "focal point")
    assert on_time(week, week_before)
    (due,) = containing(nga, "For review NGA, cluster 1: the appointment of a focal point by "
                             "each State is due today")
    assert on_time(due, week_before + timedelta(days=7))
    assert containing(ken, "review KEN") == []  # Discord took nothing in Kenya's channel
    reports = containing(world.secretariat_channel, "keeps failing")
    assert any("a review deadline reminder" in r.content and "Missing Permissions" in r.content
               for r in reports)
    by_job: dict[str, list] = {}
    for report in reports:  # each failing task: once, then at most daily
        found = re.search(r"\((review:1:[^,]+), task", report.content)
        if found:
            by_job.setdefault(found.group(1), []).append(report.created_at)
    assert by_job
    for times in by_job.values():
        assert all(b - a >= timedelta(days=1) for a, b in zip(times, times[1:], strict=False))
    world.env.backend.faults.clear()
    await world.env.advance_time(2 * 3600)  # the back-off is an hour at most
    owed = [m.content for m in ken.history() if "review KEN" in m.content]
    assert owed and set(Counter(owed).values()) == {1}  # every owed reminder, each once
    assert any("Gentle reminder for review KEN" in text for text in owed)
