"""Time the standalone verifier, as a State runs it, on a genuine log with six beacons.

Run from the repository root: ``python benchmarks/draw_verify_six_beacons.py``. It builds the
log of the example draw (``tests/domain/draw_vectors/``) with five redraws, on six real drand
quicknet rounds (2, 3, 123, 657413, 1000000, 20000000), each manifest and request published
before its round (``posted`` message ids consistent with the rounds), writes the standalone
verifier as the bot hands it out, and times ``python3 -I -S verify_draw.py LOG`` (isolated, no
site-packages: nothing but the standard library, BLS included). It also times the bot's own
verifier (``deskreview draw verify``), which checks each signature with both the pure-Python
code and drand-verify. Target: under 10 s for the standalone verifier. Exits 1 if a check fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.beacon import time_of_round  # noqa: E402
from bot.domain.bls_checks import forget_verdicts  # noqa: E402
from bot.domain.draw import DrawState, compute_result  # noqa: E402
from bot.domain.draw_evidence import snowflake_at  # noqa: E402
from bot.domain.drawlog import (  # noqa: E402
    append_line,
    close_body,
    join_log,
    make_redraw_request,
    verify_log,
)
from bot.domain.standalone import standalone_verifier_source  # noqa: E402

VECTORS = ROOT / "tests" / "domain" / "draw_vectors"
BUNDLED = ROOT / "bot" / "data" / "beacons"
CHANNEL = "1140000000000000000"
# (sur, slot, requested_by, requested_at, round): each request after the round before it
REDRAWS = [
    ("AAA", "same_group", "AAA", "2023-08-23T15:09:31Z", 3),
    ("DDD", "same_group", "DDD", "2023-08-23T15:10:00Z", 123),
    ("DDD", "other_group", "DDD", "2023-09-15T10:00:00Z", 657413),
    ("JJJ", "same_group", "JJJ", "2023-09-20T00:00:00Z", 1000000),
    ("EEE", "other_group", "EEE", "2025-07-01T00:00:00Z", 20000000),
]


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def posted(moment: datetime) -> dict[str, str]:
    return {"channel_id": CHANNEL, "message_id": str(snowflake_at(moment))}


def real_round(round_: int) -> dict[str, Any]:
    for folder in (BUNDLED, VECTORS):
        path = folder / f"quicknet-round-{round_}.json"
        if path.exists():
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    raise LookupError(round_)


def genuine_log() -> list[bytes]:
    manifest = json.loads((VECTORS / "example-manifest.json").read_text(encoding="utf-8"))
    manifest["draw_id"] = "benchmark-six-beacons"
    manifest["beacon"]["round"] = 2
    manifest["meta"] = {"title": "Six beacons", "announced_at": "2023-08-23T15:00:00Z"}
    first = real_round(2)
    result = compute_result(manifest, first["randomness"])
    state = DrawState(manifest, result)
    lines: list[bytes] = []
    lines.append(append_line(lines, "manifest", manifest))
    lines.append(append_line(lines, "beacon", first, posted(when("2023-08-23T15:05:00Z"))))
    lines.append(append_line(lines, "result", result))
    for sur, slot, by, at, round_ in REDRAWS:
        request = make_redraw_request(state, sur=sur, slot=slot, requested_by=by,
                                      reason="benchmark", requested_at=when(at),
                                      notice_seconds=0)
        request["beacon"]["round"] = round_
        beacon = real_round(round_)
        lines.append(append_line(lines, "redraw_request", request))
        message = datetime.fromtimestamp(time_of_round(round_) - 1, UTC)
        lines.append(append_line(lines, "beacon", beacon, posted(message)))
        lines.append(append_line(lines, "redraw_result",
                                 state.redraw(request, beacon["randomness"])))
    lines.append(append_line(lines, "close", close_body(state)))
    return lines


def main() -> int:
    lines = genuine_log()
    beacons = sum(json.loads(line)["type"] == "beacon" for line in lines)
    with tempfile.TemporaryDirectory() as folder:
        verifier = Path(folder) / "verify_draw.py"
        verifier.write_bytes(standalone_verifier_source())
        log = Path(folder) / "draw.jsonl"
        log.write_bytes(join_log(lines))
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-I", "-S", str(verifier), str(log)],
                              capture_output=True, text=True, check=False)
        standalone_s = time.perf_counter() - started
    forget_verdicts()
    started = time.perf_counter()
    report = verify_log(lines)
    ours_s = time.perf_counter() - started
    print(f"log: {len(lines)} lines, {beacons} beacons (real quicknet rounds)")
    print(f"standalone verifier (python3 -I -S): {standalone_s:.2f} s, exit status "
          f"{done.returncode}  (target: under 10 s)")
    print(f"bot's verifier (pure-Python BLS and drand-verify): {ours_s:.2f} s, status "
          f"{report.status}")
    if done.returncode != 0 or report.status != 0:
        print(done.stdout + done.stderr + report.text())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
