"""`/draw status`: where each draw stands, in plain words, read from its log."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.draw_log_view import LogView
from bot.domain.draw_records import NoPair, entry_of
from bot.domain.drawlog import verify_log
from bot.i18n import Joined, Msg, Verbatim, _, _p, lines
from bot.ports import Textual
from bot.services.draws._text import beacon_words
from storage.draws import DrawRow

LIST_LIMIT = 15


def stage_words(view: LogView) -> Msg:
    if view.closed:
        return _("closed: its reviewers are final")
    if view.result is None:
        return _("waiting for beacon round {round}", round=Verbatim(str(view.waiting_round)))
    if view.pending is not None:
        return _("result posted; a redraw for {sur} is waiting for beacon round {round}",
                 sur=view.pending.sur, round=Verbatim(str(view.waiting_round)))
    return _("result posted; redraws can be asked")


_STATUS_WORDS = {"open": _p("draw status", "waiting for its round"),
                 "computed": _p("draw status", "result posted"),
                 "closed": _p("draw status", "closed")}


def _state(draw: DrawRow) -> Msg:
    if draw.unused_reason is None:
        return _STATUS_WORDS[draw.status]
    if draw.replaced_by:
        return _("not used, replaced by `{draw}`", draw=Verbatim(str(draw.replaced_by)))
    return _("not used")


def list_draws(draws: Sequence[DrawRow]) -> Textual:
    if not draws:
        return _("No draw has been opened yet.")
    out: list[Textual] = [
        _("`{draw}` — {title} — cluster {cluster} — {state}", draw=Verbatim(d.draw_id),
          title=Verbatim(d.title), cluster=d.cluster, state=_state(d))
        for d in draws[:LIST_LIMIT]]
    if len(draws) > LIST_LIMIT:
        out.append(_("… and {count} older draws.", count=len(draws) - LIST_LIMIT))
    out.append(_("Name a draw to see where it stands: `/draw status draw:`."))
    return lines(*out)


def _stage(draw: DrawRow, view: LogView) -> Msg:
    if draw.unused_reason is None:
        return _("Stage: {stage}.", stage=stage_words(view))
    reason = Verbatim(draw.unused_reason)
    if draw.replaced_by:
        return _("Stage: **not used**: {reason}. Draw `{draw}` replaces it.", reason=reason,
                 draw=Verbatim(str(draw.replaced_by)))
    return _("Stage: **not used**: {reason}.", reason=reason)


def describe_draw(draw: DrawRow, view: LogView) -> Textual:
    manifest = view.m
    limit = manifest.rules.redraws.max_per_requester
    out: list[Textual] = [
        _("**Draw {draw}: {title}** — cluster {cluster}", draw=Verbatim(draw.draw_id),
          title=Verbatim(draw.title), cluster=draw.cluster),
        _stage(draw, view),
        _("Manifest SHA-256: `{sha}`", sha=Verbatim(draw.manifest_sha256)),
        _("Beacon: {beacon}.", beacon=beacon_words(manifest.beacon.source, manifest.beacon.round)),
        _("States under review: {count}.", count=len(manifest.under_review)),
    ]
    if view.result is not None:
        state = view.state()
        failed = [s for s in state.order if isinstance(entry_of(state.entries[s]), NoPair)]
        out.append(_("Without an admissible pair: {failed}. Redraws done: {count}.",
                     failed=Verbatim(", ".join(failed)) if failed else _p("no States", "none"),
                     count=len(view.redraws)))
        asked = sorted(state.requests.items())
        if view.pending is not None:
            key = (view.pending.sur, view.pending.requested_by)
            asked = sorted({**dict(asked), key: dict(asked).get(key, 0) + 1}.items())
        if asked:
            out.append(_("Redraw requests made (of {limit} each): {requests}.", limit=limit,
                         requests=Joined(tuple(_("{by} for {sur}: {count}", by=by, sur=sur,
                                                 count=n) for (sur, by), n in asked[:30]),
                                         "; ")))
    out.append(_log_words(draw, view))
    out.append(_("`/draw log` gives the log; `/draw verifier` the program that checks it."))
    return lines(*out)


def _log_words(draw: DrawRow, view: LogView) -> Msg:
    if len(view.lines) == 1:
        if draw.unused_reason is None:
            return _("Log: the manifest alone; the beacon and the result follow when the round "
                     "comes.")
        return _("Log: the manifest alone; nothing was drawn with it.")
    report = verify_log(view.lines)
    if report.status == 0:
        return _("Log: {count} lines; everything verified, beacon signatures and publication "
                 "before each round included.", count=report.lines)
    if report.ok:
        if len(report.unverified) > 1:
            return _("Log: {count} lines; every check that can be made holds, but not "
                     "everything could be verified: {first} (and {more} more).",
                     count=report.lines, first=Verbatim(report.unverified[0]),
                     more=len(report.unverified) - 1)
        return _("Log: {count} lines; every check that can be made holds, but not everything "
                 "could be verified: {first}.", count=report.lines,
                 first=Verbatim(report.unverified[0]))
    return _("Log: **does not verify**: {summary}", summary=Verbatim(report.summary()))
