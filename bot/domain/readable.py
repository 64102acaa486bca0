"""Discord's markup made readable outside Discord: mentions and timestamps spelled out.

A transcript read in a browser or an editor cannot show ``<@123>`` as a name or ``<t:…>`` in
the reader's zone; these are replaced by the name (with State and role) and by the time in UTC
and in the zone of the State under review. Pure text in, pure text out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

MARKUP = re.compile(r"<@!?(\d+)>|<@&(\d+)>|<#(\d+)>|<t:(-?\d+)(?::([tTdDfFR]))?>|"
                    r"<a?:(\w+):\d+>")
LEFTOVER = re.compile(r"<(?:@!?|@&|#)\d+>|<t:-?\d+(?::[tTdDfFR])?>")


def readable(
    text: str, *, user: Callable[[int], str], role: Callable[[int], str],
    channel: Callable[[int], str], moment: Callable[[datetime, str], str],
) -> str:
    """The text with every user, role and channel mention, timestamp and custom emoji written
    out as a reader outside Discord can read it. ``moment`` gets the timestamp's Discord style
    (t, T: a time; d, D: a date; f, F: both; R: relative, which a page read later cannot be)."""

    def swap(found: re.Match[str]) -> str:
        user_id, role_id, channel_id, stamp, style, emoji = found.groups()
        if user_id:
            return "@" + user(int(user_id))
        if role_id:
            return "@" + role(int(role_id))
        if channel_id:
            return "#" + channel(int(channel_id))
        if stamp:
            try:
                return moment(datetime.fromtimestamp(int(stamp), UTC), style or "f")
            except (OverflowError, ValueError, OSError):
                return stamp
        return f":{emoji}:"

    return MARKUP.sub(swap, text)


def has_raw_markup(text: str) -> bool:
    """Whether any Discord mention or timestamp is left as Discord writes it."""
    return LEFTOVER.search(text) is not None
