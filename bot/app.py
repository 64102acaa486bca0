"""The composition root: settings, store, clock, services, timers, cogs, command sync."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import discord
from discord.ext import commands

from bot.clock import Clock, SystemClock
from bot.discord.board import DiscordBoard
from bot.discord.command_sync import sync_if_changed
from bot.discord.guild_sync import DiscordGuildPort
from bot.discord.home import Home
from bot.discord.journal import EffectJournal
from bot.discord.messenger import DiscordMessenger
from bot.discord.retry import MAX_RATELIMIT_WAIT, retry_after
from bot.discord.threads import DiscordThreadPort
from bot.discord.voice_rooms import DiscordRoomPort
from bot.domain.role_setting import RoleSettingError
from bot.ports import OutMessage
from bot.services.access import AccessService
from bot.services.audit import AuditService
from bot.services.calls import CallPlanner, CallRoomService, OwnClockService
from bot.services.checkpoints import CheckpointService
from bot.services.clarifications import ClarificationService
from bot.services.draws import BeaconSource, DrandRelays, DrawService, RecordedSource
from bot.services.events import PEOPLE_CHANGED, EventBus
from bot.services.registry import RegistryService
from bot.services.reports import ReportService
from bot.services.reports.monthly import MonthlyReport
from bot.services.reviews import Reconciler, ReviewService
from bot.services.timers import Timekeeper
from bot.serving import Housekeeping, Serving, setup_problem
from bot.settings import Settings
from bot.startup import StartFailure
from cogs.support.tree import GuardedTree, arrange_commands
from storage.db import Store

log = logging.getLogger("deskreview")

EXTENSIONS: tuple[str, ...] = ("cogs.audit", "cogs.registry", "cogs.reviews", "cogs.calls",
                               "cogs.call_rooms", "cogs.own_clock", "cogs.clarifications",
                               "cogs.draws")
EXTENSIONS += ("cogs.reports",)


def bot_intents() -> discord.Intents:
    """The fewest intents the bot needs (README explains each)."""
    intents = discord.Intents.none()
    intents.guilds = True  # channels, roles, threads and categories of the server
    intents.message_content = True  # read answers and transcripts from review channels
    intents.guild_messages = True  # notice a status card deleted by hand, and put it back
    intents.voice_states = True  # who is in a call's room, from when to when
    return intents


@dataclass
class Services:
    store: Store
    clock: Clock
    audit: AuditService
    access: AccessService
    timers: Timekeeper
    events: EventBus
    extra: dict[str, Any] = field(default_factory=dict)
    registry: RegistryService | None = None
    reviews: ReviewService | None = None
    reconciler: Reconciler | None = None
    calls: CallPlanner | None = None
    call_rooms: CallRoomService | None = None
    own_clock: OwnClockService | None = None
    clarifications: ClarificationService | None = None
    draws: DrawService | None = None
    reports: ReportService | None = None


class DeskReviewBot(commands.Bot):
    def __init__(self, settings: Settings, *, clock: Clock | None = None,
                 serving: Serving | None = None) -> None:
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # no voice used
        super().__init__(
            command_prefix=commands.when_mentioned, intents=bot_intents(), tree_cls=GuardedTree,
            help_command=None, allowed_mentions=discord.AllowedMentions.none(),
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
        )
        self.settings = settings
        self.clock: Clock = clock or SystemClock()
        self.home = Home(self, settings, self.role_id)
        self.messenger = DiscordMessenger(self.home)
        self._services: Services | None = None
        self._ready_once = False
        self.startup_error: str | None = None
        self.serving = serving
        self.stopped_for: StartFailure | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the bot has not been set up yet")
        return self._services

    async def setup_hook(self) -> None:
        store = await Store.open(self.settings.database)
        self.home.journal = EffectJournal(store, self.clock, self.home.me)
        audit = AuditService(store, self.clock, key=self.settings.audit_key_bytes())
        timers = Timekeeper(
            store, self.clock, report_after=self.settings.job_max_attempts_before_report,
            reporter=self._tell_secretariat, retry_hint=retry_after,
        )
        self._services = Services(
            store=store, clock=self.clock, audit=audit,
            access=AccessService(self.settings, audit), timers=timers, events=EventBus(),
        )
        registry = RegistryService(store, self.clock, audit, self._services.events, self.messenger)
        self._services.registry = registry
        self._services.access.party_lookup = registry.person
        await registry.seed_if_empty()
        self._setup_reviews()
        self._setup_calls()
        self._setup_clarifications()
        self._setup_draws()
        self._setup_reports()
        housekeeping = Housekeeping(self, self.serving)
        self._services.extra["housekeeping"] = housekeeping
        self._services.extra.setdefault("on_ready", []).append(housekeeping.start)
        self._setup_checkpoints()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        arrange_commands(self.tree)
        guild = None
        if self.settings.guild_id is not None:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
        await sync_if_changed(self.tree, store, guild)

    def _setup_reviews(self) -> None:
        services = self.services
        port = DiscordGuildPort(self.home)
        reviews = ReviewService(
            services.store, self.clock, services.audit, services.timers, services.events,
            self.messenger, zone=self.settings.timezone,
        )
        reviews.parent_of = port.parent_of
        reconciler = Reconciler(
            services.store, self.clock, port, self.messenger, reviews, services.events
        )
        services.reviews, services.reconciler = reviews, reconciler
        services.access.review_lookup = reviews.review_scope
        services.extra.setdefault("on_ready", []).append(reconciler.reconcile)

    def _setup_clarifications(self) -> None:
        services = self.services
        clarifications = ClarificationService(
            services.store, self.clock, services.audit, services.timers, services.events,
            self.messenger, DiscordThreadPort(self.home), policy=self.settings.followup_policy(),
            default_due_days=self.settings.clarify_due_days,
        )
        services.clarifications = clarifications
        services.extra.setdefault("on_ready", []).append(clarifications.on_start)

    def _setup_draws(self) -> None:
        services = self.services
        source: BeaconSource = (RecordedSource() if self.settings.beacon == "recorded"
                                else DrandRelays(self.settings.relay_urls()))
        draws = DrawService(services.store, self.clock, services.audit, services.timers,
                            services.events, self.messenger, source, self.settings)
        draws.channel_of = lambda: self.home.named_channel_id(self.settings.draw_channel)
        services.draws = draws
        services.extra.setdefault("on_ready", []).append(draws.repair)

    def _setup_checkpoints(self) -> None:
        services = self.services
        checkpoints = CheckpointService(
            services.store, self.clock, services.audit, services.timers, self.messenger,
            lambda: self.home.named_channel_id(self.settings.audit_channel),
            every=timedelta(hours=self.settings.audit_checkpoint_hours),
        )
        services.extra["checkpoints"] = checkpoints  # its regular job starts when serving

    def _setup_calls(self) -> None:
        services = self.services
        services.calls = CallPlanner(
            services.store, self.clock, services.audit, services.timers, DiscordBoard(self.home),
            hours=self.settings.working_hours(), default_zone=self.settings.timezone,
            room_timing=self.settings.room_timing(),
        )
        services.calls.deployment = self._deployment
        services.call_rooms = CallRoomService(
            services.store, self.clock, services.timers, self.messenger, DiscordRoomPort(self.home),
            services.calls.room, timing=self.settings.room_timing(),
        )
        services.own_clock = OwnClockService(services.calls, self.clock, services.audit)
        rooms = services.call_rooms
        services.events.subscribe(PEOPLE_CHANGED,
                                  lambda payload: rooms.people_changed(payload["parties"]))
        services.extra.setdefault("on_ready", []).extend(
            [services.calls.repair, services.call_rooms.resync])

    def _deployment(self) -> str:
        """Unique to this deployment: the id of the server it serves (for calendar UIDs)."""
        return str(self.settings.guild_id or self.home.require_guild().id)

    def _setup_reports(self) -> None:
        services = self.services
        services.reports = ReportService(services.store, self.clock)
        monthly = MonthlyReport(services.reports, services.store, self.clock, services.timers,
                                self.messenger, zone=self.settings.timezone)
        services.extra.setdefault("on_ready", []).append(monthly.ensure_next)

    async def on_ready(self) -> None:
        if self._ready_once:
            return
        self._ready_once = True
        if self.serving is not None and self.serving.setup_check:
            self.stopped_for = setup_problem(self)
            if self.stopped_for is not None:
                await self.close()
                return
        if self.home.guild() is not None:
            try:
                self.resolve_roles(strict=True)
            except RoleSettingError as exc:
                self.startup_error = str(exc)
                if self.serving is None:  # `deskreview run` prints it as its one line
                    log.error("deskreview cannot start: %s", exc)
                await self.close()
                return
        for hook in self.services.extra.get("on_ready", []):
            await hook()
        await self.services.timers.start()
        log.info("deskreview is ready as %s", self.user)

    def resolve_roles(self, *, strict: bool = False) -> None:
        """Fix the chair and secretariat settings to one role id each (see role_setting)."""
        guild = self.home.guild()
        if guild is None or self._services is None:
            return
        self._services.access.resolve_roles([(r.id, r.name) for r in guild.roles], strict=strict)

    def role_id(self, kind: str) -> int | None:
        """The resolved id of the chair or secretariat role, resolving it first if need be."""
        if self._services is None:
            return None
        if not self._services.access.roles_resolved:
            self.resolve_roles()
        return self._services.access.role_id(kind)

    async def on_guild_join(self, _guild: discord.Guild) -> None:
        self.resolve_roles()

    async def on_guild_available(self, _guild: discord.Guild) -> None:
        self.resolve_roles()

    async def on_guild_role_create(self, _role: discord.Role) -> None:
        self.resolve_roles()

    async def on_guild_role_update(self, _before: discord.Role, _after: discord.Role) -> None:
        self.resolve_roles()

    async def _tell_secretariat(self, text: str) -> None:
        await self.messenger.post_to_secretariat(OutMessage(text))

    async def close(self) -> None:
        if self._services is not None:
            await self._services.timers.stop()
            housekeeping = self._services.extra.get("housekeeping")
            if housekeeping is not None:
                await housekeeping.stop()
            await self._services.store.close()
            self._services = None
        await super().close()


def create_bot(settings: Settings, *, clock: Clock | None = None,
               serving: Serving | None = None) -> DeskReviewBot:
    return DeskReviewBot(settings, clock=clock, serving=serving)
