"""The status report and the overview on a full mechanism.

Fills a fresh database with 189 reviews across the four clusters and five start years, at
every stage, with their reviewing States, 600 registered people, 5,000 clarification requests
(half answered) and 1,000 calls — each change with the audit entry the bot writes — then
measures:

- the status report as of today (history replayed, aggregated, text, CSV and chart),
- the same for a day two years back,
- every page of the secretariat's overview.

Run: `python benchmarks/status_report.py`.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.domain.parties_csv import parse_parties_csv  # noqa: E402
from bot.domain.reviews import Stage  # noqa: E402
from bot.domain.timefmt import iso_utc  # noqa: E402
from bot.services.registry import bundled_csv  # noqa: E402
from bot.services.reports import ReportService  # noqa: E402
from storage.audit import append_entry  # noqa: E402
from storage.db import Store  # noqa: E402
from storage.parties import save_parties  # noqa: E402

REVIEWS, PEOPLE, REQUESTS, CALLS = 189, 600, 5_000, 1_000
NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)
STAGES = [s for s in Stage if s is not Stage.OPENED]


class FixedClock:
    def now(self) -> datetime:
        return NOW


async def fill(path: Path) -> None:
    store = await Store.open(path)
    parties = [p for p in parse_parties_csv(bundled_csv()).parties if p.group is not None]
    codes = [p.code for p in parties]
    async with store.transaction() as tx:
        await save_parties(tx, parties, at=NOW - timedelta(days=2000))

        async def audit(at: datetime, action: str, subject: str, details: dict) -> None:
            await append_entry(tx, at=at, actor="bench", action=action, subject=subject,
                                    details=details)

        for n in range(REVIEWS):
            start = date(2020 + n % 5, 1 + n % 12, 1)
            opened = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
            sur = codes[n % len(codes)]
            done = await tx.execute(
                "INSERT INTO reviews (sur, cluster, start_date, created_by, created_at,"
                " updated_at) VALUES (?, ?, ?, 'bench', ?, ?)",
                (sur, 1 + n % 4, start.isoformat(), iso_utc(opened), iso_utc(opened)))
            review_id = int(done.lastrowid or 0)
            pair = [codes[(n + 7) % len(codes)], codes[(n + 31) % len(codes)]]
            await tx.executemany(
                "INSERT INTO review_reviewers (review_id, party, slot, source, assigned_by,"
                " assigned_at) VALUES (?, ?, ?, 'secretariat', 'bench', ?)",
                [(review_id, c, s, iso_utc(opened)) for c, s in zip(
                    pair, ("same_group", "other_group"), strict=True)])
            await audit(opened, "review.assign", f"review {review_id}",
                        {"reviewers": [{"party": c} for c in pair]})
            stage = Stage.OPENED
            for step, target in enumerate(STAGES[: n % len(STAGES)]):
                at = opened + timedelta(days=60 * (step + 1))
                await audit(at, "review.close" if target is Stage.CLOSED else "review.stage",
                            f"review {review_id}", {"to": target.value})
                stage = target
            await tx.execute("UPDATE reviews SET stage = ?, answers_received = ? WHERE id = ?",
                             (stage.value, None if stage is Stage.OPENED else start.isoformat(),
                              review_id))
        for n in range(PEOPLE):
            at = NOW - timedelta(days=n)
            role = "focal_point" if n < len(codes) else "expert"
            code = codes[n % len(codes)]
            await tx.execute("INSERT INTO people (user_id, party, role, added_at, added_by)"
                             " VALUES (?, ?, ?, ?, 'bench')", (10_000 + n, code, role,
                                                               iso_utc(at)))
            await audit(at, "expert.add", code, {"party": code, "user": 10_000 + n,
                                                 "role": role})
        for n in range(REQUESTS):
            review_id = 1 + n % REVIEWS
            asked = NOW - timedelta(days=1 + n % 900)
            due = (asked + timedelta(days=30)).date()
            answered = n % 2 == 0
            done = await tx.execute(
                "INSERT INTO clarification_requests (review_id, number, question, asked_by,"
                " asked_at, due_date, due_set_at, status, created_at, updated_at)"
                " VALUES (?, ?, 'Question?', 1, ?, ?, ?, ?, ?, ?)",
                (review_id, 1 + n // REVIEWS, iso_utc(asked), due.isoformat(), iso_utc(asked),
                 "answered" if answered else "open", iso_utc(asked), iso_utc(asked)))
            request_id = int(done.lastrowid or 0)
            entries = [("question", asked)] + ([("answer", asked + timedelta(days=9))]
                                               if answered else [])
            await tx.executemany(
                "INSERT INTO clarification_entries (request_id, kind, round, by_user, at)"
                " VALUES (?, ?, 0, '1', ?)", [(request_id, k, iso_utc(a)) for k, a in entries])
            await audit(asked, "clarify.ask", f"request {request_id}", {"due": due.isoformat()})
        await tx.executemany(
            "INSERT INTO calls (review_id, title, start_utc, duration_minutes, zone, created_by,"
            " created_at, updated_at) VALUES (?, 'Dialogue', ?, 60, 'UTC', 'bench', ?, ?)",
            [(1 + n % REVIEWS, iso_utc(NOW - timedelta(days=n)),
              iso_utc(NOW - timedelta(days=n + 7)), iso_utc(NOW - timedelta(days=n + 7)))
             for n in range(CALLS)])
    await store.close()


def clocks() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> str:
    wall, cpu = clocks()
    return f"{(wall - start[0]) * 1000:.0f} ms ({(cpu - start[1]) * 1000:.0f} ms CPU)"


async def measure(path: Path) -> None:
    store = await Store.open(path)
    reports = ReportService(store, FixedClock())
    began = clocks()
    import bot.services.reports.chart  # noqa: F401  (matplotlib, loaded by the first report)

    print(f"loading matplotlib (once per process): {since(began)}")
    for label, day in (("today", NOW.date()), ("two years back", date(2023, 6, 30))):
        began = clocks()
        files = await reports.files(day)
        print(f"status report as of {day} ({label}): {since(began)} — "
              f"{files.report.overall.total} reviews, "
              f"{files.report.clarifications.asked} requests, {files.report.calls_held} calls; "
              f"text {len(files.text)} chars, CSV {len(files.csv)} bytes, "
              f"PNG {len(files.png) // 1024} KiB")
    began = clocks()
    first = await reports.overview(None, False)
    print(f"overview, one page of {first.pages} (each at most 1,900 characters): {since(began)}")
    await store.close()


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        await fill(path)
        await measure(path)


if __name__ == "__main__":
    asyncio.run(main())
