"""Kill the bot at a chosen point of its conversation with Discord.

``crash_at`` makes the simulated Discord carry out the n-th matching request and then kill the
bot's process before it hears the answer (``after=True``: the object exists in Discord, the
bot has no record of it), or kill it just before the request goes out (``after=False``: the
bot's transaction committed, the request was never made). The "kill" is an exception no
handler of ours catches (a ``BaseException``, like the signal that ends a process); the test
then stops that bot and starts a new one on the same database with ``env.restart_bot``.
"""

from __future__ import annotations

import asyncio
import fnmatch
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from simcord.http import router


class Killed(BaseException):  # noqa: N818 - what happens to the process, not an error of it
    """The bot's process ends here."""


@dataclass
class Window:
    method: str
    path: str
    nth: int = 1
    after: bool = True
    seen: int = 0
    fired: bool = False


@contextmanager
def crash_at(bot: Any, method: str, path: str, *, nth: int = 1,
             after: bool = True) -> Iterator[Window]:
    """``bot`` is the process killed: its timers stop with it."""
    window = Window(method, path, nth, after)
    original = router.dispatch

    def die() -> None:
        window.fired = True
        if bot._services is not None:
            asyncio.get_running_loop().create_task(bot.services.timers.stop())

    def dispatch(backend: Any, verb: str, at: str, **kwargs: Any) -> Any:
        if window.fired:  # a dead process sends nothing more
            raise Killed(f"the process is dead: no {verb} {at}")
        hit = False
        if not window.fired and verb == window.method and fnmatch.fnmatch(at, window.path):
            window.seen += 1
            hit = window.seen == window.nth
        if hit and not window.after:
            die()
            raise Killed(f"killed before {verb} {at}")
        result = original(backend, verb, at, **kwargs)
        if hit:
            die()
            raise Killed(f"killed after {verb} {at}, before its answer was recorded")
        return result

    router.dispatch = dispatch
    try:
        yield window
    finally:
        router.dispatch = original


async def restart_after_kill(world: Any, bot_factory: Any) -> Any:
    """The killed process is gone; a new one starts on the same database."""
    old = world.env.bot
    if old._services is not None:
        await old.services.timers.stop()
    new = bot_factory()
    await world.env.restart_bot(new)
    if old._services is not None:
        await old._services.store.close()
        old._services = None
    try:  # the kill itself is no error of the bot: acknowledge it
        world.env.raise_errors()
    except BaseExceptionGroup as group:
        _, rest = group.split(Killed)
        if rest is not None:
            raise rest from None
    await world.env.advance_time(0)
    return new
