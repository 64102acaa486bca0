"""Redraw requests (``draw-protocol.md`` sections 6 and 8.4): when one may be logged; building one.

The same check refuses a request in the bot (``/draw redraw``), in ``deskreview draw compute
--redraw`` and in the log verifier, with the same words.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.domain.beacon import first_round_after, time_of_round
from bot.domain.draw import DrawState
from bot.domain.draw_models import validate_request
from bot.domain.errors import InputError

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def parse_time(text: str) -> datetime:
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


def utc(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def check_redraw_request(state: DrawState, request: dict[str, Any]) -> None:
    """Raise :class:`InputError` unless ``request`` may be logged now, given ``state``.

    ``excluded`` must list exactly the States that have held the slot for this SUR, each once,
    in the order in which each first held it. For an ``additional:*`` slot that is every State
    placed as that side's additional reviewer, including those drawn when the main slot beside
    it was redrawn. ``requested_at`` may not precede a round already in the log, and the round
    must come after ``requested_at`` (so after every round in the log).
    """
    req = validate_request(request)
    m = state.m
    if req.draw_id != m.draw_id or req.manifest_sha256 != state.manifest_sha256:
        raise InputError("The request names another draw or another manifest.")
    entry = state.entries.get(req.sur)
    if entry is None or "failed" in entry:
        raise InputError(f"{req.sur} has no drawn reviewers in this draw to redraw.")
    held = state.holders.get((req.sur, req.slot), [])
    side = req.slot.removeprefix("additional:")
    if not held or (side != req.slot and side not in [a["slot"] for a in entry["additional"]]):
        raise InputError(f"{req.sur} has no reviewer on slot {req.slot}.")
    allowed = [req.sur, *state.reviewers(req.sur)]
    if req.requested_by not in allowed:
        raise InputError(f"{req.requested_by} may not ask for a redraw for {req.sur}: only "
                         f"the State under review or its reviewers may ({', '.join(allowed)}).")
    made = state.requests.get((req.sur, req.requested_by), 0)
    if req.attempt != made + 1:
        raise InputError(f"This is request number {made + 1} by {req.requested_by} for "
                         f"{req.sur}, but it says attempt {req.attempt}.")
    limit = m.rules.redraws.max_per_requester
    if req.attempt > limit and not (req.exceptional and (req.authorization or "").strip()):
        raise InputError(f"{req.requested_by} has used its {limit} redraws for {req.sur}; a "
                         "further one must be exceptional and say who authorised it.")
    if req.excluded != held:
        raise InputError(f"excluded must list exactly the States that have held {req.slot} "
                         f"for {req.sur}, each once, in the order they first held it: "
                         f"{', '.join(held)}.")
    if (req.beacon.source, req.beacon.chain_hash) != (m.beacon.source, m.beacon.chain_hash):
        raise InputError("The request must use the same beacon source as the manifest.")
    at, when = parse_time(req.requested_at).timestamp(), time_of_round(req.beacon.round)
    latest = time_of_round(state.last_round)
    if at < latest:
        raise InputError(f"Its requested_at ({req.requested_at}) is earlier than round "
                         f"{state.last_round} ({utc(latest)}), already in the log: a request "
                         "cannot be dated before randomness that was public when it was made.")
    if when <= at:
        raise InputError(f"Its beacon round {req.beacon.round} ({utc(when)}) is not later "
                         f"than its requested_at ({req.requested_at}).")
    if req.beacon.round <= state.last_round:
        raise InputError(f"Its beacon round {req.beacon.round} is not after round "
                         f"{state.last_round}, which was already public when it was logged.")


def make_redraw_request(
    state: DrawState, *, sur: str, slot: str, requested_by: str, reason: str,
    requested_at: datetime, notice_seconds: int, exceptional: bool = False,
    authorization: str | None = None,
) -> dict[str, Any]:
    """A complete, checked redraw request: attempt, excluded and beacon round filled in.

    The beacon round is the first one strictly after ``requested_at + notice_seconds``.
    """
    if requested_at.tzinfo is None:
        raise InputError("The time of the request must say its time zone.")
    at = requested_at.astimezone(UTC).replace(microsecond=0)
    request = {
        "type": "redraw_request", "scheme": state.m.scheme, "draw_id": state.m.draw_id,
        "manifest_sha256": state.manifest_sha256, "sur": sur, "slot": slot,
        "requested_by": requested_by,
        "attempt": state.requests.get((sur, requested_by), 0) + 1,
        "exceptional": exceptional, "authorization": authorization,
        "excluded": list(state.holders.get((sur, slot), [])), "reason": reason,
        "requested_at": at.strftime(TIME_FORMAT),
        "beacon": {"source": state.m.beacon.source, "chain_hash": state.m.beacon.chain_hash,
                   "round": first_round_after(at.timestamp(), notice_seconds)},
    }
    check_redraw_request(state, request)
    return request
