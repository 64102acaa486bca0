"""Outputs kept by the bot: a 10 MB draft through the simulated Discord, and a full database.

Through SimCord: an expert submits a 10 MB PDF (Discord's upload limit without boosts) as the
questionnaire answers of a review, its focal point clears it, and a reviewer gets it again;
prints the wall time of each step. Then on the storage alone: 189 reviews with every output in
three versions of 200 KB each (2,835 versions, about 550 MB), and prints the time to list one
review's versions, to read one version back, the database's size and the time of an online
backup (the daily one) of it.
Run: `python benchmarks/outputs_files.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import discord
import simcord

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import create_bot  # noqa: E402
from bot.demo.stage import grant_staff_commands  # noqa: E402
from bot.domain.outputs import OutputKind  # noqa: E402
from bot.domain.parties_csv import parse_parties_csv  # noqa: E402
from bot.services.registry import bundled_csv  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage.db import Store  # noqa: E402
from storage.outputs import get_version, insert_version, review_outputs  # noqa: E402
from storage.parties import all_parties, save_parties  # noqa: E402
from storage.reviews import insert_review  # noqa: E402

BIG = b"%PDF-1.7\n" + bytes(range(256)) * (10 * 1024 * 1024 // 256 - 1)
SMALL = b"%PDF-1.7\n" + bytes(range(256)) * 800
T0 = datetime(2026, 1, 1, tzinfo=UTC)


class SimClock:
    def now(self) -> datetime:
        return discord.utils.utcnow()


async def through_discord(folder: Path) -> None:
    settings = Settings(_env_file=None, database=folder / "bench.sqlite3",  # type: ignore[call-arg]
                        secretariat_role="Secretariat", chair_role="Chair")
    bot = create_bot(settings, clock=SimClock())
    async with simcord.run(bot) as env:
        try:
            guild = env.create_guild(name="bench")
            secretariat = guild.create_role("Secretariat")
            guild.create_role("Chair")
            general = guild.create_text_channel("general")
            guild.create_text_channel("secretariat")
            clerk = guild.add_member(env.create_user("clerk"), roles=[secretariat])
            await env.settle()
            grant_staff_commands(env, guild, secretariat)
            people = {}
            for name, party, role in (("ken-fp", "KEN", "focal_point"),
                                      ("ken-expert", "KEN", "expert"),
                                      ("gha-fp", "GHA", "focal_point")):
                people[name] = guild.add_member(env.create_user(name))
                await clerk.slash(general, "expert add", member=people[name], party=party,
                                  role=role, note_verbale="NV/2020/1", note_date="2020-06-15")
            await clerk.slash(general, "review-admin open", sur="KEN", cluster=1)
            await clerk.slash(general, "review-admin assign", sur="KEN", cluster=1,
                              same_group="GHA", other_group="FRA", reason="benchmark")
            channel = guild.channels["ken-criminalization"]
            t0 = time.perf_counter()
            await people["ken-expert"].slash(channel, "output submit", kind="questionnaire",
                                             file=("answers.pdf", BIG))
            submitted = time.perf_counter() - t0
            post = next(m for m in channel.history() if m.attachments)
            t0 = time.perf_counter()
            await people["ken-fp"].click(post, label="Clear for Kenya")
            cleared = time.perf_counter() - t0
            t0 = time.perf_counter()
            got = await people["gha-fp"].slash(channel, "output get", kind="questionnaire")
            data = await got.response.attachments[0].read()
            fetched = time.perf_counter() - t0
            print(f"10 MB draft through SimCord: submitted and posted {submitted * 1000:.0f} ms; "
                  f"cleared (stage moved) {cleared * 1000:.0f} ms; given again "
                  f"{fetched * 1000:.0f} ms, byte for byte: {data == BIG}")
        finally:
            await bot.close()


async def storage_only(folder: Path) -> None:
    store = await Store.open(folder / "full.sqlite3")
    try:
        async with store.transaction() as tx:
            await save_parties(tx, parse_parties_csv(bundled_csv()).parties, at=T0)
            codes = [p.code for p in await all_parties(tx)][:189]
        t0 = time.perf_counter()
        reviews = []
        for code in codes:
            async with store.transaction() as tx:
                review = await insert_review(tx, sur=code, cluster=1, start=T0.date(),
                                             draw_id=None, by="bench", now=T0)
                reviews.append(review)
                owners = [(OutputKind.QUESTIONNAIRE, code), (OutputKind.FEEDBACK, "R1"),
                          (OutputKind.FEEDBACK, "R2"), (OutputKind.OBSERVATIONS, ""),
                          (OutputKind.SUMMARY, "")]
                for kind, party in owners:
                    for _ in range(3):
                        await insert_version(tx, review_id=review, kind=kind, party=party,
                                             filename="a.pdf", media_type="application/pdf",
                                             data=SMALL, uploaded_by=1, uploaded_party=None,
                                             now=T0)
        filled = time.perf_counter() - t0
        t0 = time.perf_counter()
        async with store.read() as tx:
            listed = await review_outputs(tx, reviews[100])
        listing = time.perf_counter() - t0
        t0 = time.perf_counter()
        async with store.read() as tx:
            one = await get_version(tx, listed[7].id, with_data=True)
        reading = time.perf_counter() - t0
        size = (folder / "full.sqlite3").stat().st_size
        t0 = time.perf_counter()
        await store.backup_to(folder / "backup.sqlite3")
        backup = time.perf_counter() - t0
        print(f"{len(reviews) * 15} versions of {len(SMALL) // 1024} KB in {len(reviews)} "
              f"reviews: filled in {filled:.1f} s; database {size / 1024 ** 2:.0f} MB")
        print(f"one review's {len(listed)} versions listed in {listing * 1000:.1f} ms; one "
              f"version read back in {reading * 1000:.1f} ms "
              f"({one is not None and one.data == SMALL}); online backup {backup:.1f} s")
    finally:
        await store.close()


async def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        await through_discord(folder)
        with contextlib.suppress(FileNotFoundError):
            (folder / "bench.sqlite3").unlink()
        await storage_only(folder)


if __name__ == "__main__":
    asyncio.run(main())
