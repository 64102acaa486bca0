"""Was a commitment published before its round? (``draw-protocol.md`` section 8.5).

The manifest and each redraw request must be posted in the draw channel strictly before the
time of their beacon round: the message's id, a Discord snowflake, carries Discord's own time.
When that did not happen (Discord refused the posts until the round had come), the line must
not be used with that round: anyone might have known the outcome before the commitment was
public. This module says whether, and why, and what the draw service does then: a manifest
is never used (a new draw with the same States is announced for a new round, and the channel is
told); a request is not drawn with its round (and the channel is told).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.domain.beacon import time_of_round
from bot.domain.draw_evidence import message_time_ms
from bot.domain.errors import InputError
from bot.services.draws._publisher import DrawPublisher
from storage.db import Store
from storage.draws import DrawRow, draw_messages, get_draw, set_draw_unused


async def too_late(store: Store, draw_id: str, seq: int, round_: int) -> str | None:
    """Why line ``seq`` (the manifest or a request) was not published before ``round_``."""
    async with store.read() as tx:
        found = (await draw_messages(tx, draw_id)).get(seq)
    due = time_of_round(round_)
    what = "its manifest" if seq == 0 else f"its redraw request (log line {seq + 1})"
    if found is None:
        return (f"{what} could not be posted in the draw channel before beacon round {round_} "
                f"(<t:{due}:F>)")
    posted = message_time_ms(found.message_id) // 1000
    if posted >= due:
        return (f"{what} was posted only at <t:{posted}:F>, not before beacon round {round_} "
                f"(<t:{due}:F>)")
    return None


async def not_used(
    store: Store, publisher: DrawPublisher, draw: DrawRow, seq: int, problem: str,
    open_again: Callable[[str], Awaitable[None]],
) -> None:
    """Line ``seq`` of ``draw`` was published too late (``problem``): act on it, say so."""
    if seq > 0:  # a request: the log cannot go on past it with this round
        await publisher.say_once(draw.draw_id, f"late-request:{seq}", (
            f"Draw {draw.draw_id}: {problem}. So nothing is drawn with that round: anyone could "
            "have known its outcome before the request was public. The request stays "
            "unanswered in the log, and the reviewers drawn so far stay as they are."))
        return
    why = f"{problem}; anyone could have known the outcome before the manifest was public"
    try:
        await open_again(why)  # opens the new draw and marks this one, in one transaction
    except InputError as exc:
        async with store.transaction() as tx:
            await set_draw_unused(tx, draw.draw_id, f"{why} (no new draw: {exc})", None)
    await say_not_used(store, publisher, draw.draw_id)


async def say_not_used(store: Store, publisher: DrawPublisher, draw_id: str) -> None:
    """Tell the draw channel, once, that a draw is not used and what replaces it."""
    async with store.read() as tx:
        draw = await get_draw(tx, draw_id)
        new = await get_draw(tx, draw.replaced_by) if draw and draw.replaced_by else None
    if draw is None or draw.unused_reason is None:
        return
    instead = (f"it is replaced by draw **{new.draw_id}**, with the same States, for beacon "
               f"round {new.beacon_round} (<t:{time_of_round(new.beacon_round)}:F>)"
               if new else "the chair can open it again with `/draw open`")
    await publisher.say_once(draw_id, "not-used", (
        f"Draw {draw_id} will not be used: {draw.unused_reason}. Nothing was drawn with it; "
        f"{instead}."))
