"""The composition root: settings, store, clock, services, timers, cogs, command sync."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

import discord
from discord.ext import commands

from bot.clock import Clock, SystemClock
from bot.container import Services
from bot.discord.board import DiscordBoard
from bot.discord.command_sync import sync_if_changed
from bot.discord.guild_sync import DiscordGuildPort
from bot.discord.home import Home, parent_channel
from bot.discord.journal import EffectJournal
from bot.discord.messenger import DiscordMessenger
from bot.discord.pacing import install as install_pacing
from bot.discord.retry import MAX_RATELIMIT_WAIT, retry_after
from bot.discord.threads import DiscordThreadPort
from bot.discord.translator import CatalogueTranslator
from bot.discord.voice_rooms import DiscordRoomPort
from bot.domain.handoffs import PARTIES_CHANGED, REVIEWS_CHANGED, PartiesChanged, ReviewsChanged
from bot.domain.role_setting import RoleSettingError
from bot.ports import OutMessage
from bot.services.access import AccessService
from bot.services.appointments import (
    AppointmentService,
    appointed_in_review,
    appointed_person,
)
from bot.services.archives import ArchiveService, outputs_gatherer
from bot.services.audit import AuditService
from bot.services.calls import CallPlanner, CallRoomService, OwnClockService
from bot.services.capacity import CapacityWatch
from bot.services.checkpoints import CheckpointService, checkpoint_soon
from bot.services.clarifications import ClarificationService
from bot.services.draws import BeaconSource, DrandRelays, DrawService, RecordedSource
from bot.services.languages import LanguageService, Readers
from bot.services.outputs import OutputService
from bot.services.registrations import RegistrationService
from bot.services.registry import RegistryService
from bot.services.reports import ReportService
from bot.services.reports.monthly import MonthlyReport
from bot.services.reviews import Reconciler, ReviewService, review_scope
from bot.services.timers import Timekeeper
from bot.serving import Housekeeping, Serving, setup_problem
from bot.settings import Settings
from bot.startup import StartFailure
from cogs.support.gate import Gate
from cogs.support.host import Host
from cogs.support.tree import GuardedTree, arrange_commands
from storage.db import Store
from storage.jobs import Job

log = logging.getLogger("deskreview")

EXTENSIONS: tuple[str, ...] = ("cogs.audit", "cogs.registry", "cogs.reviews", "cogs.calls",
                               "cogs.call_rooms", "cogs.own_clock", "cogs.clarifications",
                               "cogs.draws")
EXTENSIONS += ("cogs.reports",)
EXTENSIONS += ("cogs.languages",)
EXTENSIONS += ("cogs.outputs",)
EXTENSIONS += ("cogs.appointments", "cogs.registrations")


def bot_intents() -> discord.Intents:
    """The fewest intents the bot needs (README explains each)."""
    intents = discord.Intents.none()
    intents.guilds = True  # channels, roles, threads and categories of the server
    intents.message_content = True  # read answers and transcripts from review channels
    intents.guild_messages = True  # notice a status card deleted by hand, and put it back
    intents.voice_states = True  # who is in a call's room, from when to when
    return intents


class DeskReviewBot(Host):
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
        self._services: Services | None = None
        self._gate: Gate | None = None
        self._ready_once = False
        self.startup_error: str | None = None
        self.serving = serving
        self.stopped_for: StartFailure | None = None
        self.housekeeping: Housekeeping | None = None

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("the bot has not been set up yet")
        return self._services

    @property
    def gate(self) -> Gate | None:
        return self._gate

    async def setup_hook(self) -> None:
        install_pacing(self, self.clock)  # no request sooner than Discord asked
        store = await Store.open(self.settings.database)
        self._services = self._build(store)
        self._gate = Gate(self._services.access, self._services.languages, self.home)
        await self._services.registry.seed_if_empty()
        self.housekeeping = Housekeeping(self._services, self.clock, self.settings,
                                         self.messenger, self.serving)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        arrange_commands(self.tree)
        await self.tree.set_translator(CatalogueTranslator())
        guild = None
        if self.settings.guild_id is not None:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
        await sync_if_changed(self.tree, store, guild)

    def _build(self, store: Store) -> Services:
        """The composition root: every service once, fully, in the order they need each other
        (the Home and its messenger too)."""
        settings, clock = self.settings, self.clock
        timers = Timekeeper(store, clock, report_after=settings.job_max_attempts_before_report,
                            reporter=self._tell_secretariat, retry_hint=retry_after)
        audit = AuditService(store, clock, key=settings.audit_key_bytes(),
                             after_sensitive=checkpoint_soon(timers, clock))
        scope = partial(review_scope, store, partial(parent_channel, self, settings))
        access = AccessService(settings, audit, party_of=partial(appointed_person, store),
                               review_of=scope,
                               role_in_review_of=partial(appointed_in_review, store))
        languages = LanguageService(store, clock, audit)
        journal = EffectJournal(store, clock, lambda: self.user.id if self.user else None)
        home = self.home = Home(self, settings, access, journal, Readers(languages, scope))
        messenger = self.messenger = DiscordMessenger(home)
        registry = RegistryService(store, clock, audit, timers, messenger)
        guild = DiscordGuildPort(home)
        reviews = ReviewService(store, clock, audit, timers, messenger, zone=settings.timezone,
                                parent_of=guild.parent_of)
        capacity = CapacityWatch(store, messenger)  # one watch: each crossing told once
        calls = CallPlanner(
            store, clock, audit, timers, DiscordBoard(home), hours=settings.working_hours(),
            default_zone=settings.timezone, room_timing=settings.room_timing(),
            deployment=lambda: str(settings.guild_id or home.require_guild().id),
        )
        rooms = CallRoomService(store, clock, timers, messenger, DiscordRoomPort(home),
                                calls.room, timing=settings.room_timing(), capacity=capacity)
        clarifications = ClarificationService(
            store, clock, audit, timers, messenger, DiscordThreadPort(home),
            policy=settings.followup_policy(), default_due_days=settings.clarify_due_days,
        )
        source: BeaconSource = (RecordedSource() if settings.beacon == "recorded"
                                else DrandRelays(settings.relay_urls()))
        draws = DrawService(store, clock, audit, timers, reviews, messenger, source, settings,
                            channel_of=lambda: home.named_channel_id(settings.draw_channel))
        reports = ReportService(store, clock)
        checkpoints = CheckpointService(
            store, clock, timers, messenger,
            lambda: home.named_channel_id(settings.audit_channel),
            every=timedelta(hours=settings.audit_checkpoint_hours),
        )  # its regular job starts when serving
        monthly = MonthlyReport(reports, store, clock, timers, messenger, zone=settings.timezone)
        appointments = AppointmentService(store, clock, audit, timers, registry, messenger)
        registrations = RegistrationService(
            store, clock, audit, timers, registry, appointments, messenger, DiscordBoard(home),
            lambda: home.named_channel_id(settings.secretariat_channel))
        outputs = OutputService(store, clock, audit, timers, reviews, DiscordBoard(home),
                                focal_point_for=appointments.focal_point_for)
        archives = ArchiveService(store, clock, audit, timers, messenger, guild, reviews,
                                  retention_days=settings.archive_after_days,
                                  gatherers=(outputs_gatherer(outputs),))
        reconciler = Reconciler(store, clock, guild, messenger, reviews, archives, capacity)

        async def reviews_changed(job: Job, _late: bool) -> None:
            ids = ReviewsChanged.model_validate(job.payload).reviews
            await reconciler.reconcile(ids)
            await clarifications.reviews_changed(ids)

        async def parties_changed(job: Job, _late: bool) -> None:
            change = PartiesChanged.model_validate(job.payload)
            if change.people:
                await reviews.people_changed(change.parties)
            await reconciler.parties_changed(change.parties)
            if change.people:
                await rooms.people_changed(list(change.parties))

        timers.register(REVIEWS_CHANGED, reviews_changed,
                        label="bringing review channels and requests in line")
        timers.register(PARTIES_CHANGED, parties_changed,
                        label="following a registry change (reminders, channels, call rooms)")
        return Services(
            store=store, clock=clock, audit=audit, access=access, timers=timers,
            registry=registry, reviews=reviews, reconciler=reconciler, calls=calls,
            call_rooms=rooms, own_clock=OwnClockService(calls, clock, audit),
            clarifications=clarifications, draws=draws, reports=reports, checkpoints=checkpoints,
            starters=(reconciler.reconcile, calls.repair, rooms.resync, clarifications.on_start,
                      draws.repair, monthly.ensure_next),
            languages=languages, outputs=outputs, appointments=appointments,
            registrations=registrations, archives=archives,
        )

    async def on_ready(self) -> None:
        if self._ready_once:
            return
        self._ready_once = True
        if self.serving is not None and self.serving.setup_check:
            self.stopped_for = setup_problem(self, self.settings)
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
        for start in self.services.starters:
            await start()
        if self.housekeeping is not None:
            await self.housekeeping.start()
        await self.services.timers.start()
        log.info("deskreview is ready as %s", self.user)

    def resolve_roles(self, *, strict: bool = False) -> None:
        """Fix the chair and secretariat settings to one role id each (see role_setting)."""
        if self._services is not None:
            self.home.resolve_roles(strict=strict)

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
            if self.housekeeping is not None:
                await self.housekeeping.stop()
            await self._services.store.close()
            self._services = self._gate = None
        await super().close()


def create_bot(settings: Settings, *, clock: Clock | None = None,
               serving: Serving | None = None) -> DeskReviewBot:
    return DeskReviewBot(settings, clock=clock, serving=serving)
