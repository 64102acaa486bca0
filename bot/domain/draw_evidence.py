"""Evidence of publication before the round (``draw-protocol.md`` sections 7 and 8.5).

A log line may carry ``"posted": {"channel_id", "message_id"}`` naming the Discord message that
published the *previous* line. A Discord snowflake carries Discord's own time, which the
operator cannot backdate: ``(message_id >> 22) + 1420070400000`` milliseconds since 1970. The
manifest's ``meta.announced_at`` is written by the operator, so it can only count against a log.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
MAX_SNOWFLAKE = 2**64 - 1


def is_posted(posted: Any) -> bool:
    """``{"channel_id", "message_id"}``, both Discord snowflakes written as digit strings."""
    return (isinstance(posted, dict) and set(posted) == {"channel_id", "message_id"}
            and all(isinstance(v, str) and v.isascii() and v.isdigit()
                    and 0 < int(v) <= MAX_SNOWFLAKE for v in posted.values()))


def message_time_ms(message_id: str | int) -> int:
    """The time a Discord snowflake carries, in milliseconds since 1970."""
    return (int(message_id) >> 22) + DISCORD_EPOCH_MS


def snowflake_at(when: datetime, sequence: int = 0) -> int:
    """A snowflake whose time is ``when`` (for building logs of a given time)."""
    ms = int(when.timestamp() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | sequence


def utc_text(ms: int) -> str:
    """A time in milliseconds, as ``2023-08-23 15:15:33.000 UTC``."""
    moment = datetime.fromtimestamp(ms / 1000, UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d} UTC"


def parse_instant(text: Any) -> datetime:
    """An RFC 3339 time such as ``2023-08-23T15:00:00Z`` (a time without a zone is UTC)."""
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a time written as text")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not an RFC 3339 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def late_announcement(meta: dict[str, Any], round_time_s: int) -> str | None:
    """Why ``meta.announced_at`` refutes publication before the round, if it does."""
    if "announced_at" not in meta:
        return None
    try:
        announced = parse_instant(meta["announced_at"])
    except ValueError as exc:
        return f"meta.announced_at cannot be read: {exc}"
    if announced.timestamp() >= round_time_s:
        return (f"meta.announced_at ({meta['announced_at']}) is not before the time of its "
                f"beacon round ({utc_text(round_time_s * 1000)}): the manifest was not "
                "committed before the randomness existed")
    return None


def late_message(what: str, posted: dict[str, str], round_: int, round_time_s: int) -> str | None:
    """Why the message that published ``what`` was too late for round ``round_``, if it was."""
    at = message_time_ms(posted["message_id"])
    if at >= round_time_s * 1000:
        return (f"{what} was published in Discord message {posted['message_id']} at "
                f"{utc_text(at)}, not before beacon round {round_} "
                f"({utc_text(round_time_s * 1000)})")
    return None
