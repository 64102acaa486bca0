"""Drive an audited command through the simulated Discord many times.

Prints p50/p95 latency per interaction (wall time, including SimCord's own work) and how many
audit entries per second the bot writes while doing it.
Run: `python benchmarks/interaction_latency.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

import discord
import simcord

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import create_bot  # noqa: E402
from bot.settings import Settings  # noqa: E402

ROUNDS = 300


class SimClock:
    def now(self):  # noqa: ANN201
        return discord.utils.utcnow()


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
            guild = env.create_guild(name="bench")
            channel = guild.create_text_channel("general")
            guild.create_text_channel("secretariat")
            secretariat = guild.create_role("Secretariat")
            clerk = guild.add_member(env.create_user("clerk"), roles=[secretariat])
            outsider = guild.add_member(env.create_user("outsider"))
            timings = []
            started = time.perf_counter()
            for _ in range(ROUNDS):
                t0 = time.perf_counter()
                # a refused /audit verify is an audited action: one audit entry each
                await outsider.slash(channel, "audit verify")
                timings.append(time.perf_counter() - t0)
            elapsed = time.perf_counter() - started
            result = await clerk.slash(channel, "audit verify")
            timings.sort()
            p50 = statistics.median(timings) * 1000
            p95 = timings[int(len(timings) * 0.95) - 1] * 1000
            print(f"interactions: {ROUNDS} audited refusals through SimCord")
            print(f"latency per interaction: p50 {p50:.2f} ms, p95 {p95:.2f} ms")
            print(f"audit writes per second (end to end): {ROUNDS / elapsed:.0f}")
            print(f"chain check: {result.response.content}")


if __name__ == "__main__":
    asyncio.run(main())
