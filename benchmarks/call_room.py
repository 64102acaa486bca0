"""A call held in its room through the simulated Discord: what it costs in requests and time.

A review of three States with 20 registered people each (60 in all, a third of them observers);
one call without an outside link. Printed: the REST requests of opening the room and of closing
it, the time the bot takes per voice-state event while 60 people join, leave and come back
twice (300 events, SimCord included), and the size of the attendance record posted.
Run: `python benchmarks/call_room.py`.
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import discord
import simcord

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import create_bot  # noqa: E402
from bot.demo.stage import grant_staff_commands  # noqa: E402
from bot.settings import Settings  # noqa: E402

PER_STATE = 20
STATES = ("KEN", "GHA", "JPN")


class SimClock:
    def now(self):  # noqa: ANN201
        return discord.utils.utcnow()


def requests(env, since: int) -> Counter[str]:
    return Counter(f"{e.method} {re.sub(r'[0-9]{5,}', '{id}', e.path)}"
                   for e in env.http_requests[since:]
                   if not e.path.startswith(("/interactions/", "/webhooks/")))


async def until(env, moment: datetime) -> None:
    await env.advance_time((moment - discord.utils.utcnow()).total_seconds())


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(_env_file=None, database=Path(folder) / "bench.sqlite3")  # type: ignore[call-arg]
        bot = create_bot(settings, clock=SimClock())
        async with simcord.run(bot) as env:
            guild = env.create_guild(name="bench")
            secretariat = guild.create_role("Secretariat")
            desk = guild.create_text_channel("secretariat")
            guild.create_role("Chair")
            secretary = guild.add_member(env.create_user("secretary"), roles=[secretariat])
            await env.settle()
            grant_staff_commands(env, guild, secretariat)
            people = []
            for code in STATES:
                for n in range(PER_STATE):
                    member = guild.add_member(env.create_user(f"{code.lower()}-{n}"))
                    role = "focal_point" if n == 0 else "observer" if n % 3 == 0 else "expert"
                    await secretary.slash(desk, "expert add", member=member, party=code,
                                          role=role, note_verbale="NV/2020/1",
                                          note_date="2020-06-15")
                    people.append(member)
            await secretary.slash(desk, "review-admin open", sur="KEN", cluster=1)
            await secretary.slash(desk, "review-admin assign", sur="KEN", cluster=1,
                                  same_group="GHA", other_group="JPN", reason="Benchmark")
            channel = guild.channels["ken-criminalization"]
            await people[0].slash(channel, "call schedule", title="Benchmark call",
                                  start="2026-01-15T13:00Z", duration="60")
            await until(env, datetime(2026, 1, 15, 12, 44, tzinfo=UTC))
            since = len(env.http_requests)
            await env.advance_time(60)
            opened = requests(env, since)
            room = guild.channels["Call 1 · ken-criminalization"]

            started = time.perf_counter()
            events = 0
            for _round in range(2):
                for member in people:
                    await member.join_voice(room)
                    events += 1
                await env.advance_time(600)
                for member in people:
                    await member.leave_voice()
                    events += 1
            for member in people:
                await member.join_voice(room)
                events += 1
            elapsed = time.perf_counter() - started
            await until(env, datetime(2026, 1, 15, 14, 0, tzinfo=UTC))
            for member in people:
                await member.leave_voice()
            since = len(env.http_requests)
            await until(env, datetime(2026, 1, 15, 14, 15, tzinfo=UTC))
            closed = requests(env, since)
            history = channel.history()
            first = next(i for i, m in enumerate(history)
                         if m.content.startswith("Attendance of the call"))
            record = [m.content for m in history[first:]]
            print(f"opening the room: {sum(opened.values())} requests {dict(opened)}")
            print(f"voice-state events: {events + len(people)}; "
                  f"{elapsed / events * 1000:.2f} ms per event while people come and go "
                  "(SimCord included)")
            print(f"closing the room: {sum(closed.values())} requests {dict(closed)}")
            print(f"attendance record: {sum(map(len, record))} characters for {len(people)} "
                  f"people, posted as {len(record)} messages of at most 2,000 characters")
            if bot._services is not None:
                await bot._services.store.close()


if __name__ == "__main__":
    asyncio.run(main())
