"""Every timer is a row: scheduling, running and retrying jobs."""

from bot.services.timers._service import Timekeeper

__all__ = ["Timekeeper"]
