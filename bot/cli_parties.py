"""`deskreview parties import FILE` and `deskreview parties export FILE`.

The same import and export as `/registry import` and `/registry export`, for the secretariat's
administrator. An import from the command line is audited with the actor "cli".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.domain.actor import CLI
from bot.settings import Settings


def _fail(message: str, code: int = 2) -> int:
    print(f"deskreview: {message}", file=sys.stderr)
    return code


async def _open_registry(settings: Settings) -> Any:
    """The store and a registry service on it, or a message saying why not."""
    from bot.clock import SystemClock
    from bot.services.audit import AuditService
    from bot.services.registry import RegistryService
    from bot.services.timers import Timekeeper
    from storage.db import Store, latest_version

    if not Path(settings.database).exists():
        return None, (
            f"no database at {settings.database}; start the bot once or run "
            "`deskreview db upgrade` to create it"
        )
    store = await Store.open(settings.database, migrate=False)
    if await store.schema_version() < latest_version():
        await store.close()
        return None, f"{settings.database} is out of date; run `deskreview db upgrade` first"
    clock = SystemClock()
    registry = RegistryService(store, clock, AuditService(store, clock),
                               Timekeeper(store, clock), None)
    return (store, registry), None


async def cmd_parties_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.errors import InputError

    source = Path(args.file)
    if not source.is_file():
        return _fail(f"no file at {source}")
    data = source.read_bytes()
    opened, problem = await _open_registry(settings)
    if opened is None:
        return _fail(problem)
    store, registry = opened
    try:
        result = await registry.import_csv(CLI, data, remove_missing=args.remove_missing)
    except InputError as exc:
        print(str(exc).replace("`/expert remove`", "/expert remove in Discord"), file=sys.stderr)
        return 1
    finally:
        await store.close()
    print(str(result.summary()).replace("remove_missing set to True", "--remove-missing"))
    return 0


async def cmd_parties_export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.errors import InputError

    target = Path(args.file)
    if target.exists() and not args.overwrite:
        return _fail(f"{target} already exists; choose a new file name or add --overwrite")
    opened, problem = await _open_registry(settings)
    if opened is None:
        return _fail(problem)
    store, registry = opened
    try:
        data = await registry.export_csv()
    except InputError as exc:
        return _fail(str(exc), 1)
    finally:
        await store.close()
    target.write_bytes(data)
    print(f"wrote the registry to {target}")
    return 0


def register(sub: Any) -> None:
    """Add the `parties` command to the CLI's sub-commands."""
    parties = sub.add_parser("parties", help="the registry of States parties (CSV import/export)")
    actions = parties.add_subparsers(dest="parties_command", metavar="ACTION")
    actions.required = True

    imp = actions.add_parser(
        "import", help="apply a registry CSV: every row is checked first; all or nothing"
    )
    imp.add_argument("file", help="the CSV file to read (the format of `parties export`)")
    imp.add_argument(
        "--remove-missing", action="store_true",
        help="also remove parties that are not in the file (default: keep them)",
    )
    imp.set_defaults(handler=cmd_parties_import)

    exp = actions.add_parser("export", help="write the registry as a CSV file")
    exp.add_argument("file", help="the CSV file to write")
    exp.add_argument("--overwrite", action="store_true", help="replace the file if it exists")
    exp.set_defaults(handler=cmd_parties_export)
