"""`deskreview draw compute | verify | verifier`: the draw, re-run and checked by anyone.

* ``draw compute MANIFEST.json --beacon BEACON.json`` prints the canonical result JSON. With
  ``--redraw REQUEST.json BEACON.json`` (repeatable, in log order) it applies those redraws
  after the result and prints the result of the last one; a request the rules of
  ``draw-protocol.md`` section 8.4 refuse is refused with the verifier's words, unless
  ``--computation-only`` asks for the computation alone (as the second redraw vector needs).
  Exit 1 when something is refused, 2 when a file cannot be read.
* ``draw verify LOG.jsonl`` exits with the status of section 8: 0 when every check held, BLS
  signatures and publication times included; 3 when everything that could be checked held but
  something could not be verified (each listed); 1 naming the first line that does not hold;
  2 when the file cannot be read.
* ``draw verifier [--out FILE]`` writes the standalone verifier (stdlib only) and prints its
  SHA-256, which every manifest names in ``meta.verifier_sha256``.

None of these needs the database or Discord.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings

DEFAULT_VERIFIER = "verify_draw.py"


def _fail(message: str, code: int = 2) -> int:
    print(f"deskreview: {message}", file=sys.stderr)
    return code


class Unreadable(Exception):
    """A file that cannot be read at all (exit status 2)."""


def _read_bytes(path: str, what: str) -> bytes:
    file = Path(path)
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise Unreadable(f"no {what} file at {file}") from None
    except OSError as exc:
        raise Unreadable(f"the {what} file {file} cannot be read: {exc.strerror or exc}") from None


def _read_json(path: str, what: str) -> dict[str, Any]:
    from bot.domain.canonical import loads_strict

    file = Path(path)
    data = _read_bytes(path, what)
    try:
        value = loads_strict(data)
    except ValueError as exc:
        raise ValueError(f"{file} is not usable as the {what}: {exc}") from None
    if not isinstance(value, dict):
        raise ValueError(f"{file} does not hold a JSON object, so it is not a {what}")
    return value


def _randomness(beacon: dict[str, Any], expected_round: Any, path: str) -> str:
    """The beacon's randomness, after the checks of draw-protocol.md section 4."""
    from pydantic import ValidationError

    from bot.domain.beacon import BeaconRecord, check_beacon

    if not isinstance(expected_round, int):
        raise ValueError(f"the round of {path} cannot be checked: the manifest or request does "
                         "not name a beacon round (beacon.round)")
    try:
        record = BeaconRecord.model_validate(beacon)
    except ValidationError as exc:
        raise ValueError(f"{path} is not a beacon record: {exc.errors()[0]['msg']}") from None
    check = check_beacon(record, expected_round)
    if not check.ok:
        raise ValueError(f"{path}: {check.reason}")
    state = "BLS signature verified" if check.verified else f"NOT verified: {check.reason}"
    print(f"beacon round {record.round}: {state}", file=sys.stderr)
    return record.randomness


async def cmd_draw_compute(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.canonical import canon
    from bot.domain.draw import DrawState, compute_result
    from bot.domain.drawlog import check_redraw_request
    from bot.domain.errors import InputError

    try:
        manifest = _read_json(args.manifest, "manifest")
        named = manifest.get("beacon", {}).get("round") if isinstance(
            manifest.get("beacon"), dict) else None
        randomness = _randomness(_read_json(args.beacon, "beacon"), named, args.beacon)
        output = compute_result(manifest, randomness)
        state = DrawState(manifest, output) if args.redraw else None
        for request_path, beacon_path in args.redraw or []:
            request = _read_json(request_path, "redraw request")
            assert state is not None
            if not args.computation_only:
                try:
                    check_redraw_request(state, request)
                except InputError as exc:
                    raise InputError(f"{request_path} is refused: {exc}") from None
            round_ = request.get("beacon", {}).get("round") if isinstance(
                request.get("beacon"), dict) else None
            value = _randomness(_read_json(beacon_path, "beacon"), round_, beacon_path)
            output = state.redraw(request, value)
    except Unreadable as exc:
        return _fail(str(exc), 2)
    except (InputError, ValueError) as exc:
        return _fail(str(exc), 1)
    sys.stdout.buffer.write(canon(output) + b"\n")
    sys.stdout.flush()
    return 0


async def cmd_draw_verify(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.drawlog import split_log, verify_log

    try:
        data = _read_bytes(args.log, "log")
    except Unreadable as exc:
        return _fail(str(exc), 2)
    report = verify_log(split_log(data))
    print(report.text())
    return report.status


async def cmd_draw_verifier(args: argparse.Namespace, settings: Settings) -> int:
    from bot.domain.canonical import sha256_hex
    from bot.domain.drawlog import standalone_verifier_source

    target = Path(args.out)
    data = standalone_verifier_source()
    if target.exists() and target.read_bytes() != data:
        return _fail(f"{target} already exists; choose another --out or remove it first")
    if target.parent and not target.parent.exists():
        return _fail(f"the folder {target.parent} does not exist")
    target.write_bytes(data)
    print(f"wrote {target} (SHA-256 {sha256_hex(data)}); run: python3 -I {target} LOG.jsonl")
    return 0


def register(sub: Any) -> None:
    """Add the `draw` command to the CLI's sub-commands."""
    draw = sub.add_parser("draw", help="re-run and check draws of reviewing States")
    actions = draw.add_subparsers(dest="draw_command", metavar="ACTION")
    actions.required = True

    compute = actions.add_parser(
        "compute", help="print the canonical result of a manifest and a beacon round")
    compute.add_argument("manifest", help="the manifest (JSON)")
    compute.add_argument("--beacon", required=True, help="the beacon record of its round (JSON)")
    compute.add_argument(
        "--redraw", nargs=2, action="append", metavar=("REQUEST", "BEACON"),
        help="a redraw request and the beacon record of its round; repeat in log order; the "
             "result of the last one is printed")
    compute.add_argument(
        "--computation-only", action="store_true",
        help="apply the redraws without checking that the rules allow each request (for a "
             "vector that checks the computation alone); the output is no verified draw")
    compute.set_defaults(handler=cmd_draw_compute)

    verify = actions.add_parser(
        "verify", help="check a draw log; exit 0 when everything was verified, 3 when all that "
                       "could be checked held but something could not be verified, 1 naming "
                       "the first bad line, 2 when the file cannot be read")
    verify.add_argument("log", help="the draw log (JSON Lines)")
    verify.set_defaults(handler=cmd_draw_verify)

    verifier = actions.add_parser(
        "verifier", help="write the standalone verifier (one Python file, standard library only)")
    verifier.add_argument("--out", default=DEFAULT_VERIFIER,
                          help=f"the file to write (default: {DEFAULT_VERIFIER})")
    verifier.set_defaults(handler=cmd_draw_verifier)
