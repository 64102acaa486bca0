"""Access checks: gather the facts about a person, judge them against the table, audit refusals."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable

from bot.domain.access import allowed, needs_review, refusal
from bot.domain.actor import Actor, ReviewScope
from bot.domain.errors import Refused
from bot.domain.role_setting import RoleSettingError, resolve_role
from bot.services.audit import AuditService
from bot.settings import Settings

PartyLookup = Callable[[int], Awaitable[tuple[str, str] | None]]
ReviewLookup = Callable[[int], Awaitable[ReviewScope | None]]
ReviewRoleLookup = Callable[[int, int], Awaitable[tuple[str, str] | None]]


ROLE_SETTINGS = {"chair": "DESKREVIEW_CHAIR_ROLE", "secretariat": "DESKREVIEW_SECRETARIAT_ROLE"}


class AccessService:
    def __init__(self, settings: Settings, audit: AuditService, *, party_of: PartyLookup,
                 review_of: ReviewLookup, role_in_review_of: ReviewRoleLookup) -> None:
        self.settings = settings
        self.audit = audit
        self.party_lookup = party_of
        self.review_lookup = review_of
        self.review_role_lookup = role_in_review_of
        """(State, role) of a person in a review, as appointed for it; in a review's channel
        this decides, so that someone appointed for another review is not of this one."""
        self._role_ids: dict[str, tuple[str, int]] = {}  # kind -> (setting it came from, id)

    def _setting(self, kind: str) -> str:
        return self.settings.chair_role if kind == "chair" else self.settings.secretariat_role

    def role_id(self, kind: str) -> int | None:
        """The id the chair or secretariat setting was resolved to (None until resolved)."""
        found = self._role_ids.get(kind)
        if found is None or found[0] != self._setting(kind):
            return None
        return found[1]

    @property
    def roles_resolved(self) -> bool:
        return all(self.role_id(kind) is not None for kind in ROLE_SETTINGS)

    def resolve_roles(self, roles: Iterable[tuple[int, str]], *, strict: bool = True) -> None:
        """Resolve each role setting to one role id of the server, once.

        ``strict`` raises ``RoleSettingError`` for the first setting that names no role or
        several; otherwise such a setting simply stays unresolved (and grants nothing).
        A setting already resolved keeps its id: a role created later never replaces it.
        """
        roles = list(roles)
        for kind, env_name in ROLE_SETTINGS.items():
            if self.role_id(kind) is not None:
                continue
            setting = self._setting(kind)
            try:
                self._role_ids[kind] = (setting, resolve_role(env_name, setting, roles))
            except RoleSettingError:
                if strict:
                    raise

    async def actor(
        self, user_id: int, role_ids: Iterable[int], channel_id: int | None
    ) -> Actor:
        """The person acting, with what the access table judges: their roles, their State
        and the review whose channel (or thread) they act in."""
        held = set(role_ids)
        chair, secretariat = self.role_id("chair"), self.role_id("secretariat")
        review = await self.review_lookup(channel_id) if channel_id is not None else None
        if review is not None:
            person = await self.review_role_lookup(user_id, review.review_id)
        else:
            person = await self.party_lookup(user_id)
        return Actor(
            user_id=user_id,
            is_chair=chair is not None and chair in held,
            is_secretariat=secretariat is not None and secretariat in held,
            party=person[0] if person else None,
            person_role=person[1] if person else None,
            review=review,
        )

    async def check(self, actor: Actor, action: str) -> None:
        """Raise ``Refused`` (and audit the refusal) unless the table allows this."""
        if allowed(action, actor):
            return
        await self.audit.record(
            actor, "access.refused", action,
            {"review": actor.review.review_id if actor.review else None},
        )
        raise Refused(refusal(action, actor))

    @staticmethod
    def in_review_only(action: str) -> bool:
        return needs_review(action)
