"""`deskreview health` and `deskreview restore BACKUP`: for monitoring and for the runbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.startup import Exit


async def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import SystemClock
    from bot.services.health import check_health
    from storage.db import Store

    if not Path(settings.database).exists():
        print(f"unhealthy: no database at {settings.database}", file=sys.stderr)
        return int(Exit.CHECK_FAILED)
    store = await Store.open(settings.database, migrate=False)
    try:
        health = await check_health(store, SystemClock().now())
    finally:
        await store.close()
    print(health.message, file=sys.stdout if health.ok else sys.stderr)
    return int(Exit.OK if health.ok else Exit.CHECK_FAILED)


async def cmd_restore(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import SystemClock
    from bot.services.backups.restore import RestoreRefused, restore

    try:
        done = await restore(Path(settings.database), Path(args.backup), SystemClock().now(),
                             settings.audit_key_bytes())
    except RestoreRefused as exc:
        print(f"deskreview: restore refused: {exc}.", file=sys.stderr)
        return int(Exit.ALREADY_RUNNING if exc.bot_running else Exit.CHECK_FAILED)
    kept = f"; the database it replaced is kept as {done.replaced}" if done.replaced else ""
    print(f"restored {done.backup} to {done.database}{kept}. Start the bot: it applies any "
          "newer migrations on start.")
    return 0


def register(sub: Any) -> None:
    health = sub.add_parser(
        "health", help="exit 0 when the running bot's heartbeat is fresh and no timer is late")
    health.set_defaults(handler=cmd_health)
    restore = sub.add_parser(
        "restore", help="replace the database with a checked backup (the bot must be stopped; "
                        "the replaced file is kept)")
    restore.add_argument("backup", help="the backup file, e.g. backups/deskreview-….sqlite3")
    restore.set_defaults(handler=cmd_restore)
