"""The fault matrix: every flow, each of its Discord routes, each failure, once and for an hour.

A flow is what a person (or a timer) does and what must come of it:

- ``prepare(world, n)``: what case ``n`` needs before the fault, done while Discord works
  (a new review, a new request, a call with an answer, time brought up to a job's moment);
- ``act(world, case)``: the step under the fault; returns what the person was told ("" for a
  job nobody asked for);
- ``truthful(world, case, told)``: whether everything the reply claims held when it was said;
- ``objects(world, case)``: after Discord recovered, how many of each expected object exist
  (each must be exactly 1, and agree with the database).

``run_flow`` runs every (route, failure, span) case of a flow in one world, each on objects of
its own, checks the database after each (no job still failing, no journal entry left over) and
the audit chain at the end, and returns the matrix, which ``show`` prints and asserts.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from tests.support.ratelimit import RateLimits

HOUR = 3600
RETRY_AFTER = 120.0  # seconds a 429 asks for: longer than discord.py waits out by itself


@dataclass(frozen=True)
class Fault:
    status: int
    code: int = 0
    message: str = ""

    @property
    def label(self) -> str:
        return f"{self.status}" + (" retry_after" if self.status == 429 else "")


FAULTS = (Fault(403, 50013, "Missing Permissions"), Fault(404, 10003, "Unknown Channel"),
          Fault(429), Fault(500, 0, "Internal Server Error"))
SPANS = ("once", "an hour")


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # fnmatch pattern; ``{name}`` is filled from the case's ids
    label: str
    after: int = 0  # matching requests let through before the fault starts


@dataclass
class Case:
    n: int
    ids: dict[str, Any] = field(default_factory=dict)


@dataclass
class Flow:
    name: str
    routes: Sequence[Route]
    prepare: Callable[[Any, int], Awaitable[Case]]
    act: Callable[[Any, Case], Awaitable[str]]
    truthful: Callable[[Any, Case, str], Awaitable[bool] | bool]
    objects: Callable[[Any, Case], Awaitable[dict[str, int]]]
    faults: Sequence[Fault] = FAULTS


@dataclass
class Matrix:
    flow: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    recovered: int = 0
    duplicated: int = 0
    lost: int = 0
    untrue: int = 0
    inconsistent: list[str] = field(default_factory=list)
    early: list[str] = field(default_factory=list)

    def add(self, route: str, fault: str, counts: dict[str, int], true: bool,
            problems: list[str]) -> None:
        bad = {k: v for k, v in counts.items() if v != 1}
        outcome = "ok" if not bad else ", ".join(
            f"{k} {'lost' if v == 0 else f'{v}x'}" for k, v in bad.items())
        if not true:
            outcome += " (untrue reply)"
        if problems:
            outcome += " (" + "; ".join(problems) + ")"
        self.rows.append((route, fault, outcome))
        self.recovered += not bad and not problems
        self.duplicated += any(v > 1 for v in counts.values())
        self.lost += any(v == 0 for v in counts.values())
        self.untrue += not true
        self.inconsistent += [f"{route} {fault}: {p}" for p in problems]

    def show(self) -> None:
        print(f"\nfault matrix — {self.flow}")
        for route, fault, outcome in self.rows:
            print(f"  {route:<30} {fault:<24} {outcome}")
        print(f"  cases {len(self.rows)}, recovered {self.recovered}, duplicated "
              f"{self.duplicated}, lost {self.lost}, untrue replies {self.untrue}, "
              f"early retries {len(self.early)}")
        TOTALS.append(self)
        assert (self.duplicated, self.lost, self.untrue) == (0, 0, 0), self.rows
        assert self.inconsistent == [] and self.early == [], (self.inconsistent, self.early)
        assert self.recovered == len(self.rows)


TOTALS: list[Matrix] = []


def start_fault(world: Any, limits: RateLimits, route: Route, fault: Fault, span: str,
                case: Case) -> None:
    path = route.path.format(**case.ids)
    world.env.backend.faults.clear()
    limits.clear()

    def arm() -> None:
        if fault.status == 429:  # discord.py raises RateLimited, or the 429 once its tries
            limits.add(route.method, path, RETRY_AFTER, as_response=span != "once",  # are out
                       lasting=timedelta(seconds=HOUR) if span != "once" else None)
        else:
            world.env.inject_error(route.method, path, status=fault.status, code=fault.code,
                                   message=fault.message, times=1 if span == "once" else None)

    limits.arm_after(route.method, path, route.after, arm)


async def recover(world: Any, limits: RateLimits, span: str) -> None:
    if span != "once":
        await world.env.advance_time(HOUR)
    world.env.backend.faults.clear()
    limits.clear()
    await world.env.advance_time(2 * HOUR)  # the back-off never exceeds an hour


async def database_problems(world: Any) -> list[str]:
    """What recovery left out of step: a job still failing, a journal entry left over."""
    async with world.bot.services.store.read() as tx:
        failing = await tx.fetchall(
            "SELECT kind, attempts, last_error FROM jobs WHERE status = 'pending'"
            " AND attempts > 0")
        left = await tx.fetchall("SELECT key FROM discord_effects")
    return ([f"job {r['kind']} still failing ({r['last_error']})" for r in failing]
            + [f"journal entry left: {r['key']}" for r in left])


def met(world: Any, route: Route, case: Case, since: int) -> list[str]:
    """The fault must have met a request, and a later try must have followed it."""
    path = route.path.format(**case.ids)
    tries = [e for e in world.env.http_requests[since:]
             if e.method == route.method and fnmatch.fnmatch(e.path, path)]
    return [] if len(tries) >= 2 + route.after else [f"the fault met {len(tries)} request(s)"]


async def audit_intact(world: Any) -> None:
    result = await world.secretary.slash(world.secretariat_channel, "audit verify")
    assert result.response.content.startswith("Audit chain intact"), result.response.content


async def run_flow(world: Any, flow: Flow, *, spans: Sequence[str] = SPANS) -> Matrix:
    matrix = Matrix(flow.name)
    limits = RateLimits(world.env)
    limits.install()
    try:
        n = 0
        for route in flow.routes:
            for fault in flow.faults:
                for span in spans:
                    case = await flow.prepare(world, n)
                    n += 1
                    since = len(world.env.http_requests)
                    start_fault(world, limits, route, fault, span, case)
                    told = await flow.act(world, case)
                    judged = flow.truthful(world, case, told)
                    true = judged if isinstance(judged, bool) else await judged
                    await recover(world, limits, span)
                    counts = await flow.objects(world, case)
                    matrix.add(route.label, f"{fault.label} {span}", counts, true,
                               await database_problems(world)
                               + met(world, route, case, since))
        matrix.early = list(limits.early)
    finally:
        limits.uninstall()
    await audit_intact(world)
    return matrix


def said(result: Any) -> str:
    """What the person sees in reply (a deferred answer comes as a follow-up)."""
    return result.followups[-1].content if result.followups else result.response.content


def bot_messages(world: Any, channel: Any, start: str = "", contains: str = "") -> list[Any]:
    me = world.bot.user.id
    return [m for m in channel.history() if m.author.id == me
            and m.content.startswith(start) and contains in m.content]
