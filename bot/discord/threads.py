"""The Discord side of the request threads: create them, post and edit their messages.

Each clarification request gets a *public* thread under its review's private channel. A public
thread is visible to exactly those who can see its parent channel — the review's registered
people, the secretariat and the bot — including people registered later, without keeping a
member list in step (a private thread would hide the request from anyone not added to it by
hand, and would need its own membership kept in step with the registry).

Buttons are rendered from plain data with their custom ids (``cr:answer:<id>`` …); they are not
tied to this process: the clarification cog registers dynamic items that match those ids, so a
button keeps working after a restart. Text longer than one Discord message is sent in several
messages, cut at paragraph, line or word breaks (never cut off).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import discord

from bot.discord.home import Home
from bot.discord.journal import digest, send_once
from bot.discord.render import allowed_mentions, render_embeds, render_files, render_view
from bot.discord.retry import message_gone
from bot.domain.clarifications import split_for_discord
from bot.domain.inputs import safe_name
from bot.i18n import render_all
from bot.ports.threads import ThreadMessage

REASON = "deskreview: a clarification request"
# A week without messages archives a thread; a new message or edit by the bot reopens it.
AUTO_ARCHIVE_MINUTES: Literal[10080] = 10080


class DiscordThreadPort:
    def __init__(self, home: Home) -> None:
        self.home = home

    async def _thread(self, thread_id: int) -> discord.Thread | None:
        thread = self.home.require_guild().get_thread(thread_id)
        if thread is not None:
            return thread
        try:  # archived threads are not in the cache
            found = await self.home.client.fetch_channel(thread_id)
        except discord.NotFound:
            return None
        return found if isinstance(found, discord.Thread) else None

    async def ensure_thread(self, thread_id: int | None, channel_id: int, name: str
                            ) -> tuple[int, bool]:
        name = safe_name(name) or "thread"  # never a mention or @everyone in a name
        if thread_id is not None:
            thread = await self._thread(thread_id)
            if thread is not None:
                changes: dict[str, Any] = {}
                if thread.name != name:
                    changes["name"] = name
                if thread.archived:
                    changes["archived"] = False
                if changes:
                    await thread.edit(reason=REASON, **changes)
                return thread.id, False
        guild = self.home.require_guild()
        channel = guild.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise LookupError(f"the review channel {channel_id} is not available")
        parent, me = channel, self.home.me()

        async def make(_nonce: str | None) -> discord.Thread:
            return await parent.create_thread(
                name=name, type=discord.ChannelType.public_thread,
                auto_archive_duration=AUTO_ARCHIVE_MINUTES, reason=REASON,
            )

        async def find(since: datetime, sent: str) -> int | None:  # its answer was lost
            return next((t.id for t in parent.threads
                         if digest(t.name) == sent and me is not None and t.owner_id == me
                         and discord.utils.snowflake_time(t.id) >= since), None)

        return await self.home.journal.create("thread", channel_id, name, make, find), True

    def _target(self, thread_id: int) -> discord.PartialMessageable:
        return self.home.partial(thread_id, thread=True)

    async def post(self, thread_id: int, message: ThreadMessage) -> int:
        target = self._target(thread_id)
        languages = await self.home.languages_of(thread_id)
        parts = split_for_discord(render_all(message.text, languages)) or [""]
        sent_id = 0
        for index, part in enumerate(parts):
            kwargs: dict[str, Any] = {"content": part or None,
                                      "allowed_mentions": allowed_mentions(message.mention_users)}
            if index == len(parts) - 1:
                if message.card is not None:
                    kwargs["embeds"] = render_embeds([message.card], languages)
                view = render_view(message.buttons, languages)
                if view is not None:
                    kwargs["view"] = view
                if message.files:
                    kwargs["files"] = render_files(message.files)
            sent_id = await send_once(self.home.journal, target, thread_id, kwargs, "part")
        return sent_id

    async def edit(self, thread_id: int, message_id: int, message: ThreadMessage) -> bool:
        languages = await self.home.languages_of(thread_id)
        parts = split_for_discord(render_all(message.text, languages))
        kwargs: dict[str, Any] = {
            "content": parts[-1] if parts else None,
            "embeds": render_embeds([message.card], languages) if message.card is not None
            else [],
            "view": render_view(message.buttons, languages),
            "allowed_mentions": allowed_mentions(message.mention_users),
        }
        try:
            await self._target(thread_id).get_partial_message(message_id).edit(**kwargs)
        except discord.NotFound as exc:
            if not message_gone(exc):
                raise
            return False
        return True
