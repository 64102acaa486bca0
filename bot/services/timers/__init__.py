"""Every timer is a row: scheduling, running and retrying jobs."""

from bot.services.timers._service import (
    FIRST_RETRY,
    MAX_RETRY,
    NOTICE_KIND,
    Timekeeper,
    Waiting,
    retry_delay,
)

__all__ = ["FIRST_RETRY", "MAX_RETRY", "NOTICE_KIND", "Timekeeper", "Waiting", "retry_delay"]
