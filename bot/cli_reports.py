"""`deskreview report status [--as-of DATE] [--cluster N] --out DIR`.

Writes the same three files as `/report status` — the text, the CSV and the chart — for the
working group's documents. It only reads the database, so it is safe while the bot runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings


def _fail(message: str, code: int = 2) -> int:
    print(f"deskreview: {message}", file=sys.stderr)
    return code


async def cmd_report_status(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import SystemClock
    from bot.domain.errors import InputError
    from bot.services.reports import ReportService
    from storage.db import Store, latest_version

    if not Path(settings.database).exists():
        return _fail(f"no database at {settings.database}")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        return _fail(f"{out} exists and is not a directory")
    store = await Store.open(settings.database, migrate=False)
    try:
        if await store.schema_version() < latest_version():
            return _fail(f"{settings.database} is out of date; run `deskreview db upgrade` first")
        reports = ReportService(store, SystemClock())
        try:
            day = reports.parse_day(args.as_of)
            cluster = reports.parse_cluster(args.cluster)
        except InputError as exc:
            return _fail(str(exc))
        files = await reports.files(day, cluster)
    finally:
        await store.close()
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.named().items():
        (out / name).write_bytes(data)
        print(f"wrote {out / name}")
    return 0


def register(sub: Any) -> None:
    """Add the `report` command to the CLI's sub-commands."""
    report = sub.add_parser("report", help="reports for the working groups")
    actions = report.add_subparsers(dest="report_command", metavar="ACTION")
    actions.required = True
    status = actions.add_parser(
        "status", help="the state of all reviews as aggregates: a text, a CSV and a chart (PNG)"
    )
    status.add_argument("--as-of", help="the day described, YYYY-MM-DD (default: today, UTC)")
    status.add_argument("--cluster", type=int, choices=(1, 2, 3, 4),
                        help="only this cluster (default: every cluster)")
    status.add_argument("--out", required=True, help="the directory to write the files to")
    status.set_defaults(handler=cmd_report_status)
