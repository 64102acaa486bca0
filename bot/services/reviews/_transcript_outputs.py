"""The outputs of a review in its transcript: every version, its digest and its clearances."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.outputs import clearers, is_agreed
from bot.domain.timefmt import iso_utc
from bot.services.reviews._views import ReviewView
from storage.outputs import OutputVersion

_KIND = {"questionnaire": "Answers to the self-assessment questionnaire",
         "feedback": "Written feedback", "observations": "List of observations",
         "summary": "Summary"}


def _needed(view: ReviewView, v: OutputVersion) -> tuple[str, ...]:
    return clearers(v.kind, v.party, view.sur.code, view.reviewer_codes)


def outputs_markdown(view: ReviewView, versions: Sequence[OutputVersion]) -> list[str]:
    count = len(versions)
    out = [f"## Outputs ({count} version{'' if count == 1 else 's'})", ""]
    for v in versions:
        whose = f" of {v.party}" if v.party else ""
        agreed = "agreed" if is_agreed(_needed(view, v), v.cleared_parties) else "not agreed"
        out.append(f"- {_KIND[v.kind.value]}{whose}, version {v.number}: {v.filename} "
                   f"({v.size} bytes, SHA-256 {v.sha256}), submitted by id {v.uploaded_by} "
                   f"on {iso_utc(v.uploaded_at)}; {agreed}.")
        for c in v.clearances:
            how = (f"on its behalf by the secretariat (id {c.cleared_by}), reason: {c.reason}"
                   if c.on_behalf else f"by its focal point (id {c.cleared_by})")
            out.append(f"  - cleared for {c.party} {how}, {iso_utc(c.cleared_at)}")
        if v.published_at is not None:
            out.append(f"  - marked for publication by id {v.published_by}, "
                       f"{iso_utc(v.published_at)}")
    return [*(out if versions else ["## Outputs", "", "None."]), ""]


def outputs_json(view: ReviewView, versions: Sequence[OutputVersion]) -> list[dict[str, object]]:
    return [{
        "kind": v.kind.value, "party": v.party or None, "version": v.number,
        "filename": v.filename, "size": v.size, "sha256": v.sha256,
        "uploaded_by": str(v.uploaded_by), "uploaded_at": iso_utc(v.uploaded_at),
        "agreed": is_agreed(_needed(view, v), v.cleared_parties),
        "clearances": [{"party": c.party, "by": str(c.cleared_by), "on_behalf": c.on_behalf,
                        "reason": c.reason, "at": iso_utc(c.cleared_at)} for c in v.clearances],
        "published_at": iso_utc(v.published_at) if v.published_at else None,
    } for v in versions]
