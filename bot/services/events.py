"""In-process events between services.

A service that changes something others depend on publishes an event; the services that care
subscribe. The registry, for instance, announces that a party's people changed, and the review
service reconciles that party's review channels. Nothing here knows Discord.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any]], Awaitable[None]]

PARTY_CHANGED = "party.changed"  # payload: {"parties": [codes]}
PEOPLE_CHANGED = "people.changed"  # payload: {"parties": [codes], "users": [ids]}
ASSIGNMENTS_RECORDED = "draw.assignments"  # payload: {"draw_id": str, "surs": [codes]}
REVIEW_CHANGED = "review.changed"  # payload: {"reviews": [ids]}


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, name: str, handler: Handler) -> None:
        self._handlers[name].append(handler)

    async def publish(self, name: str, payload: dict[str, Any]) -> None:
        """Tell every subscriber; one failing subscriber does not stop the others."""
        for handler in list(self._handlers.get(name, [])):
            try:
                await handler(payload)
            except Exception:
                log.exception("a subscriber to %s failed", name)
