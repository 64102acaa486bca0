"""A review's outputs as files for its archive: every version's bytes and a manifest."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.domain.inputs import clean_filename
from bot.domain.outputs import clearers, is_agreed
from bot.domain.timefmt import iso_utc
from bot.ports import OutFile
from bot.services.reviews import ReviewView
from storage.outputs import OutputVersion


def _folder(version: OutputVersion) -> str:
    return f"{version.kind.value}-{version.party}" if version.party else version.kind.value


def version_path(version: OutputVersion) -> str:
    """'outputs/feedback-GHA/v2-feedback.docx': one path per version, never reused."""
    return f"outputs/{_folder(version)}/v{version.number}-{clean_filename(version.filename)}"


def manifest(view: ReviewView, versions: Sequence[OutputVersion]) -> dict[str, object]:
    """What the archive holds of the outputs, with each version's digest and clearances."""
    def entry(v: OutputVersion) -> dict[str, object]:
        needed = clearers(v.kind, v.party, view.sur.code, view.reviewer_codes)
        return {
            "kind": v.kind.value, "party": v.party or None, "version": v.number,
            "file": version_path(v), "filename": v.filename, "media_type": v.media_type,
            "size": v.size, "sha256": v.sha256, "uploaded_by": str(v.uploaded_by),
            "uploaded_party": v.uploaded_party, "uploaded_at": iso_utc(v.uploaded_at),
            "clearance_needed_from": list(needed),
            "agreed": is_agreed(needed, v.cleared_parties),
            "clearances": [{"party": c.party, "by": str(c.cleared_by),
                            "on_behalf_by_secretariat": c.on_behalf, "reason": c.reason,
                            "at": iso_utc(c.cleared_at)} for c in v.clearances],
            "marked_for_publication_at": iso_utc(v.published_at) if v.published_at else None,
        }
    return {"format": "deskreview-outputs/v1", "review": view.id, "sur": view.sur.code,
            "cluster": view.review.cluster, "versions": [entry(v) for v in versions]}


def archive_files(view: ReviewView, versions: Sequence[OutputVersion]) -> list[OutFile]:
    """The manifest first, then each version's bytes (``versions`` read with their data)."""
    data = json.dumps(manifest(view, versions), ensure_ascii=False, indent=2) + "\n"
    files = [OutFile("outputs/outputs.json", data.encode())]
    files += [OutFile(version_path(v), v.data) for v in versions if v.data is not None]
    return files
