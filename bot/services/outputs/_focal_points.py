"""Who is a State's focal point for a review: the one lookup outputs need from the registry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from storage.db import Store
from storage.people import focal_point_of

FocalPointLookup = Callable[[int, str], Awaitable[int | None]]


def registry_lookup(store: Store) -> FocalPointLookup:
    """The focal point the registry names for the State (the same for all its reviews)."""

    async def focal_point_for(_review_id: int, party: str) -> int | None:
        async with store.read() as tx:
            person = await focal_point_of(tx, party)
        return person.user_id if person is not None else None

    return focal_point_for
