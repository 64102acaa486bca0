"""Who reads which language (README, section Languages).

Where only one person reads (ephemeral replies, forms, direct messages): the language the
person chose with ``/language``, else their Discord client's when it is one of the six, else
the review's, else English. Where a review's triad reads (its channel and threads): the
review's working language(s), one or two, set by the secretariat or a focal point of the
review. The draw channel and the secretariat's channel: the languages of a setting.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.clock import Clock
from bot.domain.actor import Actor, ReviewScope
from bot.domain.errors import InputError
from bot.i18n import Language, Listed, _, parse_languages
from bot.i18n.message import Msg
from bot.services.audit import AuditService
from storage import languages as rows
from storage.db import Store

DEFAULT: tuple[Language, ...] = (Language.EN,)


class LanguageService:
    """Every change goes through this service, so what it read once is kept in memory (a
    message to post or a reply to render costs no database read)."""

    def __init__(self, store: Store, clock: Clock, audit: AuditService) -> None:
        self.store, self.clock, self.audit = store, clock, audit
        self._people: dict[int, tuple[Language | None, Language | None]] = {}
        self._reviews: dict[int, tuple[Language, ...]] = {}

    async def _person(self, user_id: int) -> tuple[Language | None, Language | None]:
        if user_id not in self._people:
            async with self.store.read() as tx:
                self._people[user_id] = await rows.reader_languages(tx, user_id)
        return self._people[user_id]

    async def reader(self, user_id: int) -> Language | None:
        """The language a person chose, if they chose one."""
        return (await self._person(user_id))[0]

    async def direct(self, user_id: int) -> Language:
        """The language of a direct message: the one chosen, else the one the person's client
        showed when they last used the bot, else English."""
        chosen, client = await self._person(user_id)
        return chosen or client or Language.EN

    async def saw_client(self, user_id: int, language: Language) -> None:
        """Remember a person's client language (written only when it changed)."""
        chosen, client = await self._person(user_id)
        if client is language:
            return
        async with self.store.transaction() as tx:
            await rows.set_client_language(tx, user_id, language, now=self.clock.now())
        self._people[user_id] = (chosen, language)

    async def set_reader(self, actor: Actor, language: Language | None) -> Msg:
        """The language the acting person reads the bot in (None: their client's)."""
        user_id = actor.person_id
        _old, client = await self._person(user_id)
        async with self.store.transaction() as tx:
            await rows.set_chosen_language(tx, user_id, language, now=self.clock.now())
            await self.audit.record_in(tx, actor, "language.set", f"user {user_id}",
                                       {"language": language.value if language else None})
        self._people[user_id] = (language, client)
        if language is None:
            return _("You will now read the bot in your Discord client's language when it is "
                     "one of the six UN languages, otherwise in the review's or in English.")
        return _("From now on the bot writes to you in {language}: replies, forms and direct "
                 "messages.", language=language.native_name)

    async def review(self, review_id: int | None) -> tuple[Language, ...]:
        """A review's working language(s), English unless set."""
        if review_id is None:
            return DEFAULT
        if review_id not in self._reviews:
            async with self.store.read() as tx:
                self._reviews[review_id] = await rows.review_languages(tx, review_id) or DEFAULT
        return self._reviews[review_id]

    async def set_review(self, actor: Actor, review_id: int, first: str,
                         second: str | None) -> tuple[Language, ...]:
        try:
            chosen = parse_languages(",".join(v for v in (first, second) if v))
        except ValueError:
            raise InputError(_("Choose one or two of the six UN languages: Arabic, Chinese, "
                               "English, French, Russian or Spanish. Nothing was changed.")
                             ) from None
        async with self.store.transaction() as tx:
            await rows.set_review_languages(tx, review_id, chosen, by=actor.audit_name,
                                            now=self.clock.now())
            await self.audit.record_in(tx, actor, "review.language", f"review {review_id}",
                                       {"languages": [lang.value for lang in chosen]})
        self._reviews[review_id] = chosen
        return chosen


class Readers:
    """Who reads a channel and a person's direct messages, for the Discord side."""

    def __init__(self, languages: LanguageService,
                 scope: Callable[[int], Awaitable[ReviewScope | None]]) -> None:
        self.languages, self.scope = languages, scope
        self._review_of: dict[int, int] = {}  # a channel or thread stays in its review

    async def of_channel(self, channel_id: int) -> tuple[Language, ...] | None:
        if channel_id not in self._review_of:
            found = await self.scope(channel_id)
            if found is None:
                return None
            self._review_of[channel_id] = found.review_id
        return await self.languages.review(self._review_of[channel_id])

    async def of_person(self, user_id: int) -> Language:
        return await self.languages.direct(user_id)


def review_languages_set(languages: tuple[Language, ...]) -> Msg:
    return _("This review now works in {languages}: its status card, reminders, follow-ups and "
             "call announcements are written in them, one after the other.",
             languages=Listed(tuple(lang.native_name for lang in languages)))


__all__ = ["DEFAULT", "LanguageService", "Readers", "review_languages_set"]
