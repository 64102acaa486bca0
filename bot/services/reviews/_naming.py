"""A review named by a person in a command option: its id as the list suggests, or "KEN 1"."""

from __future__ import annotations

from typing import Protocol

from bot.domain.actor import Actor
from bot.domain.errors import InputError
from bot.i18n import _
from bot.services.reviews._views import ReviewView


class ReviewService(Protocol):
    async def find(self, sur: str, cluster: int) -> ReviewView: ...
    async def visible_views(self, actor: Actor) -> list[ReviewView]: ...
    async def view(self, review_id: int) -> ReviewView: ...


async def resolve_named(actor: Actor, service: ReviewService, text: str) -> int:
    """The review named in a command option: its id (as the list suggests), or "KEN 1"."""
    words = text[:100].replace(",", " ").replace(":", " ").split()
    if len(words) == 1 and words[0].isdigit() and len(words[0]) <= 18:
        review_id = int(words[0])
    elif len(words) == 2 and words[1].isdigit() and len(words[1]) <= 2:
        review_id = (await service.find(words[0], int(words[1]))).id
    else:
        raise InputError(_("Choose the review from the list, or write the State's code and "
                           "the cluster, for example “KEN 1”."))
    visible = actor.is_secretariat or review_id in {v.id for v in await service.visible_views(
        actor)}
    if not visible:  # an id that is not one's own reads like one that does not exist
        raise InputError(_("No review of yours has that name. Choose it from the list."))
    await service.view(review_id)
    return review_id
