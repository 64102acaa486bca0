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

import io
from typing import TYPE_CHECKING, Any, Literal

import discord

from bot.domain.clarifications import split_for_discord
from bot.domain.inputs import safe_name
from bot.ports import Button
from bot.services.clarification_text import ThreadMessage
from cogs.support.messenger import render_card

if TYPE_CHECKING:
    from bot.app import DeskReviewBot

REASON = "deskreview: a clarification request"
# A week without messages archives a thread; a new message or edit by the bot reopens it.
AUTO_ARCHIVE_MINUTES: Literal[10080] = 10080
_STYLES = {
    "primary": discord.ButtonStyle.primary,
    "secondary": discord.ButtonStyle.secondary,
    "success": discord.ButtonStyle.success,
    "danger": discord.ButtonStyle.danger,
}


class _ShownButton(discord.ui.Button[Any]):
    """A button drawn on a message; its clicks go to the dynamic items registered for its
    custom id, so the view itself need not be kept by this process."""

    def is_dispatchable(self) -> bool:
        return False


def render_view(buttons: tuple[Button, ...]) -> discord.ui.View | None:
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for b in buttons:
        view.add_item(_ShownButton(label=b.label, custom_id=b.custom_id,
                                   style=_STYLES.get(b.style, discord.ButtonStyle.secondary)))
    return view


def _mentions(message: ThreadMessage) -> discord.AllowedMentions:
    return discord.AllowedMentions(everyone=False, roles=False, replied_user=False,
                                   users=[discord.Object(u) for u in message.mention_users])


class DiscordThreadPort:
    def __init__(self, bot: DeskReviewBot) -> None:
        self.bot = bot

    async def _thread(self, thread_id: int) -> discord.Thread | None:
        thread = self.bot.require_home_guild().get_thread(thread_id)
        if thread is not None:
            return thread
        try:  # archived threads are not in the cache
            found = await self.bot.fetch_channel(thread_id)
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
        guild = self.bot.require_home_guild()
        channel = guild.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise LookupError(f"the review channel {channel_id} is not available")
        created = await channel.create_thread(
            name=name, type=discord.ChannelType.public_thread,
            auto_archive_duration=AUTO_ARCHIVE_MINUTES, reason=REASON,
        )
        return created.id, True

    def _target(self, thread_id: int) -> discord.PartialMessageable:
        guild_id = self.bot.require_home_guild().id
        return self.bot.get_partial_messageable(
            thread_id, guild_id=guild_id, type=discord.ChannelType.public_thread
        )

    async def post(self, thread_id: int, message: ThreadMessage) -> int:
        target = self._target(thread_id)
        parts = split_for_discord(message.text) or [""]
        sent_id = 0
        for index, part in enumerate(parts):
            kwargs: dict[str, Any] = {"content": part or None,
                                      "allowed_mentions": _mentions(message)}
            if index == len(parts) - 1:
                if message.card is not None:
                    kwargs["embed"] = render_card(message.card)
                view = render_view(message.buttons)
                if view is not None:
                    kwargs["view"] = view
                if message.files:
                    kwargs["files"] = [discord.File(io.BytesIO(f.data), filename=f.name)
                                       for f in message.files]
            sent = await target.send(**kwargs)
            sent_id = sent.id
        return sent_id

    async def edit(self, thread_id: int, message_id: int, message: ThreadMessage) -> bool:
        parts = split_for_discord(message.text)
        kwargs: dict[str, Any] = {
            "content": parts[-1] if parts else None,
            "embeds": [render_card(message.card)] if message.card is not None else [],
            "view": render_view(message.buttons),
            "allowed_mentions": _mentions(message),
        }
        try:
            await self._target(thread_id).get_partial_message(message_id).edit(**kwargs)
        except discord.NotFound:
            return False
        return True
