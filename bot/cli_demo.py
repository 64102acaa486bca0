"""`deskreview demo`: the whole review cycle in a simulated Discord, without a token."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from bot.settings import Settings


async def cmd_demo(args: Any, settings: Settings) -> int:
    try:
        from bot.demo.play import play
    except ImportError as exc:  # simcord comes with the test extra
        print(f"deskreview: the demo needs the simulated Discord ({exc.name}); install it with "
              "`pip install -e '.[test]'`", file=sys.stderr)
        return 2
    import logging

    # the scheduler's own notices are noise in a demonstration; warnings of ours still show
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    out = Path(args.out)
    started = time.perf_counter()
    outcome = await play(out, echo=lambda line: print(line, flush=True))
    seconds = time.perf_counter() - started
    print()
    print(outcome.transcript.text())
    print(f"Written to {out}/: deskreview.sqlite3 (the database), {outcome.draw_log.name} "
          f"(the draw log), {outcome.calendar.name} (the calendar file), transcript.txt and "
          "the review's closing transcripts.")
    draw_ok = "yes" if outcome.verified_draw else "NO"
    audit_ok = "yes" if outcome.verified_audit else "NO"
    print(f"Draw log checked by the standalone verifier (status 3, everything verified but the "
          f"recorded beacon): {draw_ok}; audit chain intact: {audit_ok}. ({seconds:.1f} s)")
    return 0 if outcome.verified_draw and outcome.verified_audit else 1


def register(sub: Any) -> None:
    demo = sub.add_parser(
        "demo", help="play a whole review cycle in a simulated Discord (no token needed)")
    demo.add_argument("--out", default="demo-out",
                      help="folder for the database, draw log, calendar file and transcripts "
                           "(default: demo-out)")
    demo.set_defaults(handler=cmd_demo)


async def cmd_sandbox(args: Any, settings: Settings) -> int:
    try:
        from bot.demo.sandbox import serve
    except ImportError as exc:
        print(f"deskreview: the sandbox needs the simulated Discord ({exc.name}); install it "
              "with `pip install -e '.[test]'`", file=sys.stderr)
        return 2
    import logging

    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    try:
        await serve(Path(args.out), args.port, echo=lambda line: print(line, flush=True))
    except Exception as exc:  # the preview's own refusal, e.g. its optional extra is missing
        if type(exc).__name__ != "SetupError":
            raise
        print(f"deskreview: {exc}", file=sys.stderr)
        return 2
    return 0


def register_sandbox(sub: Any) -> None:
    sandbox = sub.add_parser(
        "sandbox", help="keep a simulated server running and serve it in a browser on 127.0.0.1")
    sandbox.add_argument("--out", default="sandbox-out", help="folder for its database")
    sandbox.add_argument("--port", type=int, default=None,
                         help="loopback port for the browser pages (default: any free port)")
    sandbox.set_defaults(handler=cmd_sandbox)
