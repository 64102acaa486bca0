"""Publishing a draw: post every log line that has no message yet.

Idempotent by construction: it reads the log and the table of posted messages and does only
what is missing, under one lock, so the round job, a command and the start-up repair can all
call it. A message is recorded as posted right after Discord accepted it. The assignments a
result decides are recorded by its hand-off job (``_assignments.py``), after it is posted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.clock import Clock
from bot.domain.beacon import time_of_round
from bot.domain.canonical import canon, sha256_hex
from bot.domain.draw import DrawState
from bot.domain.draw_log_view import LogView, read_log
from bot.domain.draw_records import Assignment, entry_of
from bot.domain.drawlog import join_log
from bot.ports import Messenger, OutMessage
from bot.ports.effects import effect_scope
from bot.services.draws._text import (
    close_messages,
    manifest_message,
    redraw_result_message,
    request_message,
    result_messages,
)
from bot.services.registry import COLUMN_LABELS
from storage.db import Store, Tx
from storage.draws import (
    add_draw_notice,
    draw_log_lines,
    draw_messages,
    forget_draw_notice,
    get_draw,
    redraw_requesters,
    save_draw_message,
)
from storage.effects import clear_effects
from storage.parties import all_parties

log = logging.getLogger(__name__)

PUBLISHED = ("manifest", "result", "redraw_request", "redraw_result", "close")


def assignment_rows(state: DrawState) -> list[tuple[str, str, str]]:
    """(sur, party, slot) for every reviewer now drawn, from the state after the log."""
    out: list[tuple[str, str, str]] = []
    for sur in state.order:
        entry = entry_of(state.entries[sur])
        if isinstance(entry, Assignment):
            out += [(sur, party, slot) for party, slot in entry.reviewers()]
    return out


class DrawPublisher:
    def __init__(
        self, store: Store, clock: Clock, messenger: Messenger,
        channel_of: Callable[[], int | None],
    ) -> None:
        self.store = store
        self.clock = clock
        self.messenger = messenger
        self.channel_of = channel_of
        self._lock = asyncio.Lock()

    def _channel(self) -> int:
        channel = self.channel_of()
        if channel is None:
            raise RuntimeError("the draw channel was not found (DESKREVIEW_DRAW_CHANNEL)")
        return channel

    async def posted_field(self, tx: Tx, draw_id: str, seq: int) -> dict[str, str] | None:
        """The ``posted`` field for the line after ``seq``: the message that published it."""
        if seq < 0:
            return None
        found = (await draw_messages(tx, draw_id)).get(seq)
        if found is None:
            return None
        return {"channel_id": str(found.channel_id), "message_id": str(found.message_id)}

    async def say_once(self, draw_id: str, notice: str, text: str) -> None:
        """Post a notice once; when Discord refuses it, it is said on the next try instead."""
        async with self.store.transaction() as tx:
            new = await add_draw_notice(tx, draw_id, notice, now=self.clock.now())
        if new:
            try:
                await self.messenger.post(self._channel(), OutMessage(text))
            except Exception:
                async with self.store.transaction() as tx:
                    await forget_draw_notice(tx, draw_id, notice)
                raise

    async def catch_up_quietly(self, draw_id: str) -> bool:
        """Like :meth:`catch_up`, but a failure is logged, not raised (the job tries again)."""
        try:
            await self.catch_up(draw_id)
        except Exception:
            log.warning("draw %s: could not post or announce everything yet", draw_id,
                        exc_info=True)
            return False
        return True

    async def catch_up(self, draw_id: str, *, late: bool = False) -> None:
        async with self._lock:
            async with self.store.read() as tx:
                draw = await get_draw(tx, draw_id)
                if draw is None or draw.unused_reason is not None:
                    return  # a draw never used is not published any further
                view = read_log(await draw_log_lines(tx, draw_id))
                posted = await draw_messages(tx, draw_id)
                names = {p.code: p.label for p in await all_parties(tx)}
                users = await redraw_requesters(tx, draw_id)
            missing = [s for s, k in enumerate(view.kinds) if k in PUBLISHED and s not in posted]
            if missing:
                channel = self._channel()
            for seq in missing:
                messages = self._render(view, seq, names, users.get(seq), late)
                # each part is recorded as it lands; a retry posts only the parts missing
                with effect_scope(f"draw:{draw_id}:line:{seq}") as scope:
                    ids = [await self.messenger.post(channel, m) for m in messages]
                async with self.store.transaction() as tx:
                    await save_draw_message(tx, draw_id, seq, channel, ids[0],
                                            now=self.clock.now())
                    await clear_effects(tx, scope)

    def _render(self, view: LogView, seq: int, names: dict[str, str], user: int | None,
                late: bool) -> list[OutMessage]:
        kind, manifest = view.kinds[seq], view.m
        if kind == "manifest":
            registry = manifest.info.registry
            per_sur = {s: [c for c, codes in registry.unconfirmed.items() if s in codes]
                       for s in manifest.under_review}
            after_round = self.clock.now().timestamp() >= time_of_round(manifest.beacon.round)
            return [manifest_message(
                manifest, view_sha(view), no_group=registry.no_group,
                unconfirmed=registry.unconfirmed, sur_unconfirmed=per_sur,
                column_labels=COLUMN_LABELS, late=after_round)]
        if kind == "result":
            assert view.result is not None
            return result_messages(manifest, view.beacon_before(seq), view.result, names,
                                   late=late)
        if kind == "redraw_request":
            request = view.request_at(seq)
            limit = manifest.rules.redraws.max_per_requester
            return [request_message(request, request.excluded[-1], limit, seq, names, user)]
        if kind == "redraw_result":
            outcome = view.redraw_result_at(seq)
            state = view.state(redraws=view.kinds[:seq].count("redraw_result") + 1)
            return [redraw_result_message(
                manifest.draw_id, view.request_before(seq), view.beacon_before(seq), outcome,
                entry_of(state.entries[outcome.sur]), names, seq, late=late)]
        return close_messages(manifest, view.close_at(seq).final,
                              join_log(view.lines[: seq + 1]), names)


def view_sha(view: LogView) -> str:
    """The manifest's SHA-256, of its line's body as logged."""
    return sha256_hex(canon(view.entries[0].body))
