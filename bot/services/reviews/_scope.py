"""Which review a channel (or a thread of it) belongs to: the access checks and the languages
of a channel both ask, before any service is built."""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.actor import ReviewScope
from storage.db import Store
from storage.reviews import channel_row_by_id, get_review, reviewers_of

ParentLookup = Callable[[int], int | None]


async def review_scope(store: Store, parent_of: ParentLookup,
                       channel_id: int) -> ReviewScope | None:
    """The review whose channel (or a thread of it) this is, with its three States."""
    async with store.read() as tx:
        row = await channel_row_by_id(tx, channel_id)
        if row is None:
            parent = parent_of(channel_id)
            row = await channel_row_by_id(tx, parent) if parent is not None else None
        if row is None:
            return None
        review = await get_review(tx, row.review_id)
        reviewers = await reviewers_of(tx, row.review_id)
    if review is None:
        return None
    return ReviewScope(review.id, review.sur, frozenset(r.party for r in reviewers))
