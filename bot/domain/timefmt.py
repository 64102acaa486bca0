"""How instants are written down: UTC, ISO 8601, whole seconds, a trailing Z."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no zone; give an aware one")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def discord_ts(moment: datetime, style: str = "F") -> str:
    """A Discord timestamp tag: each reader sees it in their own zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"
