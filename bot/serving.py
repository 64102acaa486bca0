"""What the bot does only when it really serves (`deskreview run`): the server checked at
start, the heartbeat, the daily backups. Tests and the demo switch each on as they need."""

from __future__ import annotations

from dataclasses import dataclass

import discord

from bot.clock import Clock
from bot.container import Services
from bot.domain.doctor import examine, fatal_problem
from bot.ports import Messenger, OutMessage
from bot.services.backups import BackupService
from bot.services.health import Heartbeat
from bot.settings import Settings
from bot.startup import Exit, StartFailure


@dataclass(frozen=True)
class Serving:
    setup_check: bool = True  # stop at start, in one sentence, when the server is not usable
    heartbeat: bool = True  # write the heartbeat every minute (`deskreview health`)
    backups: bool = True  # the daily checked backup (DESKREVIEW_BACKUP_KEEP > 0)


class Housekeeping:
    """The heartbeat and the backups: their job handlers are always registered, so rows left
    by a serving bot never fail in another; they are scheduled only when serving."""

    def __init__(self, services: Services, clock: Clock, settings: Settings,
                 messenger: Messenger, serving: Serving | None) -> None:
        self.services = services
        self.serving = serving
        self.messenger = messenger
        self.heartbeat = Heartbeat(services.store, clock, services.timers)
        self.backups = BackupService(
            services.store, clock, services.timers, folder=settings.backups_folder(),
            keep=settings.backup_keep, report=self._report,
            audit_key=settings.audit_key_bytes())

    async def _report(self, text: str) -> None:
        await self.messenger.post_to_secretariat(OutMessage(text))

    async def start(self) -> None:
        if self.serving is None:
            return
        await self.services.checkpoints.on_start()  # the regular audit checkpoint, daily
        if self.serving.heartbeat:
            await self.heartbeat.start()
        if self.serving.backups:
            await self.backups.start()

    async def stop(self) -> None:
        """On a clean stop the heartbeat says so (health and restore need not wait)."""
        if self.serving is not None and self.serving.heartbeat:
            await self.heartbeat.stop()


def setup_problem(bot: discord.Client, settings: Settings) -> StartFailure | None:
    """Why the bot cannot serve this server at all, in one sentence, or None."""
    from bot.discord.doctor import snapshot, wanted_from

    wanted = wanted_from(settings)
    check = fatal_problem(examine(snapshot(bot, wanted.guild_id), wanted))
    if check is None:
        return None
    if check.key == "server":
        return StartFailure(Exit.NOT_IN_SERVER, (
            f"the bot is not in the server {wanted.guild_id} (DESKREVIEW_GUILD_ID): "
            f"{check.fix}."))
    return StartFailure(Exit.SERVER_SETUP, (
        f"{check.says}: {check.fix}, or run `deskreview doctor --fix` to create it."))
