"""`/draw status`: where each draw stands, in plain words, read from its log."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.draw_log_view import LogView
from bot.domain.draw_records import NoPair, entry_of
from bot.domain.drawlog import verify_log
from bot.services.draws._text import beacon_words, clip
from storage.draws import DrawRow

LIST_LIMIT = 15


def stage_words(view: LogView) -> str:
    if view.closed:
        return "closed: its reviewers are final"
    if view.result is None:
        return f"waiting for beacon round {view.waiting_round}"
    if view.pending is not None:
        return (f"result posted; a redraw for {view.pending.sur} is waiting for beacon "
                f"round {view.waiting_round}")
    return "result posted; redraws can be asked"


def list_draws(draws: Sequence[DrawRow]) -> str:
    if not draws:
        return "No draw has been opened yet."
    words = {"open": "waiting for its round", "computed": "result posted",
             "closed": "closed"}
    lines = [f"`{d.draw_id}` — {d.title} — cluster {d.cluster} — "
             + (words[d.status] if d.unused_reason is None else
                "not used" + (f", replaced by `{d.replaced_by}`" if d.replaced_by else ""))
             for d in draws[:LIST_LIMIT]]
    if len(draws) > LIST_LIMIT:
        lines.append(f"… and {len(draws) - LIST_LIMIT} older draws.")
    lines.append("Name a draw to see where it stands: `/draw status draw:`.")
    return clip("\n".join(lines))


def describe_draw(draw: DrawRow, view: LogView) -> str:
    manifest = view.m
    limit = manifest.rules.redraws.max_per_requester
    lines = [
        f"**Draw {draw.draw_id}: {draw.title}** — cluster {draw.cluster}",
        f"Stage: {stage_words(view)}." if draw.unused_reason is None else
        f"Stage: **not used**: {draw.unused_reason}."
        + (f" Draw `{draw.replaced_by}` replaces it." if draw.replaced_by else ""),
        f"Manifest SHA-256: `{draw.manifest_sha256}`",
        f"Beacon: {beacon_words(manifest.beacon.source, manifest.beacon.round)}.",
        f"States under review: {len(manifest.under_review)}.",
    ]
    if view.result is not None:
        state = view.state()
        failed = [s for s in state.order if isinstance(entry_of(state.entries[s]), NoPair)]
        lines.append(f"Without an admissible pair: {', '.join(failed) or 'none'}. Redraws done: "
                     f"{len(view.redraws)}.")
        asked = sorted(state.requests.items())
        if view.pending is not None:
            key = (view.pending.sur, view.pending.requested_by)
            asked = sorted({**dict(asked), key: dict(asked).get(key, 0) + 1}.items())
        if asked:
            lines.append("Redraw requests made (of " + str(limit) + " each): " + "; ".join(
                f"{by} for {sur}: {n}" for (sur, by), n in asked[:30]) + ".")
    if len(view.lines) == 1:
        lines.append("Log: the manifest alone; the beacon and the result follow when the round "
                     "comes." if draw.unused_reason is None else
                     "Log: the manifest alone; nothing was drawn with it.")
    else:
        report = verify_log(view.lines)
        if report.status == 0:
            lines.append(f"Log: {report.lines} lines; everything verified, beacon signatures "
                         "and publication before each round included.")
        elif report.ok:
            lines.append(f"Log: {report.lines} lines; every check that can be made holds, but "
                         f"not everything could be verified: {report.unverified[0]}"
                         + (f" (and {len(report.unverified) - 1} more)"
                            if len(report.unverified) > 1 else "") + ".")
        else:
            lines.append(f"Log: **does not verify**: {report.summary()}")
    lines.append("`/draw log` gives the log; `/draw verifier` the program that checks it.")
    return clip("\n".join(lines))
