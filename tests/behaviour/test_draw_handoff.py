"""A draw's result opens its reviews even when recording them fails for a while.

The result and the job that records its assignments are written in one transaction. Here the
recording is refused — by the database (a trigger that aborts every new review, as a full disk
or a locked file would) or by Discord (the first channel creation) — and the reviews are still
opened on the retry, each with its private channel; when the refusal persists the secretariat
is told; a restart in between loses nothing.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from tests.behaviour.test_draws import (  # noqa: F401  (fixtures)
    DRAW,
    ROUND_123,
    advance_to,
    open_draw,
    redraws,
    results,
    settings,
    simcord_env,
)

pytestmark = pytest.mark.usefixtures("answered_errors_only")

SURS = ("ken", "nga", "fra")
REFUSAL = "the disk refused the review (injected by test)"


def refuse_reviews(world) -> None:
    with sqlite3.connect(world.bot.settings.database) as conn:
        conn.execute(f"CREATE TRIGGER refuse_reviews BEFORE INSERT ON reviews "
                     f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END")


def accept_reviews(world) -> None:
    with sqlite3.connect(world.bot.settings.database) as conn:
        conn.execute("DROP TRIGGER refuse_reviews")


def review_channels(world) -> list[str]:
    return sorted(n for n in world.guild.channels if n.endswith("-criminalization"))


def secretariat_says(world) -> list[str]:
    return [m.content for m in world.secretariat_channel.history()]


async def test_a_result_whose_reviews_the_database_refused_once_opens_them_on_the_retry(
        world, bot_factory):
    await open_draw(world)
    refuse_reviews(world)
    await advance_to(world, ROUND_123)
    assert len(results(world)) == 1  # the result is out …
    assert review_channels(world) == []  # … but its reviews could not be recorded yet
    await world.env.restart_bot(bot_factory())  # a restart in between
    accept_reviews(world)
    await world.env.advance_time(5 * 60)  # the job is tried again
    assert review_channels(world) == [f"{s}-criminalization" for s in sorted(SURS)]
    status = await world.secretary.slash(world.secretariat_channel, "review status")
    for code in ("KEN", "NGA", "FRA"):
        assert code in status.response.content
    assert not any("keeps failing" in text for text in secretariat_says(world))
    await world.env.advance_time(3600)  # and nothing is done twice
    assert len(review_channels(world)) == 3 and len(results(world)) == 1


async def test_a_refusal_that_persists_is_reported_and_nothing_is_lost(world, bot_factory):
    await open_draw(world)
    refuse_reviews(world)
    await advance_to(world, ROUND_123)
    await world.env.advance_time(timedelta(minutes=10).total_seconds())  # tries 2 and 3
    told = [t for t in secretariat_says(world) if "keeps failing" in t]
    assert len(told) == 1 and "opening a draw's reviews" in told[0] and REFUSAL in told[0]
    assert review_channels(world) == []
    await world.env.restart_bot(bot_factory())
    accept_reviews(world)
    await world.env.advance_time(3600)  # the back-off has grown; the job still runs
    assert review_channels(world) == [f"{s}-criminalization" for s in sorted(SURS)]
    assert len([t for t in secretariat_says(world) if "keeps failing" in t]) == 1


async def test_a_review_channel_discord_refused_is_made_on_the_retry(world):
    await open_draw(world)
    world.env.inject_error("POST", "/guilds/*/channels", times=1)
    await advance_to(world, ROUND_123)
    await world.env.advance_time(5 * 60)
    assert review_channels(world) == [f"{s}-criminalization" for s in sorted(SURS)]
    for name in review_channels(world):
        assert world.guild.channels[name].history(), f"{name} has no status card"
    assert DRAW in " ".join(m.content for m in results(world))
