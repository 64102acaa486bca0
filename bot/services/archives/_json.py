"""The archive for machines: every message with its raw and readable text, its cards,
reactions and files (with their place in the ZIP and their SHA-256)."""

from __future__ import annotations

import json

from bot.domain.timefmt import iso_utc
from bot.ports.guild import TranscriptMessage
from bot.services.archives._context import ArchiveContext

FORMAT = "deskreview-archive/v2"


def _message(ctx: ArchiveContext, m: TranscriptMessage) -> dict[str, object]:
    return {
        "id": str(m.id), "author_id": str(m.author_id), "author": ctx.person(m.author_id),
        "at": iso_utc(m.at), "edited_at": iso_utc(m.edited_at) if m.edited_at else None,
        "content": m.content, "readable": ctx.text(m.content),
        "embeds": [{"title": e.title, "description": e.description,
                    "fields": [{"name": n, "value": v} for n, v in e.fields],
                    "footer": e.footer} for e in m.embeds],
        "reactions": [{"emoji": r.emoji, "count": r.count,
                       "user_ids": [str(u) for u in r.user_ids]} for r in m.reactions],
        "attachments": [{"filename": k.attachment.filename, "size": k.attachment.size,
                         "content_type": k.attachment.content_type, "path": k.path,
                         "sha256": k.sha256} for k in ctx.files_of(m)],
    }


def transcript_json(ctx: ArchiveContext, files: dict[str, str]) -> str:
    """``files``: every other file of the archive and its SHA-256."""
    view, review, t = ctx.view, ctx.view.review, ctx.transcript
    data = {
        "format": FORMAT,
        "exported_at": iso_utc(ctx.exported),
        "language": ctx.language.value,
        "zone": ctx.zone,
        "review": {
            "id": review.id, "sur": view.sur.code, "cluster": review.cluster,
            "reviewers": [{"party": r.party, "slot": r.slot, "source": r.source}
                          for r, _ in view.reviewers],
            "start": review.start.isoformat(),
            "closed_at": iso_utc(review.closed_at) if review.closed_at else None,
        },
        "channel": {"id": str(t.channel_id), "name": t.channel_name},
        "people": {str(uid): ctx.person(uid) for uid in sorted(t.people)},
        "messages": [_message(ctx, m) for m in t.messages],
        "threads": [{"id": str(th.id), "name": th.name,
                     "messages": [_message(ctx, m) for m in th.messages]} for th in t.threads],
        "files": dict(sorted(files.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
