"""Who acts: one type for the acting person, passed first to every use case.

A person is known by their Discord user id and by what the bot knows of them at the moment
they act (their roles, their State, the review whose channel they act in), which the access
table judges. When no person acts, the bot itself does (a scheduled job, a draw's result:
``SYSTEM``) or the command line on the server (``CLI``). The audit log names the actor by
``audit_name``: the user id, ``system`` or ``cli``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class ReviewScope:
    """The review a command runs in: its State under review and its reviewing States."""

    review_id: int
    sur: str
    reviewers: frozenset[str]

    @property
    def states(self) -> frozenset[str]:
        return self.reviewers | {self.sur}


@dataclass(frozen=True)
class Actor:
    """The person acting (or the bot, or the command line), at the moment they act."""

    user_id: int | None = None
    is_chair: bool = False
    is_secretariat: bool = False
    party: str | None = None
    person_role: str | None = None  # "focal_point", "expert" or "observer"
    review: ReviewScope | None = None
    no_person: Literal["system", "cli"] = "system"
    """Who acts when no person does: the bot itself or the command line."""

    @classmethod
    def person(cls, user_id: int) -> Actor:
        """A person of whom nothing more is known than who they are."""
        return cls(user_id=user_id)

    @property
    def audit_name(self) -> str:
        """How the audit log names the actor: the user id, ``system`` or ``cli``."""
        return str(self.user_id) if self.user_id is not None else self.no_person

    @property
    def person_id(self) -> int:
        """The acting person's user id, for what only a person does (answer a call, vote)."""
        if self.user_id is None:
            raise ValueError(f"no person acts here ({self.no_person})")
        return self.user_id

    @property
    def can_write(self) -> bool:
        return self.person_role in ("focal_point", "expert")


SYSTEM = Actor()
CLI = Actor(no_person="cli")
