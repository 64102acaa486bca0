"""When Discord says to come back: the wait a refused request asks for, if it names one."""

from __future__ import annotations

import json

import discord

# discord.py waits out short rate limits itself; a longer one is raised (``RateLimited``) so
# that a scheduled job is retried later instead of holding up every other job.
MAX_RATELIMIT_WAIT = 30.0


def retry_after(exc: BaseException) -> float | None:
    """Seconds Discord asked us to wait before trying again (429), or None."""
    if isinstance(exc, discord.RateLimited):
        return float(exc.retry_after)
    if isinstance(exc, discord.HTTPException) and exc.status == 429:
        headers = getattr(exc.response, "headers", None) or {}
        for name in ("Retry-After", "X-RateLimit-Reset-After"):
            value = headers.get(name)
            if value is not None:
                try:
                    return float(value)
                except ValueError:
                    continue
        try:
            body = json.loads(exc.text) if exc.text.startswith("{") else {}
        except ValueError:
            body = {}
        if isinstance(body, dict) and isinstance(body.get("retry_after"), int | float):
            return float(body["retry_after"])
    return None


UNKNOWN_MESSAGE = 10008  # Discord's JSON error code: the message does not exist (any more)


def message_gone(exc: BaseException) -> bool:
    """Whether Discord said the message itself is gone (deleted), not merely refused or lost
    the request: only then is a new one posted in its place."""
    return isinstance(exc, discord.NotFound) and exc.code == UNKNOWN_MESSAGE
