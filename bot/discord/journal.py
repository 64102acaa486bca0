"""Every Discord effect happens once: journalled creation of messages, threads and cards.

Inside an effect scope (a job, a reconcile, a publication: ``bot/ports/effects.py``) each
creation is written to the journal before its request, sent with a nonce that Discord uses to
drop a repeat (``enforce_nonce``), and recorded as soon as Discord answers. A retry of the same
scope reuses what was recorded; when the earlier try got no answer (a crash, a lost response),
it first looks in the channel for what it made before making it again: among the bot's own
messages (or threads) made since that earlier request went out — every one of them, however
many others came since, and none older, so that an identical earlier notice is never taken for
it. A refusal that made nothing (4xx other than 429) clears the entry. Outside a scope a
creation is sent as it is.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.clock import Clock
from bot.ports.effects import effect_key, nonce_of
from storage.db import Store
from storage.effects import forget_effect, get_effect, record_effect, start_effect

log = logging.getLogger(__name__)

CLOCK_SKEW = timedelta(minutes=1)  # Discord's clock against ours, when searching by time


def fingerprint(kwargs: dict[str, Any]) -> str:
    """What identifies a message's content: text, embeds, file names."""
    embeds = kwargs.get("embeds") or ([kwargs["embed"]] if kwargs.get("embed") else [])
    files = kwargs.get("files") or []
    parts = [str(kwargs.get("content") or "")]
    parts += [f"{e.title or ''}\x1f{e.description or ''}" for e in embeds]
    parts += [str(getattr(f, "filename", "")) for f in files]
    return "\x1e".join(parts)


def digest(print_: str) -> str:
    return hashlib.sha256(print_.encode("utf-8")).hexdigest()[:32]


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
        find: Callable[[datetime, str], Awaitable[int | None]],
    ) -> int:
        """Create once: ``make(nonce)`` sends the request; ``find(since, sent)`` looks for what
        an earlier request, sent at ``since`` with content of digest ``sent``, made (the
        earlier try's content, which may differ from this try's: "this notice is late")."""
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
            found = await find(entry.started_at - CLOCK_SKEW, entry.sent_digest or digest(print_))
            if found is not None:
                log.info("%s: found what an earlier try made (%s %s)", key, kind, found)
                async with store.transaction() as tx:
                    await record_effect(tx, key, scope, channel_id, found, clock.now())
                return found
        else:
            async with store.transaction() as tx:
                await start_effect(tx, key, scope, channel_id, clock.now(), digest(print_))
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

        async def find(since: datetime, sent: str) -> int | None:
            return await self.find_message(channel, sent, since)

        return await self.create(kind, channel_id, print_, make, find)

    async def find_message(self, channel: discord.abc.Messageable, sent: str,
                           since: datetime) -> int | None:
        """The bot's earliest message whose content has digest ``sent`` posted since ``since``.
        Every message since then is read, newest first, page by page back to ``since`` (paging
        by ``before``, which every Discord answers the same way)."""
        me = self.me()
        after = discord.Object(id=discord.utils.time_snowflake(since))
        found: int | None = None
        async for message in channel.history(limit=None, after=after, oldest_first=False):
            if me is not None and message.author.id == me and (
                    digest(message_fingerprint(message)) == sent):
                found = message.id
        return found


async def send_once(journal: EffectJournal, channel: discord.abc.Messageable,
                    channel_id: int, kwargs: dict[str, Any], kind: str = "message") -> int:
    """Send through the journal: once, whatever fails or restarts on the way."""
    return await journal.send(channel, channel_id, kwargs, kind)
