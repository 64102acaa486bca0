"""Every timer is a row: scheduling, running and retrying jobs."""

from bot.services.timers._service import Timekeeper, retry_delay

__all__ = ["Timekeeper", "retry_delay"]
