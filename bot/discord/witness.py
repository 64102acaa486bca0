"""Reading the audit checkpoints back from Discord, where they are witnessed.

Only the bot's own messages in the checkpoint channel count (anyone else could post a look-
alike); each keeps Discord's timestamp and message id, which the database cannot change.
"""

from __future__ import annotations

from dataclasses import replace

import discord

from bot.discord.home import Home
from bot.domain.audit import Checkpoint, parse_checkpoint_text
from bot.domain.timefmt import iso_utc

SCAN_LIMIT = 5000  # messages read back at most (newest first)


async def published_checkpoints(home: Home) -> tuple[list[Checkpoint], str]:
    """The checkpoints in the channel (oldest first), and a note when they could not be read."""
    channel = home.named_channel(home.settings.audit_channel)
    me = home.me()
    if not isinstance(channel, discord.TextChannel) or me is None:
        return [], f"the checkpoint channel “{home.settings.audit_channel}” was not found"
    found: list[Checkpoint] = []
    try:
        async for message in channel.history(limit=SCAN_LIMIT):
            if message.author.id != me:
                continue
            point = parse_checkpoint_text(message.content)
            if point is not None:
                found.append(replace(point, posted_at=iso_utc(message.created_at),
                                     message_id=message.id))
    except discord.HTTPException as exc:
        return [], f"the checkpoint channel could not be read ({exc.status})"
    return sorted(found, key=lambda p: p.seq), ""
