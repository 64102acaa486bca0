"""Discord's 429 with the wait it asks for, as discord.py hands it to the bot.

SimCord's ``env.inject_error`` carries only a status, an error code and a message: the
``HTTPException`` it raises has a response with no headers and a body reduced to code and
message, so a 429 made with it names no wait (no ``Retry-After`` header, no ``retry_after``
field). Real Discord always names one, and discord.py acts on it before the bot sees anything:
a wait up to ``max_ratelimit_timeout`` (the bot sets 30 s) it sleeps out and retries by itself;
a longer one it raises as ``discord.RateLimited(retry_after)``; and when its own retries are
used up it raises the ``HTTPException`` of the last 429, whose response carries the
``Retry-After`` header. ``RateLimits`` makes the simulated Discord answer chosen routes in those
two ways, and notes every request that came back sooner than Discord asked (``early``).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import discord
from simcord.http import router


@dataclass
class _Rule:
    method: str
    path: str
    retry_after: float
    times: int | None  # None: until ``until``
    until: datetime | None
    as_response: bool


class _Response:
    """What discord.py keeps of a 429 response: its status, reason and headers."""

    def __init__(self, retry_after: float) -> None:
        self.status = 429
        self.reason = "Too Many Requests"
        self.headers = {"Retry-After": f"{retry_after:g}",
                        "X-RateLimit-Reset-After": f"{retry_after:g}",
                        "X-RateLimit-Scope": "user"}


@dataclass
class RateLimits:
    env: Any
    rules: list[_Rule] = field(default_factory=list)
    refused: dict[str, datetime] = field(default_factory=dict)  # path -> may come back at
    early: list[str] = field(default_factory=list)
    count: int = 0
    waiting: list[tuple[str, str, list[int], Callable[[], None]]] = field(default_factory=list)
    _original: Any = None

    def arm_after(self, method: str, path: str, passed: int, arm: Callable[[], None]) -> None:
        """Call ``arm`` (which injects a fault) once ``passed`` matching requests went
        through: a fault that meets, say, the second message of a post in several."""
        if passed <= 0:
            arm()
            return
        self.waiting.append((method, path, [passed], arm))

    def add(self, method: str, path: str, retry_after: float, *, times: int | None = 1,
            lasting: timedelta | None = None, as_response: bool = False) -> None:
        """Refuse matching requests with a 429 asking for ``retry_after`` seconds, ``times``
        times or, with ``lasting``, every time until then."""
        until = self.env.now() + lasting if lasting is not None else None
        self.rules.append(_Rule(method, path, retry_after, None if lasting else times, until,
                                as_response))

    def clear(self) -> None:
        self.rules.clear()
        self.waiting.clear()

    def install(self) -> None:
        self._original = router.dispatch
        router.dispatch = self._dispatch

    def uninstall(self) -> None:
        if self._original is not None:
            router.dispatch = self._original
            self._original = None

    def _dispatch(self, backend: Any, method: str, path: str, **kwargs: Any) -> Any:
        now = self.env.now()
        back_at = self.refused.get(f"{method} {path}")
        if back_at is not None and now < back_at:
            self.early.append(f"{method} {path} {(back_at - now).total_seconds():.0f} s early")
        rule = self._match(method, path, now)
        if rule is None:
            result = self._original(backend, method, path, **kwargs)
            self._count_passed(method, path)
            return result
        backend.http_requests.append(_entry(method, path, kwargs))
        self.count += 1
        self.refused[f"{method} {path}"] = now + timedelta(seconds=rule.retry_after)
        if rule.as_response:
            raise discord.HTTPException(_Response(rule.retry_after), {  # type: ignore[arg-type]
                "message": "You are being rate limited.", "code": 0,
                "retry_after": rule.retry_after, "global": False})
        raise discord.RateLimited(rule.retry_after)

    def _count_passed(self, method: str, path: str) -> None:
        for entry in list(self.waiting):
            verb, pattern, left, arm = entry
            if verb in (method, "*") and fnmatch.fnmatch(path, pattern):
                left[0] -= 1
                if left[0] <= 0:
                    self.waiting.remove(entry)
                    arm()

    def _match(self, method: str, path: str, now: datetime) -> _Rule | None:
        for rule in list(self.rules):
            if rule.until is not None and now >= rule.until:
                self.rules.remove(rule)
                continue
            if rule.method not in (method, "*") or not fnmatch.fnmatch(path, rule.path):
                continue
            if rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    self.rules.remove(rule)
            return rule
        return None


def _entry(method: str, path: str, kwargs: dict[str, Any]) -> Any:
    from simcord.types import HttpLogEntry

    return HttpLogEntry(method, path, dict(kwargs.get("params") or {}), kwargs.get("json"),
                        kwargs.get("reason"))
