"""What a cluster already holds when a new draw of it is opened."""

from __future__ import annotations

from bot.domain.draw_manifest import ClusterLoad
from bot.domain.errors import InputError
from bot.i18n import _
from storage.db import Tx
from storage.draws import cluster_assignments, draws_in_cluster, last_line_type
from storage.reviews import all_reviews, reviewers_of

NOT_CHANGED = "Nothing was changed."


async def check_cluster_free(tx: Tx, cluster: int, replaced: str | None) -> None:
    """Refuse a new draw while another of the cluster waits for a result (not ``replaced``)."""
    for other in await draws_in_cluster(tx, cluster):
        if other.unused_reason is not None or other.draw_id == replaced:
            continue  # never used: replaced by a draw of its own
        kind = await last_line_type(tx, other.draw_id)
        if kind in ("manifest", "redraw_request"):
            what = _("its result") if kind == "manifest" else _("the result of a redraw")
            raise InputError(_("Draw {draw_id} of cluster {cluster} is waiting for {what}. Open "
                               "the next draw once it is posted, so that it counts the reviews "
                               "already drawn. Nothing was changed.", draw_id=other.draw_id,
                               cluster=cluster, what=what))

async def cluster_load(tx: Tx, cluster: int) -> ClusterLoad:
    """The (SUR, reviewer) places the cluster already holds, and who already has reviewers."""
    pairs: list[tuple[str, str]] = []
    busy: dict[str, str] = {}
    reviewed: set[str] = set()
    for review in await all_reviews(tx):
        if review.cluster != cluster:
            continue
        reviewers = await reviewers_of(tx, review.id)
        reviewed.add(review.sur)
        pairs += [(review.sur, r.party) for r in reviewers]
        if reviewers and not review.closed:
            busy[review.sur] = f"review {review.id}"
    for draw_id, sur, party in await cluster_assignments(tx, cluster):
        if sur not in reviewed:
            pairs.append((sur, party))
            busy.setdefault(sur, f"draw {draw_id}")
    return ClusterLoad(tuple(pairs), busy)
