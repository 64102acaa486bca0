"""Open 189 reviews and reconcile their channels through the simulated Discord.

The reviews are recorded while the bot is not yet in its server (so nothing is projected),
each with two reviewing States and a registered focal point per State. Then the server
appears and one reconcile projects everything. Printed: every REST request of that reconcile
by kind, the wall time, and the requests of a second reconcile (there should be none).

What is counted: every request the bot sent during the reconcile — category creations, channel
creations, status-card posts and card pins (Discord has no "post pinned", so a pin is a request
of its own). Per review that is one channel, one card and one pin; per 50 channels of a cluster
one category. Run: `python benchmarks/reviews_reconcile.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import discord
import simcord

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import create_bot  # noqa: E402
from bot.domain.actor import SYSTEM  # noqa: E402
from bot.domain.handoffs import DrawOutcome  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.parties import all_parties  # noqa: E402
from storage.people import insert_person  # noqa: E402

REVIEWS = 189


class SimClock:
    def now(self):  # noqa: ANN201
        return discord.utils.utcnow()


def kind(method: str, path: str, body: object) -> str:
    if method == "POST" and re.fullmatch(r"/guilds/\d+/channels", path):
        is_category = isinstance(body, dict) and body.get("type") == 4
        return "create category" if is_category else "create channel"
    if method == "POST" and re.fullmatch(r"/channels/\d+/messages", path):
        return "post card"
    if method == "PUT" and re.fullmatch(r"/channels/\d+/messages/pins/\d+", path):
        return "pin card"
    return f"other: {method} {path}"


def plan(parties: list) -> dict[int, dict[str, dict]]:
    """Reviews by (cluster, assignment): every party with a group in cluster 1, then cluster 4
    until there are 189 (the bundled registry has fewer parties with a group than 189)."""
    by_group: dict[str, list[str]] = {}
    for p in parties:
        by_group.setdefault(p.group.value, []).append(p.code)
    groups = sorted(by_group)
    out: dict[int, dict[str, dict]] = {1: {}, 4: {}}
    for cluster in (1, 4):
        for p in parties:
            if sum(len(v) for v in out.values()) == REVIEWS:
                return out
            same = by_group[p.group.value]
            other = by_group[groups[(groups.index(p.group.value) + 1) % len(groups)]]
            out[cluster][p.code] = {
                "same_group": same[(same.index(p.code) + 1) % len(same)],
                "other_group": other[same.index(p.code) % len(other)], "additional": [],
            }
    return out


@contextlib.asynccontextmanager
async def closed_at_end(bot):  # noqa: ANN001, ANN201
    """Stop the bot's timers and close its store, so that the process ends by itself."""
    try:
        yield
    finally:
        await bot.close()


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(_env_file=None, database=Path(folder) / "bench.sqlite3")  # type: ignore[call-arg]
        bot = create_bot(settings, clock=SimClock())
        async with simcord.run(bot) as env, closed_at_end(bot):
            services = bot.services
            assert services.reviews is not None and services.reconciler is not None
            async with services.store.read() as tx:
                parties = [p for p in await all_parties(tx) if p.group is not None]
            for cluster, batch in plan(parties).items():
                await services.reviews.record_assignments(SYSTEM, DrawOutcome.model_validate(
                    {"draw_id": f"bench-{cluster}", "cluster": cluster, "assignments": batch}))
            guild = env.create_guild(name="bench")
            guild.create_text_channel("secretariat")
            guild.create_role("Secretariat")
            async with services.store.transaction() as tx:
                for p in parties:
                    user = env.create_user(f"fp-{p.code.lower()}")
                    guild.add_member(user)
                    await insert_person(tx, user.id, p.code, "focal_point",
                                          at=bot.clock.now(), by="bench")
            await env.settle()
            since = len(env.http_requests)
            started = time.perf_counter()
            report = await services.reconciler.reconcile()
            elapsed = time.perf_counter() - started
            counts = Counter(kind(e.method, e.path, e.json) for e in env.http_requests[since:])
            again = len(env.http_requests)
            await services.reconciler.reconcile()
            second = len(env.http_requests) - again
            print(f"reviews reconciled: {report.reviews} ({report.describe()})")
            for name, n in sorted(counts.items()):
                print(f"  {name}: {n}")
            print(f"requests in all: {sum(counts.values())}; per review: "
                  f"{sum(counts.values()) / max(report.reviews, 1):.2f}")
            print(f"time: {elapsed:.2f} s ({elapsed / max(report.reviews, 1) * 1000:.1f} ms per "
                  "review, SimCord included)")
            print(f"second reconcile: {second} requests")


if __name__ == "__main__":
    asyncio.run(main())
