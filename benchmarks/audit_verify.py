"""Verifying an audit log of a million entries: time and peak memory.

Fills a fresh database (the bot's own migrations) with 1,000,000 chained audit entries, half
of them keyed (as after `DESKREVIEW_AUDIT_KEY` was set), then starts a new process that
verifies the chain the way `/audit verify` and `deskreview audit verify` do (streaming, on a
connection of its own) against a checkpoint every 10,000 entries, and prints:

- the time to verify (target: a few seconds),
- the peak Python allocations while verifying (bounded: it does not grow with the log),
- the verifying process's resident size.

Run: `python benchmarks/audit_verify.py [ENTRIES]`.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.audit import (  # noqa: E402
    GENESIS,
    KEYED,
    PLAIN,
    Checkpoint,
    checkpoint_line,
    dump_details,
    entry_hash,
)
from storage.db import Store  # noqa: E402

KEY = b"benchmark-audit-key-0123456789"
CHILD = """
import sys, time, tracemalloc, json
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from bot.domain.audit import parse_checkpoints
from bot.services.audit import verify_file
points = parse_checkpoints(Path(sys.argv[3]).read_text())
start, cpu = time.perf_counter(), time.process_time()
report = verify_file(Path(sys.argv[2]), b"benchmark-audit-key-0123456789", points)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
tracemalloc.start()
verify_file(Path(sys.argv[2]), b"benchmark-audit-key-0123456789", points)
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"ok": report.ok, "checked": report.checked, "seconds": seconds, "cpu": cpu,
                  "checkpoints": report.checkpoints, "peak": peak}))
"""


def fill(path: Path, count: int, checkpoints: Path) -> None:
    asyncio.run(_migrate(path))
    prev, lines = GENESIS, []
    with sqlite3.connect(path) as raw:
        batch = []
        for seq in range(1, count + 1):
            at = f"2026-{1 + seq * 11 // count:02d}-01T00:00:00Z"
            details = {"review": seq % 189, "by": "secretariat"}
            key = KEY if seq > count // 2 else None
            digest = entry_hash(seq, at, str(10**17 + seq % 50), "clarify.ask",
                                f"request {seq}", details, prev, key)
            batch.append((seq, at, str(10**17 + seq % 50), "clarify.ask", f"request {seq}",
                          dump_details(details), prev, digest, KEYED if key else PLAIN))
            prev = digest
            if seq % 10_000 == 0:
                lines.append(checkpoint_line(Checkpoint(seq, digest, at)))
            if len(batch) == 50_000:
                raw.executemany("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
                batch = []
        raw.executemany("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    checkpoints.write_text("\n".join(lines) + "\n")


async def _migrate(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        db, points = Path(folder) / "audit.sqlite3", Path(folder) / "checkpoints.jsonl"
        start = time.perf_counter()
        fill(db, count, points)
        print(f"filled {count:,} entries in {time.perf_counter() - start:.1f} s "
              f"({db.stat().st_size / 2**20:.0f} MiB)")
        root = str(Path(__file__).resolve().parents[1])
        out = subprocess.run([sys.executable, "-c", CHILD, root, str(db), str(points)],
                             check=True, capture_output=True, text=True).stdout
        result = json.loads(out)
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"verified {result['checked']:,} entries against {result['checkpoints']} "
              f"checkpoints: {'intact' if result['ok'] else 'BROKEN'}")
        print(f"time to verify: {result['seconds']:.2f} s "
              f"({result['cpu']:.2f} s of processor time)")
        print(f"peak Python allocations while verifying: {result['peak'] / 2**20:.1f} MiB; "
              f"verifying process resident size: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
