"""The serving bot through SimCord: commands synced once, the server checked at start, the
heartbeat that `deskreview health` reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.app import DeskReviewBot, create_bot
from bot.services.health import check_health
from bot.serving import Serving
from bot.settings import Settings
from bot.startup import Exit
from tests.conftest import SimulatedClock

ONLY_CHECK = Serving(setup_check=True, heartbeat=False, backups=False)


def serving_bot(settings: Settings, made: list[DeskReviewBot], serving: Serving,
                **changes: Any) -> DeskReviewBot:
    bot = create_bot(settings.model_copy(update=changes), clock=SimulatedClock(),
                     serving=serving)
    made.append(bot)
    return bot


def command_syncs(env: Any) -> int:
    return sum(1 for e in env.http_requests if e.method == "PUT" and e.path.endswith("/commands"))


async def test_commands_are_not_synced_again_when_unchanged(world, bot_factory):
    offered = world.secretary.available_commands(world.secretariat_channel)
    assert "audit verify" in offered
    assert command_syncs(world.env) == 1
    await world.env.restart_bot(bot_factory())
    await world.env.restart_bot(bot_factory())
    assert command_syncs(world.env) == 1
    assert world.secretary.available_commands(world.secretariat_channel) == offered
    # what an older version synced differs: the new definition is sent once
    async with world.bot.services.store.transaction() as tx:
        await tx.execute("UPDATE settings_kv SET value = 'older' WHERE name LIKE 'commands.%'")
    await world.env.restart_bot(bot_factory())
    assert command_syncs(world.env) == 2


async def test_a_server_the_bot_is_not_in_stops_it_in_one_sentence(world, settings, made_bots):
    bot = serving_bot(settings, made_bots, ONLY_CHECK, guild_id=world.guild.id + 1)
    await world.env.restart_bot(bot)
    assert bot.stopped_for is not None and bot.stopped_for.code == Exit.NOT_IN_SERVER
    assert f"not in the server {world.guild.id + 1}" in bot.stopped_for.message
    assert "DESKREVIEW_GUILD_ID" in bot.stopped_for.message and bot.is_closed()


async def test_a_missing_channel_stops_it_naming_the_channel(world, settings, made_bots):
    bot = serving_bot(settings, made_bots, ONLY_CHECK, guild_id=world.guild.id,
                      draw_channel="announcements")
    await world.env.restart_bot(bot)
    assert bot.stopped_for is not None and bot.stopped_for.code == Exit.SERVER_SETUP
    assert "no text channel 'announcements'" in bot.stopped_for.message
    assert "deskreview doctor --fix" in bot.stopped_for.message


async def test_a_missing_role_stops_it_naming_the_role(world, settings, made_bots):
    bot = serving_bot(settings, made_bots, ONLY_CHECK, guild_id=world.guild.id,
                      chair_role="Chairs")
    await world.env.restart_bot(bot)
    assert bot.stopped_for is not None and bot.stopped_for.code == Exit.SERVER_SETUP
    assert "no role 'Chairs' (DESKREVIEW_CHAIR_ROLE)" in bot.stopped_for.message


async def test_a_usable_server_is_served(world, settings, made_bots):
    bot = serving_bot(settings, made_bots, ONLY_CHECK, guild_id=world.guild.id)
    await world.env.restart_bot(bot)
    assert bot.stopped_for is None and not bot.is_closed()


async def test_the_heartbeat_keeps_health_green_and_its_rows_few(world, settings, made_bots):
    bot = serving_bot(settings, made_bots, Serving(setup_check=True, heartbeat=True,
                                                   backups=False), guild_id=world.guild.id)
    await world.env.restart_bot(bot)
    store = bot.services.store
    await world.env.advance_time(10 * 60)
    health = await check_health(store, world.env.now())
    assert health.ok, health.message
    rows = await store.fetchall("SELECT status FROM jobs WHERE kind = 'heartbeat'")
    assert sorted(r["status"] for r in rows) in (["pending"], ["done", "pending"])
    # ten minutes without a beat (the bot stopped) is unhealthy
    later = await check_health(store, world.env.now() + timedelta(minutes=10))
    assert not later.ok and "the last heartbeat is 10 minutes old" in later.message
    # a clean stop says so at once
    assert bot.housekeeping is not None
    await bot.housekeeping.stop()
    stopped = await check_health(store, world.env.now())
    assert not stopped.ok and "the bot was stopped at" in stopped.message
