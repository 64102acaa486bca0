"""The bot the cogs are loaded into, as the extensions' ``setup`` functions see it.

The composition root (``bot/app.py``) subclasses this; the cogs import only this, so no cog
imports the application that loads it. Only an extension's ``setup`` reads the services off
it, to hand each cog exactly those it uses.
"""

from __future__ import annotations

from discord.ext import commands

from bot.clock import Clock
from bot.container import Services
from bot.discord.home import Home
from bot.ports import Messenger
from bot.settings import Settings
from cogs.support.gate import Gate


class Host(commands.Bot):
    settings: Settings
    clock: Clock
    home: Home
    messenger: Messenger

    @property
    def services(self) -> Services:
        raise NotImplementedError

    @property
    def gate(self) -> Gate | None:
        raise NotImplementedError
