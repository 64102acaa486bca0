"""The capacity watch: tells the secretariat once when the server crosses 450, 475 and 490
channels (the level told is kept in the database, so a restart does not tell it again)."""

from __future__ import annotations

import asyncio
import logging

from bot.domain.capacity import to_tell
from bot.domain.reviews import GUILD_CHANNEL_MAX
from bot.i18n import Msg, _, _n
from bot.ports import Messenger, OutMessage
from storage.capacity import archivable_channels, set_told_level, told_level
from storage.db import Store

log = logging.getLogger(__name__)


def capacity_notice(count: int, mark: int, archivable: int) -> Msg:
    """What the secretariat reads when the server crosses a mark."""
    if archivable:
        closed = _n("{count} closed review holds a channel that could leave the server now (its "
                    "archive is kept): `/review-admin archive` removes it.",
                    "{count} closed reviews hold channels that could leave the server now (their "
                    "archives are kept): `/review-admin archive` removes each.", archivable)
    else:
        closed = _("No closed review holds a channel that could leave the server yet.")
    return _("The server has crossed {mark} channels: it holds {count} of Discord's {max} "
             "(categories included), room for {room} more. {closed}", mark=mark, count=count,
             max=GUILD_CHANNEL_MAX, room=max(GUILD_CHANNEL_MAX - count, 0), closed=closed)


class CapacityWatch:
    def __init__(self, store: Store, messenger: Messenger) -> None:
        self.store = store
        self.messenger = messenger
        self._told: int | None = None  # the level kept in the database, once read
        self._lock = asyncio.Lock()

    async def observe(self, count: int) -> Msg | None:
        """Look at the server's channel count; returns the notice posted, if any. Nothing is
        read or written while the count stays between the same marks."""
        if self._told is not None and to_tell(self._told, count) == (None, self._told):
            return None
        async with self._lock:
            return await self._observe(count)

    async def _observe(self, count: int) -> Msg | None:
        if self._told is not None and to_tell(self._told, count) == (None, self._told):
            return None
        async with self.store.read() as tx:
            told = await told_level(tx)
            mark, level = to_tell(told, count)
            archivable = await archivable_channels(tx) if mark is not None else 0
        self._told = told
        if mark is None:
            if level != told:  # fell below a mark: the next crossing is told again
                async with self.store.transaction() as tx:
                    await set_told_level(tx, level)
                self._told = level
            return None
        text = capacity_notice(count, mark, archivable)
        try:
            await self.messenger.post_to_secretariat(OutMessage(text))
        except Exception:  # told at the next look instead
            log.exception("could not tell the secretariat about the channel count")
            return None
        async with self.store.transaction() as tx:
            await set_told_level(tx, level)
        self._told = level
        return text


__all__ = ["CapacityWatch"]
