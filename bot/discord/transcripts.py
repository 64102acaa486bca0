"""Reading a review channel whole: messages, threads, cards, reactions, and the bytes of every
attachment (Discord's links expire; the bot keeps what matters)."""

from __future__ import annotations

import logging
import re

import discord

from bot.discord.home import Home
from bot.ports.guild import (
    Transcript,
    TranscriptAttachment,
    TranscriptEmbed,
    TranscriptMessage,
    TranscriptPerson,
    TranscriptReaction,
    TranscriptThread,
)

log = logging.getLogger(__name__)

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
CHANNEL_MENTION = re.compile(r"<#(\d+)>")
MAX_LOOKUPS = 200  # people named in a channel but never seen writing in it


def _embed(e: discord.Embed) -> TranscriptEmbed:
    return TranscriptEmbed(
        title=e.title or "", description=e.description or "",
        fields=tuple((f.name or "", f.value or "") for f in e.fields),
        footer=(e.footer.text or "") if e.footer else "",
    )


class TranscriptReader:
    def __init__(self, home: Home) -> None:
        self.home = home

    def _is_secretariat(self, user: discord.abc.User) -> bool:
        role_id = self.home.role_id("secretariat")
        roles = getattr(user, "roles", None) or []
        return role_id is not None and any(r.id == role_id for r in roles)

    def _person(self, user: discord.abc.User) -> TranscriptPerson:
        return TranscriptPerson(name=user.display_name, secretariat=self._is_secretariat(user),
                                bot=user.bot)

    async def _attachment(self, a: discord.Attachment, keep: bool) -> TranscriptAttachment:
        data = None
        if keep:
            try:
                data = await a.read()
            except discord.HTTPException:
                log.warning("attachment %s could not be read", a.id, exc_info=True)
        return TranscriptAttachment(filename=a.filename, size=a.size, url=a.url,
                                    content_type=a.content_type, data=data)

    async def _reactions(self, m: discord.Message, people: dict[int, TranscriptPerson]
                         ) -> tuple[TranscriptReaction, ...]:
        out = []
        for reaction in m.reactions:
            users = [u async for u in reaction.users(limit=None)]
            for u in users:
                people.setdefault(u.id, self._person(u))
            out.append(TranscriptReaction(emoji=str(reaction.emoji), count=reaction.count,
                                          user_ids=tuple(u.id for u in users)))
        return tuple(out)

    async def message(self, m: discord.Message, *, keep: bool = False,
                      people: dict[int, TranscriptPerson] | None = None) -> TranscriptMessage:
        people = {} if people is None else people
        people.setdefault(m.author.id, self._person(m.author))
        for user in m.mentions:
            people.setdefault(user.id, self._person(user))
        return TranscriptMessage(
            id=m.id, author_id=m.author.id, author=m.author.display_name, at=m.created_at,
            content=m.system_content if m.is_system() else m.content,
            embeds=tuple(_embed(e) for e in m.embeds),
            attachments=tuple([await self._attachment(a, keep) for a in m.attachments]),
            reactions=await self._reactions(m, people) if keep else (),
            edited_at=m.edited_at,
        )

    async def history(self, channel: discord.abc.Messageable, *, keep: bool = False,
                      people: dict[int, TranscriptPerson] | None = None,
                      ) -> tuple[TranscriptMessage, ...]:
        return tuple([await self.message(m, keep=keep, people=people)
                      async for m in channel.history(limit=None, oldest_first=True)])

    async def transcript(self, channel_id: int) -> Transcript:
        guild = self.home.require_guild()
        channel = guild.get_channel(channel_id)
        if not isinstance(channel, discord.TextChannel):
            raise LookupError(f"the review channel {channel_id} no longer exists")
        threads: dict[int, discord.Thread] = {t.id: t for t in channel.threads}
        for private in (False, True):
            async for thread in channel.archived_threads(limit=None, private=private):
                threads.setdefault(thread.id, thread)
        people: dict[int, TranscriptPerson] = {}
        messages = await self.history(channel, keep=True, people=people)
        kept = tuple([TranscriptThread(id=t.id, name=t.name,
                                       messages=await self.history(t, keep=True, people=people))
                      for t in sorted(threads.values(), key=lambda t: t.id)])
        texts = [m.content for m in messages] + [m.content for t in kept for m in t.messages]
        texts += [f"{e.description} {' '.join(v for _, v in e.fields)}"
                  for m in [*messages, *(m for t in kept for m in t.messages)] for e in m.embeds]
        roles, channels = {}, {}
        wanted: set[int] = set()
        for text in texts:
            for found in USER_MENTION.findall(text):
                wanted.add(int(found))
            for found in ROLE_MENTION.findall(text):
                role = guild.get_role(int(found))
                if role is not None:
                    roles[role.id] = role.name
            for found in CHANNEL_MENTION.findall(text):
                named = guild.get_channel_or_thread(int(found))
                if named is not None:
                    channels[named.id] = named.name
        for user_id in sorted(wanted - set(people))[:MAX_LOOKUPS]:
            member = guild.get_member(user_id)
            if member is None:
                try:  # not in the cache (no members intent): asked once per archive
                    member = await guild.fetch_member(user_id)
                except discord.HTTPException:
                    continue
            people[user_id] = self._person(member)
        return Transcript(channel_id=channel.id, channel_name=channel.name, messages=messages,
                          threads=kept, people=people, roles=roles, channels=channels)

    async def delete_channel(self, channel_id: int, reason: str) -> bool:
        channel = self.home.require_guild().get_channel(channel_id)
        if channel is None:
            return False
        try:
            await channel.delete(reason=reason)
        except discord.NotFound:
            return False
        return True
