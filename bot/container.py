"""The services of a running bot, as the composition root (``bot/app.py``) builds them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.clock import Clock
from bot.services.access import AccessService
from bot.services.appointments import AppointmentService
from bot.services.archives import ArchiveService
from bot.services.audit import AuditService
from bot.services.calls import CallPlanner, CallRoomService, OwnClockService
from bot.services.checkpoints import CheckpointService
from bot.services.clarifications import ClarificationService
from bot.services.draws import DrawService
from bot.services.languages import LanguageService
from bot.services.outputs import OutputService
from bot.services.registrations import RegistrationService
from bot.services.registry import RegistryService
from bot.services.reports import ReportService
from bot.services.reviews import Reconciler, ReviewService
from bot.services.timers import Timekeeper
from storage.db import Store


@dataclass(frozen=True)
class Services:
    """Every service, built once and fully before any cog loads."""

    store: Store
    clock: Clock
    audit: AuditService
    access: AccessService
    timers: Timekeeper
    registry: RegistryService
    reviews: ReviewService
    reconciler: Reconciler
    calls: CallPlanner
    call_rooms: CallRoomService
    own_clock: OwnClockService
    clarifications: ClarificationService
    draws: DrawService
    reports: ReportService
    checkpoints: CheckpointService
    starters: tuple[Callable[[], Awaitable[Any]], ...]
    """What brings Discord in line with the rows once the server is known, in order."""
    languages: LanguageService
    """Who reads which language (the six UN languages)."""
    outputs: OutputService
    """The outputs of each review's steps, their versions and clearances."""
    appointments: AppointmentService
    """Who serves their State in which review, in which role (appointments per review)."""
    registrations: RegistrationService
    """Requests to be registered (`/register`) and the secretariat's decisions."""
    archives: ArchiveService
    """Archives of closed reviews: kept, delivered again, and the retention of channels."""
