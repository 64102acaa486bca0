"""The transcript of a closed review's channel, as Markdown (to read) and JSON (to keep)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from bot.domain.timefmt import iso_utc
from bot.ports.guild import Transcript, TranscriptMessage
from bot.services.reviews._transcript_outputs import outputs_json, outputs_markdown
from bot.services.reviews._views import ReviewView
from storage.outputs import OutputVersion


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024**2 else (
        f"{n / 1024**2:.1f} MB")


def _markdown_message(m: TranscriptMessage) -> list[str]:
    when = m.at.strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"**{m.author}** (id {m.author_id}), {when}:"]
    body = m.content.strip()
    lines += [f"> {line}" if line else ">" for line in body.splitlines()] if body else []
    lines += [f"> [card] {text}" for text in m.embeds]
    lines += [f"- Attachment: {a.filename} ({_size(a.size)}) {a.url}" for a in m.attachments]
    return [*lines, ""]


def transcript_markdown(view: ReviewView, t: Transcript, exported: datetime,
                        outputs: Sequence[OutputVersion] = ()) -> str:
    review = view.review
    out = [
        f"# Transcript of #{t.channel_name}",
        "",
        f"Review of {view.sur.label}, cluster {review.cluster} ({view.cluster.title}).",
        "Reviewing States: " + (", ".join(p.label for _, p in view.reviewers) or "none") + ".",
        f"Started {review.start.isoformat()}; closed "
        f"{iso_utc(review.closed_at) if review.closed_at else '—'}; exported {iso_utc(exported)}.",
        "Confidential: for the States of this review and the secretariat.",
        "",
        f"## Channel ({len(t.messages)} messages)",
        "",
    ]
    for m in t.messages:
        out += _markdown_message(m)
    for thread in t.threads:
        out += [f"## Thread “{thread.name}” ({len(thread.messages)} messages)", ""]
        for m in thread.messages:
            out += _markdown_message(m)
    attachments = [a for m in t.messages for a in m.attachments] + [
        a for th in t.threads for m in th.messages for a in m.attachments]
    out += outputs_markdown(view, outputs)
    out += ["## Attachments", ""]
    out += [f"- {a.filename} ({_size(a.size)}): {a.url}" for a in attachments] or ["None."]
    return "\n".join(out) + "\n"


def _message_json(m: TranscriptMessage) -> dict[str, object]:
    return {
        "id": str(m.id), "author_id": str(m.author_id), "author": m.author, "at": iso_utc(m.at),
        "content": m.content, "embeds": list(m.embeds),
        "attachments": [a.model_dump() for a in m.attachments],
    }


def transcript_json(view: ReviewView, t: Transcript, exported: datetime,
                    outputs: Sequence[OutputVersion] = ()) -> str:
    review = view.review
    data = {
        "format": "deskreview-transcript/v1",
        "exported_at": iso_utc(exported),
        "review": {
            "id": review.id, "sur": view.sur.code, "cluster": review.cluster,
            "reviewers": [{"party": r.party, "slot": r.slot, "source": r.source}
                          for r, _ in view.reviewers],
            "start": review.start.isoformat(),
            "closed_at": iso_utc(review.closed_at) if review.closed_at else None,
        },
        "channel": {"id": str(t.channel_id), "name": t.channel_name},
        "messages": [_message_json(m) for m in t.messages],
        "threads": [{"id": str(th.id), "name": th.name,
                     "messages": [_message_json(m) for m in th.messages]} for th in t.threads],
        "outputs": outputs_json(view, outputs),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def transcript_files(
    view: ReviewView, t: Transcript, exported: datetime, outputs: Sequence[OutputVersion] = ()
) -> list[tuple[str, bytes]]:
    """The transcript, with the review's outputs (versions, digests, clearances) listed."""
    stem = f"transcript-{t.channel_name}-review-{view.id}"
    return [
        (f"{stem}.md", transcript_markdown(view, t, exported, outputs).encode()),
        (f"{stem}.json", transcript_json(view, t, exported, outputs).encode()),
    ]
