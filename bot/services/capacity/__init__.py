"""The capacity watch: tells the secretariat once when the server crosses 450, 475 and 490
channels (the level told is kept in the database, so a restart does not tell it again)."""

from __future__ import annotations

import logging

from bot.domain.capacity import capacity_notice, to_tell
from bot.ports import Messenger, OutMessage
from storage.capacity import archivable_channels, set_told_level, told_level
from storage.db import Store

log = logging.getLogger(__name__)


class CapacityWatch:
    def __init__(self, store: Store, messenger: Messenger) -> None:
        self.store = store
        self.messenger = messenger

    async def observe(self, count: int) -> str | None:
        """Look at the server's channel count; returns the notice posted, if any."""
        async with self.store.read() as tx:
            told = await told_level(tx)
            mark, level = to_tell(told, count)
            archivable = await archivable_channels(tx) if mark is not None else 0
        if mark is None:
            if level != told:  # fell below a mark: the next crossing is told again
                async with self.store.transaction() as tx:
                    await set_told_level(tx, level)
            return None
        text = capacity_notice(count, mark, archivable)
        try:
            await self.messenger.post_to_secretariat(OutMessage(text))
        except Exception:  # told at the next look instead
            log.exception("could not tell the secretariat about the channel count")
            return None
        async with self.store.transaction() as tx:
            await set_told_level(tx, level)
        return text


__all__ = ["CapacityWatch"]
