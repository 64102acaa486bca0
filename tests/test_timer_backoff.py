"""A job that keeps failing is tried again at most an hour later, however often it failed."""

from __future__ import annotations

from datetime import timedelta

from bot.services.timers import retry_delay


def test_the_back_off_doubles_then_stays_at_an_hour_for_ever():
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    # weeks of an unreachable Discord: hundreds of tries, never an overflow
    assert {retry_delay(n) for n in (10, 42, 500, 10**6)} == {timedelta(hours=1)}
