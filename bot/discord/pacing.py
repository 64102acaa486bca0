"""Coming back no sooner than Discord asked.

A 429 names how long to wait. discord.py waits out a short one itself; a longer one (over
``MAX_RATELIMIT_WAIT``) it raises as ``RateLimited`` and forgets: the next request on the same
route would go out at once and be refused again. ``Pacing`` sits in front of the client's
request method and keeps, per rate-limit bucket (the route and its major parameter: the
channel, guild or webhook), the moment Discord named. A request to that bucket before then is
not sent: it raises ``RateLimited`` with the time still to wait, which every caller already
treats as "Discord refused, try again later" (a job is retried at that moment). Nothing is
kept across a restart, as with discord.py's own buckets.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.clock import Clock
from bot.discord.retry import retry_after

log = logging.getLogger(__name__)

Request = Callable[..., Awaitable[Any]]


def bucket_of(route: Any) -> str:
    key = getattr(route, "key", None) or f"{route.method} {route.path}"
    major = getattr(route, "major_parameters", "")
    return f"{key}:{major}"


class Pacing:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._back_at: dict[str, datetime] = {}

    def wait_left(self, bucket: str) -> float | None:
        back_at = self._back_at.get(bucket)
        if back_at is None:
            return None
        left = (back_at - self.clock.now()).total_seconds()
        if left <= 0:
            del self._back_at[bucket]
            return None
        return left

    def refused(self, bucket: str, exc: BaseException) -> None:
        wait = retry_after(exc)
        if wait is not None and wait > 0:
            self._back_at[bucket] = self.clock.now() + timedelta(seconds=wait)
            log.warning("Discord asked to wait %.0f s on %s", wait, bucket)

    def wrap(self, request: Request) -> Request:
        async def paced(route: Any, **kwargs: Any) -> Any:
            bucket = bucket_of(route)
            left = self.wait_left(bucket)
            if left is not None:
                raise discord.RateLimited(left)
            try:
                return await request(route, **kwargs)
            except (discord.RateLimited, discord.HTTPException) as exc:
                self.refused(bucket, exc)
                raise

        return paced


def install(client: discord.Client, clock: Clock) -> Pacing:
    """Put the pacing in front of the client's requests (once per HTTP client)."""
    pacing = Pacing(clock)
    http = client.http
    if not getattr(http, "_deskreview_paced", False):
        http.request = pacing.wrap(http.request)  # type: ignore[method-assign, assignment]
        http._deskreview_paced = True  # type: ignore[attr-defined]
    return pacing
