"""`deskreview run`: connect and serve; a failure to start is one sentence and its exit code
(see bot/startup.py for the table)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from typing import Any

from bot.settings import Settings
from bot.startup import Exit, StartFailure, start_failure


def report(failure: StartFailure) -> int:
    print(f"deskreview: {failure.message}", file=sys.stderr)
    return int(failure.code)


async def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot import logs, runlock
    from bot.app import create_bot
    from bot.serving import Serving

    token = settings.token()
    settings.require_guild()
    key = settings.audit_key_bytes()
    logs.configure(settings.log_level, token, key.decode("utf-8") if key else "",
                   json_lines=settings.log_format == "json")
    with runlock.hold(settings.database):
        bot = create_bot(settings, serving=Serving())
        # `docker stop` and `systemctl stop` send SIGTERM: close cleanly, exit 0
        with contextlib.suppress(NotImplementedError, RuntimeError):
            asyncio.get_running_loop().add_signal_handler(
                signal.SIGTERM, lambda: asyncio.ensure_future(bot.close()))
        try:
            async with bot:
                await bot.start(token)
        except Exception as exc:
            failure = start_failure(exc)
            if failure is None:
                raise
            return report(failure)
    if bot.stopped_for is not None:
        return report(bot.stopped_for)
    if bot.startup_error:  # a role setting that names several roles: a setting to correct
        return report(StartFailure(Exit.SETTINGS, bot.startup_error))
    return 0


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="connect to Discord and serve (needs DISCORD_TOKEN and "
                                     "DESKREVIEW_GUILD_ID)")
    run.set_defaults(handler=cmd_run)
