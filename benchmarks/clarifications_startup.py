"""Start-up with 10,000 open clarification requests across 189 reviews.

Fills a fresh database with the requests and their follow-up jobs (three each: the notice a
week before the due date, the one on it, and the first one after it, as the bot schedules
them), then starts a new process that loads the bot's code, opens the database as the bot does
on start, and measures:

- the time to rebuild the timers from the jobs table (``Timekeeper.start``; target < 2 s),
- the time to check every review's follow-ups against its state (paused, closed, running),
- the memory used (peak Python allocations during start-up, and the process's resident size).

Run: `python benchmarks/clarifications_startup.py`.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.clarifications import FollowUpKind, FollowUpPolicy, next_overdue  # noqa: E402
from bot.domain.parties_csv import parse_parties_csv  # noqa: E402
from bot.domain.reviews import local_instant  # noqa: E402
from bot.domain.timefmt import iso_utc  # noqa: E402
from bot.ports.threads import ThreadMessage  # noqa: E402
from bot.services.audit import AuditService  # noqa: E402
from bot.services.clarifications import ClarificationService  # noqa: E402
from bot.services.registry import bundled_csv  # noqa: E402
from bot.services.timers import Timekeeper  # noqa: E402
from storage.clarifications import insert_request, next_request_number  # noqa: E402
from storage.db import Store  # noqa: E402
from storage.parties import save_parties  # noqa: E402
from storage.reviews import insert_review  # noqa: E402

REVIEWS = 189
REQUESTS = 10_000
T0 = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
POLICY = FollowUpPolicy.model_validate({})


class FixedClock:
    def now(self) -> datetime:
        return T0


class NoThreads:
    """Nothing is posted during this measurement; a call here would be a fault."""

    async def ensure_thread(self, thread_id: int | None, channel_id: int, name: str
                            ) -> tuple[int, bool]:
        raise AssertionError("no thread should be touched on start")

    async def post(self, thread_id: int, message: ThreadMessage) -> int:
        raise AssertionError("no notice should be due on start")

    async def edit(self, thread_id: int, message_id: int, message: ThreadMessage) -> bool:
        raise AssertionError("no card should change on start")


def _job(request_id: int, kind: FollowUpKind, at: datetime, due: date, number: int = 0
         ) -> tuple[str, str, str, str, str, str]:
    what = {FollowUpKind.BEFORE_DUE: "before", FollowUpKind.ON_DUE: "due"}.get(
        kind, f"overdue:{number}")
    payload = {"request_id": request_id, "due": due.isoformat(), "kind": kind.value}
    if number:
        payload["number"] = number
    stamp = iso_utc(at)
    return ("clarify.notice", f"cr:{request_id}:{what}", json.dumps(payload, sort_keys=True),
            stamp, stamp, iso_utc(T0))


async def fill(path: Path) -> None:
    store = await Store.open(path)
    parties = parse_parties_csv(bundled_csv()).parties
    zones = {p.code: p.timezone for p in parties}
    async with store.transaction() as tx:
        await save_parties(tx, parties, at=T0)
        reviews = [(await insert_review(tx, sur=p.code, cluster=1, start=T0.date(),
                                             draw_id=None, by="bench", now=T0), p.code)
                   for p in parties[:REVIEWS]]
        jobs = []
        for n in range(REQUESTS):
            review_id, sur = reviews[n % REVIEWS]
            due = T0.date() + timedelta(days=8 + n % 300)
            number = await next_request_number(tx, review_id)
            request_id = await insert_request(
                tx, review_id=review_id, number=number, article="Art. 5 UNTOC",
                question=f"Question {n}: how is the offence defined in national law?",
                asked_by=1000 + n % 50, asked_party="FRA", due=due, now=T0)
            zone = zones[sur]
            jobs += [
                _job(request_id, FollowUpKind.BEFORE_DUE,
                     local_instant(due - timedelta(days=7), zone, POLICY.hour), due),
                _job(request_id, FollowUpKind.ON_DUE, local_instant(due, zone, POLICY.hour),
                     due),
                _job(request_id, FollowUpKind.OVERDUE,
                     next_overdue(due, 0, POLICY, zone)[0].at, due, 1),
            ]
        await tx.executemany(
            "INSERT INTO jobs (kind, key, payload, due_at, run_at, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", jobs)
    await store.close()


async def start(path: Path) -> None:
    tracemalloc.start()
    began = time.perf_counter()
    store = await Store.open(path)
    opened = time.perf_counter()
    clock = FixedClock()
    timers = Timekeeper(store, clock)
    service = ClarificationService(store, clock, AuditService(store, clock), timers,
                                   None, NoThreads(), policy=POLICY)  # type: ignore[arg-type]
    t0 = time.perf_counter()
    await timers.start()
    rebuilt = time.perf_counter() - t0
    t1 = time.perf_counter()
    await service.on_start()
    checked = time.perf_counter() - t1
    total = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    async with store.read() as tx:
        pending = (await tx.fetchone(
            "SELECT count(*) AS n FROM jobs WHERE status = 'pending'"))["n"]  # type: ignore[index]
        open_requests = (await tx.fetchone(
            "SELECT count(*) AS n FROM clarification_requests WHERE status = 'open'"
        ))["n"]  # type: ignore[index]
    await timers.stop()
    await store.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"open requests: {open_requests} across {REVIEWS} reviews; pending jobs: {pending}")
    print(f"open the database: {(opened - began) * 1000:.0f} ms")
    print(f"rebuild the timers (Timekeeper.start): {rebuilt * 1000:.0f} ms "
          f"({'within' if rebuilt < 2 else 'OVER'} the 2 s target)")
    print(f"check each review's follow-ups against its state: {checked * 1000:.0f} ms")
    print(f"start-up in all: {total * 1000:.0f} ms")
    print(f"memory: peak Python allocations during start-up {peak / 2**20:.1f} MiB; "
          f"process resident size {rss:.0f} MiB")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--start":
        import bot.app  # noqa: F401  (the whole bot's code, as a real start loads it)

        asyncio.run(start(Path(sys.argv[2])))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        t0 = time.perf_counter()
        asyncio.run(fill(path))
        print(f"filled the database in {time.perf_counter() - t0:.1f} s (not part of start-up)")
        subprocess.run([sys.executable, __file__, "--start", str(path)], check=True)


if __name__ == "__main__":
    main()
