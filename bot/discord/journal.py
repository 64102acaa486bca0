"""Every Discord effect happens once: journalled creation of messages, threads and cards.

Inside an effect scope (a job, a reconcile, a publication: ``bot/ports/effects.py``) each
creation is written to the journal before its request, sent with a nonce that Discord uses to
drop a repeat (``enforce_nonce``), and recorded as soon as Discord answers. A retry of the same
scope reuses what was recorded; when the earlier try got no answer (a crash, a lost response),
it first looks in the channel for what it made before making it again. A refusal that made
nothing (4xx other than 429) clears the entry. Outside a scope a creation is sent as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.clock import Clock
from bot.ports.effects import effect_key, nonce_of
from storage.db import Store
from storage.effects import forget_effect, get_effect, record_effect, start_effect

log = logging.getLogger(__name__)

LOOK_BACK = 50  # messages searched for an earlier try's post


def fingerprint(kwargs: dict[str, Any]) -> str:
    """What identifies a message's content: text, embeds, file names."""
    embeds = kwargs.get("embeds") or ([kwargs["embed"]] if kwargs.get("embed") else [])
    files = kwargs.get("files") or []
    parts = [str(kwargs.get("content") or "")]
    parts += [f"{e.title or ''}\x1f{e.description or ''}" for e in embeds]
    parts += [str(getattr(f, "filename", "")) for f in files]
    return "\x1e".join(parts)


def message_fingerprint(message: discord.Message) -> str:
    parts = [message.content or ""]
    parts += [f"{e.title or ''}\x1f{e.description or ''}" for e in message.embeds]
    parts += [a.filename for a in message.attachments]
    return "\x1e".join(parts)


def _made_nothing(exc: BaseException) -> bool:
    return (isinstance(exc, discord.HTTPException) and 400 <= exc.status < 500
            and exc.status != 429)


class EffectJournal:
    def __init__(self, store: Store, clock: Clock, me: Callable[[], int | None]) -> None:
        self.store = store
        self.clock = clock
        self.me = me

    async def create(
        self, kind: str, channel_id: int, print_: str,
        make: Callable[[str | None], Awaitable[Any]],
        find: Callable[[], Awaitable[int | None]],
    ) -> int:
        """Create once: ``make(nonce)`` sends the request; ``find`` looks for an earlier one."""
        keyed = effect_key(kind, channel_id, print_)
        if keyed is None:
            return int((await make(None)).id)
        scope, key = keyed
        store, clock = self.store, self.clock
        async with store.read() as tx:
            entry = await get_effect(tx, key)
        if entry is not None and entry.object_id is not None:
            return entry.object_id  # made by an earlier try of this scope
        if entry is not None:  # an earlier try got no answer: did Discord make it?
            found = await find()
            if found is not None:
                log.info("%s: found what an earlier try made (%s %s)", key, kind, found)
                async with store.transaction() as tx:
                    await record_effect(tx, key, scope, channel_id, found, clock.now())
                return found
        else:
            async with store.transaction() as tx:
                await start_effect(tx, key, scope, channel_id, clock.now())
        try:
            made = await make(nonce_of(key))
        except Exception as exc:
            if _made_nothing(exc):
                async with store.transaction() as tx:
                    await forget_effect(tx, key)
            raise
        async with store.transaction() as tx:
            await record_effect(tx, key, scope, channel_id, int(made.id), clock.now())
        return int(made.id)

    async def send(self, channel: discord.abc.Messageable, channel_id: int,
                   kwargs: dict[str, Any], kind: str = "message") -> int:
        """``channel.send(**kwargs)`` once per scope."""
        print_ = fingerprint(kwargs)

        async def make(nonce: str | None) -> discord.Message:
            extra = {"nonce": nonce} if nonce is not None else {}
            return await channel.send(**kwargs, **extra)  # type: ignore[call-overload, no-any-return]

        async def find() -> int | None:
            return await self.find_message(channel, print_)

        return await self.create(kind, channel_id, print_, make, find)

    async def find_message(self, channel: discord.abc.Messageable, print_: str) -> int | None:
        me = self.me()
        async for message in channel.history(limit=LOOK_BACK):
            if me is not None and message.author.id == me and (
                    message_fingerprint(message) == print_):
                return message.id
        return None


async def send_once(journal: EffectJournal, channel: discord.abc.Messageable,
                    channel_id: int, kwargs: dict[str, Any], kind: str = "message") -> int:
    """Send through the journal: once, whatever fails or restarts on the way."""
    return await journal.send(channel, channel_id, kwargs, kind)
