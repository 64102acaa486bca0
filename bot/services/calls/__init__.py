"""Conference calls: scheduling, polls, rooms, notices, attendance and own clocks."""

from bot.services.calls._own_clock import OwnClockService
from bot.services.calls._poll_text import listed, listing_text, suggestion_text
from bot.services.calls._polls import CallPlanner
from bot.services.calls._rooms import CallRoomService
from bot.services.calls._service import CallOutcome
from bot.services.calls._views import (
    ANSWER_TEMPLATE,
    VOTE_TEMPLATE,
    answer_custom_id,
    vote_custom_id,
)

__all__ = [
    "ANSWER_TEMPLATE", "CallOutcome", "CallPlanner", "CallRoomService", "OwnClockService",
    "VOTE_TEMPLATE", "answer_custom_id", "listed", "listing_text",
    "suggestion_text", "vote_custom_id",
]
