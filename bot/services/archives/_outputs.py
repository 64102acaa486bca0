"""The review's outputs in its archive: the files of every version (from the outputs feature)
and, in the transcript, one line per version with its digest and its clearances."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.domain.outputs import OutputKind
from bot.domain.timefmt import parse_iso_utc
from bot.i18n import Msg, Verbatim, _, _n, render
from bot.services.archives._context import ArchiveContext, Entry, Gatherer
from bot.services.archives._text import size
from bot.services.outputs import OutputService, title
from bot.services.reviews import ReviewView

MANIFEST = "outputs/outputs.json"


def outputs_gatherer(service: OutputService) -> Gatherer:
    """The outputs section of the archive: every version's bytes and their manifest."""
    async def gather(view: ReviewView) -> Sequence[Entry]:
        return [Entry(f.name, f.data) for f in await service.archive(view.id)]
    return gather


def _versions(ctx: ArchiveContext) -> list[dict[str, Any]] | None:
    found = next((e for e in ctx.extra if e.path == MANIFEST), None)
    if found is None:
        return None
    return list(json.loads(found.data)["versions"])


def heading(ctx: ArchiveContext) -> str | None:
    versions = _versions(ctx)
    if versions is None:
        return None
    return render(_n("Outputs ({count} version)", "Outputs ({count} versions)", len(versions)),
                  ctx.language)


def _when(ctx: ArchiveContext, at: str) -> str:
    return ctx.when(parse_iso_utc(at)) if at else "—"


def lines(ctx: ArchiveContext) -> list[tuple[str, str | None, list[str]]]:
    """(the version's line, its file in the ZIP, the lines under it) for each version."""
    out = []
    for v in _versions(ctx) or []:
        what = title(ctx.view, OutputKind(v["kind"]), v["party"] or "")
        line: Msg = _("{what}, version {version}: {file} ({size}, SHA-256 {sha}), submitted by "
                      "{who} on {when}; {agreed}.", what=what, version=v["version"],
                      file=Verbatim(v["filename"]), size=Verbatim(size(v["size"], ctx.language)),
                      sha=Verbatim(v["sha256"]), who=ctx.person(int(v["uploaded_by"])),
                      when=Verbatim(_when(ctx, v["uploaded_at"])),
                      agreed=_("agreed") if v["agreed"] else _("not agreed"))
        under = []
        for c in v["clearances"]:
            state = Verbatim(c["party"])
            who, at = ctx.person(int(c["by"])), Verbatim(_when(ctx, c["at"]))
            under.append(render(
                _("cleared for {state} on its behalf by the secretariat ({who}), reason: "
                  "{reason}, {when}", state=state, who=who, reason=Verbatim(c["reason"]),
                  when=at) if c["on_behalf_by_secretariat"] else
                _("cleared for {state} by its focal point {who}, {when}", state=state,
                  who=who, when=at), ctx.language))
        if v["marked_for_publication_at"]:
            under.append(render(_("marked for publication, {when}", when=Verbatim(
                _when(ctx, v["marked_for_publication_at"]))), ctx.language))
        out.append((render(line, ctx.language), v["file"], under))
    return out


__all__ = ["MANIFEST", "heading", "lines", "outputs_gatherer"]
