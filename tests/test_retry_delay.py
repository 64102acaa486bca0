"""The back-off of a failing job is bounded whatever the number of tries."""

from __future__ import annotations

from datetime import timedelta

from bot.services.timers import FIRST_RETRY, MAX_RETRY, retry_delay


def test_the_delay_grows_then_stays_at_an_hour_for_every_count_up_to_a_million():
    assert [retry_delay(n) for n in range(1, 5)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    previous = retry_delay(0)
    assert previous == FIRST_RETRY
    for attempts in range(1, 1_000_001):
        delay = retry_delay(attempts)
        assert previous <= delay <= MAX_RETRY
        previous = delay
    assert retry_delay(10**18) == MAX_RETRY
