"""`deskreview i18n check` and `deskreview i18n extract`: the catalogues of the six languages."""

from __future__ import annotations

import argparse
from typing import Any

from bot.settings import Settings


async def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from bot.i18n.check import check

    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the catalogues")
        return 1
    print("catalogues complete: every message translated in the six languages")
    return 0


async def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    from bot.i18n.check import extract

    for path in extract():
        print(f"wrote {path}")
    return 0


def register(sub: Any) -> None:
    i18n = sub.add_parser("i18n", help="the catalogues of the six UN languages")
    actions = i18n.add_subparsers(dest="i18n_command", metavar="ACTION")
    actions.required = True
    check = actions.add_parser("check", help="exit 1 when a message lacks a translation in a "
                               "language or a translation's placeholders differ from the source")
    check.set_defaults(handler=cmd_check)
    extract = actions.add_parser("extract", help="write the template from the code and merge "
                                 "it into each catalogue (new messages left to translate)")
    extract.set_defaults(handler=cmd_extract)
