"""The command line: `deskreview run | doctor | health | db upgrade | audit verify | backup PATH
| restore BACKUP | …`. Exit codes: see bot/startup.py (and README)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

from bot import __version__
from bot.cli_demo import register as register_demo
from bot.cli_demo import register_sandbox
from bot.cli_doctor import register as register_doctor
from bot.cli_draws import register as register_draws
from bot.cli_i18n import register as register_i18n
from bot.cli_ops import register as register_ops
from bot.cli_parties import register as register_parties
from bot.cli_reports import register as register_reports
from bot.cli_run import register as register_run
from bot.runlock import AlreadyRunning
from bot.settings import Settings, SettingsError, load_settings
from bot.startup import Exit
from storage.db import StoreError

Handler = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


def _fail(message: str, code: int = 2) -> int:
    print(f"deskreview: {message}", file=sys.stderr)
    return code


#: Commands that read no settings: they run whatever `.env` holds.
SETTINGS_FREE = {"draw", "demo", "sandbox"}


async def cmd_db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from bot.clock import SystemClock
    from bot.services.audit import AuditService
    from bot.services.registry import RegistryService
    from bot.services.timers import Timekeeper
    from storage.db import Store

    store = await Store.open(settings.database, migrate=False)
    try:
        before = await store.schema_version()
        applied = await store.upgrade()
        after = await store.schema_version()
        clock = SystemClock()
        # a new database gets the bundled registry, exactly as the bot's first start does
        seeded = await RegistryService(
            store, clock, AuditService(store, clock), Timekeeper(store, clock), None
        ).seed_if_empty()
    finally:
        await store.close()
    if applied:
        print(f"{settings.database}: schema {before} → {after} ({', '.join(applied)})")
    else:
        print(f"{settings.database}: already at schema {after}; nothing to do")
    if seeded:
        print(f"{settings.database}: registry seeded with the {seeded} bundled parties")
    return 0


async def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    import sqlite3

    from bot.domain.audit import Checkpoint, CheckpointFileError, parse_checkpoints
    from bot.services.audit import verify_file
    from storage.db import Store

    if not Path(settings.database).exists():
        return _fail(f"no database at {settings.database}")
    points: list[Checkpoint] = []
    if args.checkpoints:
        try:
            points = parse_checkpoints(Path(args.checkpoints).read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(f"cannot read {args.checkpoints}: {exc}")
        except CheckpointFileError as exc:
            return _fail(f"{args.checkpoints}: {exc}")
    try:
        store = await Store.open(settings.database, migrate=False)
        await store.close()  # the schema is known (a newer one is refused)
        report = await asyncio.to_thread(
            verify_file, Path(settings.database), settings.audit_key_bytes(), points)
    except sqlite3.Error as exc:
        return _fail(f"cannot read the audit log in {settings.database}: {exc}")
    print(report.describe())
    if args.checkpoints and not points:
        print(f"{args.checkpoints} holds no checkpoint; the chain was checked on its own.")
    return 0 if report.ok else 1


async def cmd_backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.services.backups.check import check_copy
    from storage.db import Store

    if not Path(settings.database).exists():
        return _fail(f"no database at {settings.database}")
    target = Path(args.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    store = await Store.open(settings.database, migrate=False)
    try:
        await store.backup_to(target)
    finally:
        await store.close()
    problem = await check_copy(target, settings.audit_key_bytes())
    if problem is not None:
        return _fail(f"the copy {target} failed its check: {problem}", Exit.CHECK_FAILED)
    print(f"backed up {settings.database} to {target} (integrity and audit chain checked)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deskreview",
        description="Run and look after the deskreview Discord bot.",
    )
    parser.add_argument("--version", action="version", version=f"deskreview {__version__}")
    parser.add_argument(
        "--database", help="the SQLite file to use (default: DESKREVIEW_DATABASE or "
        "deskreview.sqlite3)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION")
    db_sub.required = True
    up = db_sub.add_parser("upgrade", help="apply the schema migrations this version brings")
    up.set_defaults(handler=cmd_db_upgrade)

    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION")
    audit_sub.required = True
    verify = audit_sub.add_parser(
        "verify", help="check the hash chain; exit 0 when intact, 1 naming the first broken entry"
    )
    verify.add_argument(
        "--checkpoints", metavar="FILE",
        help="the published checkpoints (JSON Lines, from /audit checkpoints): also detects "
        "removed, appended and recomputed entries")
    verify.set_defaults(handler=cmd_audit_verify)

    backup = sub.add_parser("backup", help="copy the database safely, even while the bot runs")
    backup.add_argument("path", help="the new file to write (must not exist)")
    backup.set_defaults(handler=cmd_backup)

    for register in EXTRA_COMMANDS:
        register(sub)
    _describe(parser)
    return parser


def _describe(parser: argparse.ArgumentParser) -> None:
    """Give every command's own `--help` the line the command list shows for it."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        for name, child in action.choices.items():
            said = helps.get(name)
            if child.description is None and said:
                child.description = said[0].upper() + said[1:] + "."
            _describe(child)


EXTRA_COMMANDS: list[Callable[[Any], None]] = [
    register_run, register_doctor, register_ops,
    register_parties, register_draws, register_demo, register_sandbox, register_reports,
    register_i18n,
]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        overrides: dict[str, Any] = {}
        if args.database:
            overrides["database"] = Path(args.database)
        if args.command in SETTINGS_FREE:
            settings = Settings.model_construct(**overrides)  # defaults; .env is not read
        else:
            settings = load_settings(**overrides)
        handler: Handler = args.handler
        return asyncio.run(handler(args, settings))
    except SettingsError as exc:
        return _fail(str(exc), Exit.SETTINGS)
    except StoreError as exc:
        return _fail(str(exc), Exit.DATABASE)
    except AlreadyRunning as exc:
        return _fail(f"{exc}.", Exit.ALREADY_RUNNING)
    except KeyboardInterrupt:
        return int(Exit.INTERRUPTED)


if __name__ == "__main__":
    raise SystemExit(main())
