"""Draws of reviewing States: sessions, beacons, results, redraws and their publication."""

from bot.services.draws._beacons import BeaconSource, BeaconUnavailable, DrandRelays, RecordedSource
from bot.services.draws._publication import too_late
from bot.services.draws._service import DrawService
from bot.services.draws._text import SLOT_LABELS

__all__ = [
    "BeaconSource", "BeaconUnavailable", "DrandRelays", "DrawService", "RecordedSource",
    "SLOT_LABELS", "too_late",
]
