"""Discord refuses (403, 404, 429, 500), once or for an hour of simulated time, on the routes of
each flow; after it recovers every expected object exists exactly once, the database and the
audit chain hold, and no reply claimed what had not happened. The matrix is printed."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.reviews import review_channel
from tests.behaviour.review_support import REASON, register

HOUR = 3600
FAULTS = [(403, 50013, "Missing Permissions"), (404, 10003, "Unknown Channel"),
          (429, 0, "You are being rate limited."), (500, 0, "Internal Server Error")]
SPANS = ("once", "an hour")
SURS = ["KEN", "NGA", "GHA", "ZAF", "EGY", "MAR", "SEN", "TZA"]
OTHERS = ["FRA", "DEU", "ESP", "ITA", "NLD", "SWE", "NOR", "AUT"]


@dataclass
class Matrix:
    flow: str
    rows: list[tuple[str, str, str]] = field(default_factory=list)
    recovered: int = 0
    duplicated: int = 0
    lost: int = 0
    untrue: int = 0

    def add(self, route: str, fault: str, count: int, claimed_done: bool, done_then: bool) -> None:
        self.rows.append((route, fault, {0: "lost", 1: "ok"}.get(count, f"{count}x")))
        self.recovered += count == 1
        self.duplicated += count > 1
        self.lost += count == 0
        self.untrue += claimed_done and not done_then

    def show(self) -> None:
        print(f"\nfault matrix — {self.flow}")
        for route, fault, outcome in self.rows:
            print(f"  {route:<34} {fault:<22} {outcome}")
        print(f"  cases {len(self.rows)}, recovered {self.recovered}, duplicated "
              f"{self.duplicated}, lost {self.lost}, untrue replies {self.untrue}")
        assert (self.duplicated, self.lost, self.untrue) == (0, 0, 0)
        assert self.recovered == len(self.rows)


def inject(world, method: str, path: str, fault: tuple[int, int, str], span: str) -> None:
    status, code, message = fault
    world.env.inject_error(method, path, status=status, code=code, message=message,
                           times=1 if span == "once" else None)


async def recover(world, span: str) -> None:
    if span != "once":
        await world.env.advance_time(HOUR)
        world.env.backend.faults.clear()
    await world.env.advance_time(2 * HOUR)  # the back-off never exceeds an hour


async def audit_intact(world) -> None:
    result = await world.secretary.slash(world.secretariat_channel, "audit verify")
    assert result.response.content.startswith("Audit chain intact")


REVIEW_ROUTES = [("POST", "/channels/*/messages", "card post"),
                 ("PUT", "/channels/*/messages/pins/*", "card pin"),
                 ("PUT", "/channels/*/permissions/*", "overwrites")]


async def test_review_channels_cards_and_overwrites_under_faults(world):
    matrix = Matrix("review open and assign")
    cases = [(r, f, s) for r in REVIEW_ROUTES for f in FAULTS[:2] for s in SPANS]
    cases += [(REVIEW_ROUTES[0], f, s) for f in FAULTS[2:] for s in SPANS]
    for index, ((method, path, label), fault, span) in enumerate(cases):
        sur, same, other = SURS[index % 8], SURS[(index + 1) % 8], OTHERS[index % 8]
        fp = world.member(f"fp{index}")
        await register(world, fp, same, "focal_point") if index < 8 else None
        world.env.backend.faults.clear()
        inject(world, method, path, fault, span)
        opened = await world.secretary.slash(world.secretariat_channel, "review-admin open",
                                             sur=sur, cluster=index // 8 + 1)
        assigned = await world.secretary.slash(
            world.secretariat_channel, "review-admin assign", sur=sur, cluster=index // 8 + 1,
            same_group=same, other_group=other, reason=REASON)
        assert "is open" in opened.response.content
        review_id = index + 1
        async with world.bot.services.store.read() as tx:
            row = await review_channel(tx, review_id)
        channel = by_id(world, row.channel_id) if row and row.channel_id else None
        claimed = "can now see" in (assigned.followups[-1].content if assigned.followups
                                    else assigned.response.content)
        visible_then = channel is not None and index < 8 and fp_sees(channel, fp)
        await recover(world, span)
        async with world.bot.services.store.read() as tx:
            row = await review_channel(tx, review_id)
        channel = by_id(world, row.channel_id)
        me = world.bot.user.id
        cards = [m for m in channel.history() if m.author.id == me and m.embeds]
        pinned = channel.pinned_messages()
        whole = len(cards) if [m.id for m in pinned] == [c.id for c in cards] else 0
        if whole == 1 and row.card_message_id != cards[0].id:
            whole = 0
        if index < 8 and not fp_sees(channel, fp):
            whole = 0
        matrix.add(label, f"{fault[0]} {span}", whole, claimed and index < 8,
                   visible_then or index >= 8)
    await audit_intact(world)
    matrix.show()


def fp_sees(channel, member) -> bool:
    from tests.behaviour.review_support import sees
    return sees(channel, member)


def by_id(world, channel_id: int):
    return next((c for c in world.guild.channels.values() if c.id == channel_id), None)
