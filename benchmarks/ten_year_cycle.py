"""Ten years in one server: four clusters of 187 reviews through the simulated Discord.

The real bot runs on SimCord's clock, which the benchmark moves from event to event; the
secretariat and the focal points act through their Discord clients (slash commands). Each
cluster's phase starts two years after the previous one (resolution 9/1: four phases of two
years, October 2020 to October 2030); its 187 reviews start in three groups of about 62, six
months apart, each opened by the secretariat with its two reviewing States, one focal point
registered per State. Each review holds its dialogue as a conference call a year after its start
(the call's voice room opens 15 minutes before and closes 15 minutes after), and is closed 18 to
30 months after its start (reviews run late). Closing archives the channel; after the retention
period (DESKREVIEW_ARCHIVE_AFTER_DAYS, 90 days) the bot stores the final archive, verifies it
and deletes the channel.

Printed: the peak number of channels on the server (categories and call rooms included) and
when it was reached, the channels at the end, the archives kept, the channels removed, the
reviews that ever waited for room, and — for comparison — the channels the server would need
at the same moment without retention. Progress goes to stderr. Run:
`python benchmarks/ten_year_cycle.py` (or with a smaller number of reviews per cluster, e.g.
`python benchmarks/ten_year_cycle.py 20`, for a quick look).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import discord
import simcord

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import create_bot  # noqa: E402
from bot.demo.stage import grant_staff_commands  # noqa: E402
from bot.domain.mechanism import Cluster  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.parties import all_parties  # noqa: E402
from storage.people import insert_person  # noqa: E402

PER_CLUSTER = int(sys.argv[1]) if len(sys.argv) > 1 else 187  # fewer for a quick look
PHASE = timedelta(days=730)  # two years between the starts of two clusters (resolution 9/1)
GROUP_GAP = timedelta(days=182)  # the three start groups of a cluster, six months apart
RETENTION_DAYS = 90
MONTH = timedelta(days=30.44)
CLUSTER_SLUG = {c.value: c.slug for c in Cluster}
BASE = 4  # the server's own channels: general, secretariat, draws, audit-checkpoints


class SimClock:
    def now(self) -> datetime:
        return discord.utils.utcnow()


@dataclass
class Planned:
    cluster: int
    sur: str
    same: str
    other: str
    start: datetime
    end: datetime
    calls: tuple[datetime, ...]
    opened: bool = False


def plan(parties: list, t0: datetime) -> list[Planned]:
    by_group: dict[str, list[str]] = {}
    for p in parties:
        by_group.setdefault(p.group.value, []).append(p.code)
    groups = sorted(by_group)
    out = []
    for cluster in (1, 2, 3, 4):
        phase = t0 + (cluster - 1) * PHASE
        for i, p in enumerate(parties[:PER_CLUSTER]):
            same = by_group[p.group.value]
            other = by_group[groups[(groups.index(p.group.value) + cluster) % len(groups)]]
            start = phase + (i % 3) * GROUP_GAP
            length = MONTH * (18 + (i * 7 + cluster) % 13)  # 18 to 30 months
            calls = (start + MONTH * 12 + timedelta(hours=13 + i % 4),)  # the dialogue
            out.append(Planned(cluster, p.code, same[(same.index(p.code) + 1) % len(same)],
                               other[(same.index(p.code) + cluster) % len(other)],
                               start, start + length, calls))
    return out


def events(planned: list[Planned]) -> list[tuple[datetime, int, str, int]]:
    """(when, order, what, index): opens (by start group), calls scheduled a week ahead, a
    look at the server during each call, closings."""
    out: list[tuple[datetime, int, str, int]] = []
    for n, p in enumerate(planned):
        out.append((p.start, 0, "open", n))
        for k, at in enumerate(p.calls):
            out.append((at - timedelta(days=7), 1, f"call{k}", n))
            out.append((at + timedelta(minutes=5), 2, "look", n))
        out.append((p.end, 3, "close", n))
    return sorted(out)


def channels(env, guild_id: int) -> int:
    return sum(1 for c in env.backend.channels.values()
               if getattr(c, "guild_id", None) == guild_id and not c.is_thread)


class Cycle:
    """The secretariat and the focal points act through their Discord clients, as people do."""

    def __init__(self, env, secretary, desk, focal: dict, planned: list[Planned]) -> None:  # noqa: ANN001
        self.env, self.secretary, self.desk, self.focal = env, secretary, desk, focal
        self.planned = planned
        self.opened = self.closed = 0

    async def _slash(self, who, where, command: str, **options: object) -> str:  # noqa: ANN001
        result = await who.slash(where, command, **options)
        message = result.followups[-1] if result.followups else result.response
        return message.content if message is not None else ""

    def channel(self, p: Planned):  # noqa: ANN201
        return self.env.guild.channels.get(f"{p.sur.lower()}-{CLUSTER_SLUG[p.cluster]}")

    async def open(self, p: Planned) -> None:
        await self._slash(self.secretary, self.desk, "review-admin open", sur=p.sur,
                          cluster=p.cluster)
        text = await self._slash(self.secretary, self.desk, "review-admin assign", sur=p.sur,
                                 cluster=p.cluster, same_group=p.same, other_group=p.other,
                                 reason="Drawn at the intersessional meeting")
        assert "Reviewing States of" in text, text
        p.opened = True
        self.opened += 1

    async def call(self, p: Planned, k: int) -> None:
        channel = self.channel(p)
        if channel is None:
            return
        await self._slash(self.focal[p.sur], channel, "call schedule", title=f"Dialogue {k + 1}",
                          start=f"{p.calls[k]:%Y-%m-%dT%H:%M} UTC", duration="60")

    async def close(self, p: Planned) -> None:
        text = await self._slash(self.secretary, self.desk, "review-admin close", sur=p.sur,
                                 cluster=p.cluster)
        assert "is closed" in text, text
        self.closed += 1


async def play(bot, env, guild, secretary, desk) -> None:  # noqa: ANN001
    services = bot.services
    async with services.store.read() as tx:
        parties = [p for p in await all_parties(tx) if p.group is not None]
    focal = {}
    async with services.store.transaction() as tx:
        for p in parties:
            focal[p.code] = guild.add_member(env.create_user(f"fp-{p.code.lower()}"))
            await insert_person(tx, focal[p.code].id, p.code, "focal_point",
                                at=bot.clock.now(), by="bench")
    await env.settle()
    t0 = bot.clock.now() + timedelta(days=1)
    cycle = Cycle(env, secretary, desk, focal, plan(parties, t0))
    started = time.perf_counter()
    peak, peak_at, need, need_at = 0, t0, 0, t0
    for done, (when, _order, what, n) in enumerate(events(cycle.planned), 1):
        if done % 250 == 0:
            print(f"  … {done} events, {when:%Y-%m-%d}, {channels(env, guild.id)} channels, "
                  f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        await env.advance_time(max((when - bot.clock.now()).total_seconds(), 0))
        p = cycle.planned[n]
        if what == "open":
            await cycle.open(p)
        elif what.startswith("call"):
            await cycle.call(p, int(what[-1]))
        elif what == "close":
            await cycle.close(p)
        await env.settle()
        count = channels(env, guild.id)
        if count > peak:
            peak, peak_at = count, bot.clock.now()
        on_server = sum(1 for q in cycle.planned if q.opened)
        if on_server > need:  # without retention every review keeps its channel
            need, need_at = on_server, bot.clock.now()
    await env.advance_time((RETENTION_DAYS + 1) * 86400)
    await env.settle()
    elapsed = time.perf_counter() - started
    async with services.store.read() as tx:
        kept = await tx.fetchone("SELECT COUNT(DISTINCT review_id) AS n, SUM(size) AS b"
                                 " FROM review_archives")
        removed = await tx.fetchone("SELECT COUNT(*) AS n FROM review_channels"
                                    " WHERE removed_at IS NOT NULL")
        waited = await tx.fetchone("SELECT COUNT(*) AS n FROM review_waits")
    print(f"reviews: {cycle.opened} opened and {cycle.closed} closed in 4 clusters of "
          f"{PER_CLUSTER}, {t0:%Y-%m-%d} to {bot.clock.now():%Y-%m-%d}; retention "
          f"{RETENTION_DAYS} days")
    print(f"peak channels on the server: {peak} of 500 on {peak_at:%Y-%m-%d} (categories, "
          f"call rooms and the server's {BASE} own channels included)")
    print(f"channels at the end: {channels(env, guild.id)}; archives kept: {kept['n']} "
          f"({(kept['b'] or 0) / 1024 ** 2:.1f} MB); channels removed after retention: "
          f"{removed['n']}; reviews that waited for room: {waited['n']}")
    print(f"without retention: at least {need + BASE} channels on {need_at:%Y-%m-%d} (every "
          "review opened so far, categories not counted)")
    print(f"time: {elapsed:.0f} s (SimCord included)")
    if peak >= 500:
        raise SystemExit("the ten-year cycle does not fit in one server")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(_env_file=None, database=Path(folder) / "bench.sqlite3",  # type: ignore[call-arg]
                            archive_after_days=RETENTION_DAYS)
        bot = create_bot(settings, clock=SimClock())
        async with simcord.run(bot, settle_timeout=300) as env:  # a loaded machine is slow
            try:
                guild = env.create_guild(name="ten years")
                desk = None
                for name in ("general", "secretariat", "draws", "audit-checkpoints"):
                    made = guild.create_text_channel(name)
                    desk = made if name == "secretariat" else desk
                role = guild.create_role("Secretariat")
                guild.create_role("Chair")
                secretary = guild.add_member(env.create_user("secretary"), roles=[role])
                await env.settle()
                grant_staff_commands(env, guild, role)
                await play(bot, env, guild, secretary, desk)
            finally:
                await bot.close()


if __name__ == "__main__":
    asyncio.run(main())
