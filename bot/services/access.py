"""Access checks: gather the facts about a person, judge them against the table, audit refusals."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from bot.domain.access import Facts, ReviewScope, allowed, needs_review, refusal
from bot.domain.errors import Refused
from bot.services.audit import AuditService
from bot.settings import Settings

PartyLookup = Callable[[int], Awaitable[tuple[str, str] | None]]
ReviewLookup = Callable[[int], Awaitable[ReviewScope | None]]


async def _no_party(_user_id: int) -> tuple[str, str] | None:
    return None


async def _no_review(_channel_id: int) -> ReviewScope | None:
    return None


def role_matches(setting: str, roles: Iterable[tuple[int, str]]) -> bool:
    """A role setting names a role by id or by name (names compare case-insensitively)."""
    wanted = setting.strip()
    for role_id, name in roles:
        if wanted.isdigit() and int(wanted) == role_id:
            return True
        if name.casefold() == wanted.casefold():
            return True
    return False


class AccessService:
    def __init__(self, settings: Settings, audit: AuditService) -> None:
        self.settings = settings
        self.audit = audit
        self.party_lookup: PartyLookup = _no_party
        self.review_lookup: ReviewLookup = _no_review

    async def facts(
        self, user_id: int, roles: Iterable[tuple[int, str]], channel_id: int | None
    ) -> Facts:
        roles = list(roles)
        person = await self.party_lookup(user_id)
        review = await self.review_lookup(channel_id) if channel_id is not None else None
        return Facts(
            user_id=user_id,
            is_chair=role_matches(self.settings.chair_role, roles),
            is_secretariat=role_matches(self.settings.secretariat_role, roles),
            party=person[0] if person else None,
            person_role=person[1] if person else None,
            review=review,
        )

    async def check(self, action: str, facts: Facts) -> None:
        """Raise ``Refused`` (and audit the refusal) unless the table allows this."""
        if allowed(action, facts):
            return
        await self.audit.record(
            facts.user_id, "access.refused", action,
            {"review": facts.review.review_id if facts.review else None},
        )
        raise Refused(refusal(action, facts))

    @staticmethod
    def in_review_only(action: str) -> bool:
        return needs_review(action)
