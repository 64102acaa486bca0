"""The call flows of the fault matrix: schedule, reschedule and cancel, with their notices."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.behaviour.fault_support import Case, Flow, Route, bot_messages, said
from tests.behaviour.review_support import REASON, register

VIENNA = ZoneInfo("Europe/Vienna")
ANNOUNCE = Route("POST", "/channels/{room}/messages", "announcement")
EDIT = Route("PATCH", "/channels/{room}/messages/*", "announcement edit")
NOTICE = Route("POST", "/channels/{room}/messages", "notice")


def vienna(moment: Any) -> str:
    return moment.astimezone(VIENNA).strftime("%Y-%m-%dT%H:%M") + " Europe/Vienna"


class Calls:
    """One review (Kenya, by Ghana and France); case ``n`` is the call "Dialogue n"."""

    def __init__(self, verb: str) -> None:
        self.verb = verb  # schedule, reschedule or cancel
        self.ken: Any = None

    async def ready(self, world: Any) -> Any:
        if self.ken is None:
            self.ken = world.member("ken-call")
            await register(world, self.ken, "KEN", "focal_point")
            desk = world.secretariat_channel
            await world.secretary.slash(desk, "review-admin open", sur="KEN", cluster=1)
            await world.secretary.slash(desk, "review-admin assign", sur="KEN", cluster=1,
                                        same_group="GHA", other_group="FRA", reason=REASON)
        return world.guild.channels["ken-criminalization"]

    async def prepare(self, world: Any, n: int) -> Case:
        room = await self.ready(world)
        start = (world.env.now() + timedelta(days=2)).replace(minute=0, second=0,
                                                              microsecond=0)
        case = Case(n, {"room": room.id, "title": f"Dialogue {n}", "start": start})
        if self.verb != "schedule":
            await self.schedule(world, case)
            (announced,) = self.announcements(world, case)
            await self.ken.click(announced, label="Accept")
        return case

    async def schedule(self, world: Any, case: Case) -> str:
        room = world.guild.channels["ken-criminalization"]
        result = await self.ken.slash(room, "call schedule", title=case.ids["title"],
                                      start=vienna(case.ids["start"]), duration="60")
        return said(result)

    async def act(self, world: Any, case: Case) -> str:
        if self.verb == "schedule":
            return await self.schedule(world, case)
        room = world.guild.channels["ken-criminalization"]
        call = await self.call_id(world, case)
        if self.verb == "reschedule":
            moved = case.ids["start"] + timedelta(days=1)
            result = await self.ken.slash(room, "call reschedule", call=call,
                                          start=vienna(moved))
        else:
            result = await self.ken.slash(room, "call cancel", call=call,
                                          reason=f"No quorum for call {case.n}")
        return said(result)

    async def call_id(self, world: Any, case: Case) -> int:
        async with world.bot.services.store.read() as tx:
            row = await tx.fetchone("SELECT id FROM calls WHERE title = ?", (case.ids["title"],))
        return int(row["id"])

    def announcements(self, world: Any, case: Case) -> list[Any]:
        room = world.guild.channels["ken-criminalization"]
        return [m for m in bot_messages(world, room, "Conference call of the review")
                if m.embeds and m.embeds[0].title.endswith(case.ids["title"])]

    def notices(self, world: Any, case: Case) -> list[Any]:
        room = world.guild.channels["ken-criminalization"]
        words = {"reschedule": "has moved", "cancel": "is cancelled by"}[self.verb]
        return bot_messages(world, room, f"The call **{case.ids['title']}** ", words)

    def shows_change(self, world: Any, case: Case) -> bool:
        (announced,) = self.announcements(world, case) or (None,)
        if announced is None:
            return False
        embed = announced.embeds[0]
        if self.verb == "cancel":
            return embed.title.startswith("Cancelled:")
        if self.verb == "reschedule":
            moved = int((case.ids["start"] + timedelta(days=1)).timestamp())
            return f"<t:{moved}:" in (embed.description or "")
        return True

    def truthful(self, world: Any, case: Case, told: str) -> bool:
        if "The announcement in this channel shows" in told or "the announcement shows" in told:
            return len(self.announcements(world, case)) == 1 and self.shows_change(world, case)
        return "tries again" in told or "keeps trying" in told

    async def objects(self, world: Any, case: Case) -> dict[str, int]:
        announced = self.announcements(world, case)
        async with world.bot.services.store.read() as tx:
            row = await tx.fetchone("SELECT message_id FROM calls WHERE title = ?",
                                    (case.ids["title"],))
        recorded = len(announced) == 1 and row["message_id"] == announced[0].id
        counts = {"announcement": len(announced) if len(announced) != 1 else int(recorded),
                  "shows the change": int(self.shows_change(world, case))}
        if self.verb != "schedule":
            counts["notice"] = len(self.notices(world, case))
        return counts


def flow(verb: str) -> Flow:
    calls = Calls(verb)
    routes = (ANNOUNCE,) if verb == "schedule" else (EDIT, NOTICE)
    return Flow(f"call {verb}", routes, calls.prepare, calls.act, calls.truthful, calls.objects)
