"""The flows of the fault matrix that a person starts: reviews, reconcile, clarifications."""

from __future__ import annotations

from typing import Any

from storage.parties import all_parties
from storage.reviews import review_channel
from tests.behaviour.fault_support import Case, Flow, Route, bot_messages, said
from tests.behaviour.review_support import REASON, register, sees

POST = Route("POST", "/channels/*/messages", "message post")
CARD = Route("POST", "/channels/*/messages", "card post")
PIN = Route("PUT", "/channels/*/messages/pins/*", "card pin")
OVERWRITES = Route("PATCH", "/channels/*", "overwrites, card edits")  # both are PATCHes
CHANNEL = Route("POST", "/guilds/*/channels", "channel")
QUESTION = "Does the law on organized criminal groups cover the offence of participation?"


async def codes(world: Any, group: str) -> list[str]:
    async with world.bot.services.store.read() as tx:
        return [p.code for p in await all_parties(tx) if p.group == group]


def named(world: Any, name: str) -> list[Any]:
    """Every channel of the server with this name (``guild.channels`` keeps one per name)."""
    backend = world.env.backend
    ids = [c for c in world.guild._guild.channel_ids if backend.channels[c].name == name]
    return [world.guild.channels[name] for _ in ids] if ids else []


def by_id(world: Any, channel_id: int | None) -> Any:
    return next((c for c in world.guild.channels.values() if c.id == channel_id), None)


async def review_row(world: Any, review_id: int) -> Any:
    async with world.bot.services.store.read() as tx:
        return await review_channel(tx, review_id)


async def review_objects(world: Any, case: Case) -> dict[str, int]:
    """One channel, one card in it, pinned alone, all as the database has them, and the
    reviewing State's person able to see it."""
    row = await review_row(world, case.ids["review"])
    channels = named(world, case.ids["name"])
    channel = by_id(world, row.channel_id) if row else None
    if channel is None or channel.name != case.ids["name"]:
        return {"channel": 0}
    me = world.bot.user.id
    cards = [m for m in channel.history() if m.author.id == me and m.embeds]
    pinned = [m.id for m in channel.pinned_messages()]
    card_ok = len(cards) == 1 and pinned == [cards[0].id] and row.card_message_id == cards[0].id
    counts = {"channel": len(channels), "card": len(cards) if not cards or not card_ok else 1,
              "pin": len(pinned)}
    if "fp" in case.ids:
        counts["reviewer sees it"] = int(sees(channel, case.ids["fp"]))
    return counts


class Reviews:
    """Case ``n`` opens and assigns a review of its own: State ``n`` of a regional group."""

    def __init__(self, group: str, offset: int = 0) -> None:
        self.group = group
        self.offset = offset

    async def parties(self, world: Any, n: int) -> tuple[str, str, str]:
        same = await codes(world, self.group)
        other = await codes(world, "WEOG")
        i = n + self.offset
        return same[i], same[i + 1], other[i % len(other)]

    async def prepare(self, world: Any, n: int) -> Case:
        sur, same, other = await self.parties(world, n)
        fp = world.member(f"fp-{same.lower()}")
        await register(world, fp, same, "expert")
        return Case(n, {"sur": sur, "same": same, "other": other, "fp": fp,
                        "name": f"{sur.lower()}-criminalization"})

    async def open(self, world: Any, case: Case) -> str:
        desk = world.secretariat_channel
        opened = await world.secretary.slash(desk, "review-admin open", sur=case.ids["sur"],
                                             cluster=1)
        assert "is open" in said(opened), said(opened)
        async with world.bot.services.store.read() as tx:
            row = await tx.fetchone("SELECT id FROM reviews ORDER BY id DESC LIMIT 1")
        case.ids["review"] = int(row["id"])
        assigned = await world.secretary.slash(
            desk, "review-admin assign", sur=case.ids["sur"], cluster=1,
            same_group=case.ids["same"], other_group=case.ids["other"], reason=REASON)
        return said(opened) + "\n" + said(assigned)

    async def truthful(self, world: Any, case: Case, told: str) -> bool:
        row = await review_row(world, case.ids["review"])
        channel = by_id(world, row.channel_id) if row else None
        if "can now see" in told and not (channel and sees(channel, case.ids["fp"])):
            return False
        return not (f"<#{row.channel_id}>" in told and channel is None) if row else True


def review_flow() -> Flow:
    reviews = Reviews("AFRICA")
    return Flow("review open and assign", (CARD, PIN, OVERWRITES), reviews.prepare,
                reviews.open, reviews.truthful, review_objects)


class Reconcile(Reviews):
    """A review's channel deleted by hand (the bot notices and makes it again), then
    ``/review-admin reconcile``: both under the fault."""

    async def prepare(self, world: Any, n: int) -> Case:
        case = await super().prepare(world, n)
        await self.open(world, case)
        return case

    async def reconcile(self, world: Any, case: Case) -> str:
        row = await review_row(world, case.ids["review"])
        world.env.backend.delete_channel(row.channel_id)
        await world.env.settle()
        result = await world.secretary.slash(world.secretariat_channel, "review-admin reconcile")
        return said(result)

    async def truthful(self, world: Any, case: Case, told: str) -> bool:
        assert "incident" not in told.lower(), told  # a refusal is said, never an incident
        label = f"review {case.ids['sur']}, cluster 1"
        repaired, _, refused = told.partition("Not yet repaired")
        counts = await review_objects(world, case)
        whole = counts.get("channel") == 1 and counts.get("card") == 1
        if label in refused:
            return True  # said not yet repaired, and that it is tried again
        return whole  # said repaired, or said nothing was missing: it must be whole


def reconcile_flow() -> Flow:
    reconcile = Reconcile("ASIA_PACIFIC")
    return Flow("reconcile", (CHANNEL, CARD), reconcile.prepare, reconcile.reconcile,
                reconcile.truthful, review_objects)


# ------------------------------------------------------------------------ clarifications


class Clarify:
    """One review (Kenya, by Ghana and France); case ``n`` is request CR-(n+1)."""

    def __init__(self, answering: bool) -> None:
        self.answering = answering
        self.people: dict[str, Any] = {}

    async def ready(self, world: Any) -> Any:
        if not self.people:
            for name, party in (("ken", "KEN"), ("fra", "FRA")):
                self.people[name] = world.member(f"{name}-cr")
                await register(world, self.people[name], party, "focal_point")
            desk = world.secretariat_channel
            await world.secretary.slash(desk, "review-admin open", sur="KEN", cluster=1)
            await world.secretary.slash(desk, "review-admin assign", sur="KEN", cluster=1,
                                        same_group="GHA", other_group="FRA", reason=REASON)
        return world.guild.channels["ken-criminalization"]

    async def prepare(self, world: Any, n: int) -> Case:
        room = await self.ready(world)
        case = Case(n, {"number": n + 1, "room": room.id})
        if self.answering:
            await self.people["fra"].slash(room, "clarify ask", question=f"{QUESTION} ({n})")
            case.ids["thread"] = self.thread(world, case).id
        return case

    def thread(self, world: Any, case: Case) -> Any:
        room = world.guild.channels["ken-criminalization"]
        found = [t for t in room.threads if t.name.startswith(f"CR-{case.ids['number']} ")]
        return found[0] if len(found) == 1 else None

    async def act(self, world: Any, case: Case) -> str:
        room = world.guild.channels["ken-criminalization"]
        if not self.answering:
            result = await self.people["fra"].slash(room, "clarify ask",
                                                    question=f"{QUESTION} ({case.n})")
            return said(result)
        result = await self.people["ken"].slash(self.thread(world, case), "clarify answer",
                                                text=f"Yes: section {case.n} of the Act.")
        return said(result)

    def truthful(self, world: Any, case: Case, told: str) -> bool:
        counts = self.counts(world, case)
        if "were notified there" in told or "The asking State was told" in told:
            return all(v == 1 for v in counts.values())
        if "<#" in told and counts.get("thread") != 1:
            return False
        return True

    def counts(self, world: Any, case: Case) -> dict[str, int]:
        room = world.guild.channels["ken-criminalization"]
        threads = [t for t in room.threads if t.name.startswith(f"CR-{case.ids['number']} ")]
        if len(threads) != 1:
            return {"thread": len(threads)}
        (thread,) = threads
        cards = [m for m in bot_messages(world, thread) if m.embeds
                 and m.embeds[0].title.startswith(f"CR-{case.ids['number']}")]
        counts = {"thread": 1, "card": len(cards)}
        if self.answering:
            answers = bot_messages(world, thread, contains=f"section {case.n} of the Act")
            counts["answer"] = len(answers)
            shown = cards and any(f.name == "Status" and f.value.startswith("Answered on")
                                  for f in cards[0].embeds[0].fields)
            counts["card shows the answer"] = int(bool(shown))
        return counts

    async def objects(self, world: Any, case: Case) -> dict[str, int]:
        return self.counts(world, case)


def ask_flow() -> Flow:
    clarify = Clarify(answering=False)
    return Flow("clarify ask", (Route("POST", "/channels/{room}/threads", "thread"),
                                Route("POST", "/channels/*/messages", "first post")),
                clarify.prepare, clarify.act, clarify.truthful, clarify.objects)


def answer_flow() -> Flow:
    clarify = Clarify(answering=True)
    return Flow("clarify answer", (Route("POST", "/channels/{thread}/messages", "answer post"),
                                   Route("PATCH", "/channels/{thread}/messages/*", "card edit")),
                clarify.prepare, clarify.act, clarify.truthful, clarify.objects)
