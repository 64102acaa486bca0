"""The timer flows of the fault matrix: a clarification follow-up and a review reminder.

Each case makes the object whose timer it is, brings the clock to a minute before the timer,
and lets it fire under the fault. Nobody is told anything by a reply; what counts is that each
notice the timer owes arrives exactly once, however long Discord refused it."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from tests.behaviour.fault_flows import Clarify, Reviews, review_row
from tests.behaviour.fault_support import Case, Flow, Route, bot_messages

POST_IN = Route("POST", "/channels/{target}/messages", "notice post")


async def next_run(world: Any, sql_where: str, params: tuple[Any, ...]) -> datetime:
    async with world.bot.services.store.read() as tx:
        row = await tx.fetchone(f"SELECT run_at FROM jobs WHERE status = 'pending' AND "
                                f"{sql_where} ORDER BY run_at LIMIT 1", params)
    assert row is not None, sql_where
    return datetime.fromisoformat(row["run_at"])


async def until_just_before(world: Any, moment: datetime) -> None:
    await world.env.advance_time(max(0.0, (moment - world.env.now()).total_seconds() - 60))


def once_each(messages: list[Any]) -> dict[str, int]:
    """Each distinct notice, with how many times it was posted (none: the notice is lost)."""
    counts = Counter(m.content for m in messages)
    return {text[:60]: n for text, n in counts.items()} or {"notice": 0}


class FollowUp(Clarify):
    """A request due in 8 days: its "gentle reminder" a week before the due day."""

    def __init__(self) -> None:
        super().__init__(answering=False)

    async def prepare(self, world: Any, n: int) -> Case:
        room = await self.ready(world)
        await self.people["fra"].slash(room, "clarify ask", question=f"Follow-up {n}?", due="8")
        case = Case(n, {"number": n + 1})
        thread = self.thread(world, case)
        async with world.bot.services.store.read() as tx:
            row = await tx.fetchone("SELECT id FROM clarification_requests WHERE thread_id = ?",
                                    (thread.id,))
        case.ids.update(target=thread.id, at=await next_run(
            world, "key = ?", (f"cr:{row['id']}:before",)))
        await until_just_before(world, case.ids["at"])
        return case

    async def fire(self, world: Any, case: Case) -> str:
        await world.env.advance_time(120)
        return ""

    async def notices(self, world: Any, case: Case) -> dict[str, int]:
        thread = self.thread(world, case)
        return once_each(bot_messages(world, thread, contains="Gentle reminder"))


def followup_flow() -> Flow:
    job = FollowUp()
    return Flow("clarification follow-up job", (POST_IN,), job.prepare, job.fire,
                lambda world, case, told: True, job.notices)


class Reminder(Reviews):
    """A new review: the first reminder of its deadlines, a week before the first is due."""

    async def prepare(self, world: Any, n: int) -> Case:
        case = await super().prepare(world, n)
        await self.open(world, case)
        row = await review_row(world, case.ids["review"])
        case.ids["target"] = row.channel_id
        case.ids["at"] = await next_run(
            world, "kind = 'review.deadline' AND json_extract(payload, '$.review_id') = ?",
            (case.ids["review"],))
        case.ids["since"] = world.env.now()
        await until_just_before(world, case.ids["at"])
        return case

    async def fire(self, world: Any, case: Case) -> str:
        await world.env.advance_time(120)
        return ""

    async def notices(self, world: Any, case: Case) -> dict[str, int]:
        row = await review_row(world, case.ids["review"])
        channel = next(c for c in world.guild.channels.values() if c.id == row.channel_id)
        sur = case.ids["sur"]
        return once_each([m for m in bot_messages(world, channel, "Gentle reminder for review "
                                                  f"{sur}")])


def reminder_flow() -> Flow:
    job = Reminder("AFRICA")
    return Flow("review reminder job", (POST_IN,), job.prepare, job.fire,
                lambda world, case, told: True, job.notices)
