"""Shared fixtures: the real bot on a fresh SQLite file, driven through SimCord."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.app import DeskReviewBot, create_bot
from bot.demo.stage import grant_staff_commands
from bot.settings import Settings
from tests.support import openapi

RECORDED_BODIES: list[tuple[str, str, Any]] = []


class SimulatedClock:
    """Reads the simulated Discord's clock, which the test moves with ``advance_time``."""

    def now(self) -> datetime:
        return discord.utils.utcnow()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database=tmp_path / "deskreview.sqlite3",
        chair_role="Chair",
        secretariat_role="Secretariat",
        secretariat_channel="secretariat",
        draw_channel="draws",
        discord_token=None,
        guild_id=None,
    )


@pytest.fixture
def made_bots() -> list[DeskReviewBot]:
    return []


@pytest.fixture
def bot_factory(settings: Settings, made_bots: list[DeskReviewBot]) -> Callable[[], DeskReviewBot]:
    """A new bot process on the same database (for restarts)."""

    def make() -> DeskReviewBot:
        bot = create_bot(settings, clock=SimulatedClock())
        made_bots.append(bot)
        return bot

    return make


@pytest.fixture
def simcord_bot(bot_factory: Callable[[], DeskReviewBot]) -> DeskReviewBot:
    return bot_factory()


@dataclass
class World:
    env: Any
    guild: Any
    chair_role: Any
    secretariat_role: Any
    general: Any
    secretariat_channel: Any
    draws: Any
    chair: Any
    secretary: Any
    outsider: Any
    checkpoints: Any

    def staff_commands(self) -> list[dict[str, Any]]:
        """The synced top-level commands Discord hides from ordinary members."""
        return [c for c in self.env.backend.commands.get(None, {}).values()
                if c.get("default_member_permissions") not in (None, "0")]

    def grant_staff_commands(self, *targets: Any) -> None:
        """What the server's administrator does in Server Settings → Integrations: allow the
        staff commands for these roles (or members, or @everyone: ``guild.default_role``)."""
        grant_staff_commands(self.env, self.guild, *targets)

    def member(self, name: str, *roles: Any) -> Any:
        return self.guild.add_member(self.env.create_user(name), roles=list(roles))

    @property
    def bot(self) -> DeskReviewBot:
        return self.env.bot


@pytest.fixture
async def world(simcord_env: Any, made_bots: list[DeskReviewBot]) -> Any:
    env = simcord_env
    guild = env.create_guild(name="UNTOC review mechanism")
    chair_role = guild.create_role("Chair")
    secretariat_role = guild.create_role("Secretariat")
    general = guild.create_text_channel("general")
    secretariat_channel = guild.create_text_channel("secretariat")
    draws = guild.create_text_channel("draws")
    checkpoints = guild.create_text_channel("audit-checkpoints")
    chair = guild.add_member(env.create_user("chair"), roles=[chair_role])
    secretary = guild.add_member(env.create_user("secretary"), roles=[secretariat_role])
    outsider = guild.add_member(env.create_user("outsider"))
    await env.settle()
    world = World(env, guild, chair_role, secretariat_role, general, secretariat_channel, draws,
                  chair, secretary, outsider, checkpoints)
    world.grant_staff_commands(chair_role, secretariat_role)  # as README tells the administrator
    try:
        yield world
    finally:
        # SimCord does not close the bots; their database threads must not outlive the test
        for bot in {id(b): b for b in [*made_bots, env.bot]}.values():
            if bot._services is not None:
                await bot._services.store.close()
                bot._services = None
    _check_bodies(env)


@pytest.fixture
def answered_errors_only(request: pytest.FixtureRequest) -> Any:
    """Bad input and refusals are answered to the person (the tests assert the answer) and are
    no fault of the bot; any other error the bot raised still fails the test."""
    from bot.domain.errors import InputError, Refused

    world = request.getfixturevalue("world") if "world" in request.fixturenames else None
    yield
    for error in world.env.errors if world else ():
        assert isinstance(error.__cause__ or error, (InputError, Refused)), repr(error)


def _check_bodies(env: Any) -> None:
    """Every JSON body the bot sent must be one Discord's document accepts."""
    found: list[str] = []
    for entry in env.http_requests:
        RECORDED_BODIES.append((entry.method, entry.path, entry.json))
        if openapi.spec_available():
            found.extend(openapi.problems(entry.method, entry.path, entry.json))
    assert not found, "bodies Discord would reject:\n" + "\n".join(found[:20])
